#!/usr/bin/env node
// Gzipped JavaScript of each built app, and of the phone app's first screen (the scripts its
// index.html loads plus their static imports). Run `npm run build` first.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { gzipSync } from 'node:zlib';

const gz = (file) => gzipSync(readFileSync(file)).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

function walk(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

function firstScreen(dist, base) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entry = [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+\.js)"/g)].map((m) => m[1]);
  const seen = new Set();
  const queue = entry.map((u) => resolve(dist, u.replace(base, '')));
  while (queue.length) {
    const file = queue.pop();
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    // Static imports only: `import … from "./x.js"` / `import "./x.js"` (dynamic import() is lazy).
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/(?:^|[;\n}])\s*import\s*(?:[^'"()]*?from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g))
      queue.push(resolve(dirname(file), m[1]));
  }
  return [...seen].reduce((s, f) => s + gz(f), 0);
}

for (const [name, dist, base] of [
  ['admin (console)', 'apps/admin/dist', '/'],
  ['mobile (phone app)', 'apps/mobile/dist', '/m/'],
]) {
  if (!existsSync(join(dist, 'index.html'))) {
    console.log(`${name}: not built`);
    continue;
  }
  const js = walk(dist).filter((f) => f.endsWith('.js') && !f.endsWith('sw.js'));
  const total = js.reduce((s, f) => s + gz(f), 0);
  console.log(`${name.padEnd(20)} all JS ${kb(total).padStart(10)} gz   first screen ${kb(firstScreen(dist, base)).padStart(10)} gz`);
}
console.log('target: phone app first screen ≤ 250 KB gz');
