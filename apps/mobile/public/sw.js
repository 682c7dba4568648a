/*
 * 同心 phone app service worker, hand-written and small:
 *  - install: precache the app shell (index.html), the manifest and the scripts and styles the
 *    shell names, so the app opens offline (its data never is: that needs the network);
 *  - /m/assets/* (content-hashed file names): cache first, they never change;
 *  - navigations under /m/: network first, the cached shell when offline;
 *  - /api/*: never touched, never cached (personal data, live streams).
 * Bump VERSION when this file's caching rules change; old caches are removed on activate.
 */
const VERSION = 'v1';
const SHELL_CACHE = `tx-shell-${VERSION}`;
const ASSET_CACHE = `tx-assets-${VERSION}`;
const SCOPE = new URL(self.registration.scope).pathname; // '/m/'
const SHELL = `${SCOPE}index.html`;
const PRECACHE = [SHELL, `${SCOPE}manifest.webmanifest`, `${SCOPE}icon-192.png`];
const MAX_ASSETS = 80; // old builds' hashed files are dropped, oldest first

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => caches.open(SHELL_CACHE))
      .then((cache) => cache.match(SHELL))
      .then((shell) => shell && cacheShellAssets(shell))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith('tx-') && k !== SHELL_CACHE && k !== ASSET_CACHE).map((k) => caches.delete(k))),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname === '/api') return;
  if (!url.pathname.startsWith(SCOPE)) return;

  if (url.pathname.startsWith(`${SCOPE}assets/`)) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === 'navigate') {
    event.respondWith(networkFirstShell(request));
  }
});

async function cacheFirst(request) {
  const cache = await caches.open(ASSET_CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) {
    await cache.put(request, response.clone());
    const keys = await cache.keys();
    await Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_ASSETS)).map((key) => cache.delete(key)));
  }
  return response;
}

async function networkFirstShell(request) {
  const cache = await caches.open(SHELL_CACHE);
  try {
    const response = await fetch(request);
    // Every page of the app is the same shell (history routing): keep the freshest copy.
    if (response.ok && (response.headers.get('content-type') || '').includes('text/html')) {
      await cache.put(SHELL, response.clone());
      cacheShellAssets(response.clone()).catch(() => {});
    }
    return response;
  } catch (error) {
    const shell = await cache.match(SHELL);
    if (shell) return shell;
    throw error;
  }
}

/** The scripts and styles the shell loads first (hashed names read from it), so it opens offline. */
async function cacheShellAssets(shell) {
  const html = await shell.text();
  const urls = [...html.matchAll(/(?:src|href)="([^"]*\/assets\/[^"]+)"/g)].map((m) => new URL(m[1], self.location.origin).href);
  const cache = await caches.open(ASSET_CACHE);
  const missing = [];
  for (const url of new Set(urls)) if (!(await cache.match(url))) missing.push(url);
  await cache.addAll(missing);
}
