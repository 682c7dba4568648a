#!/usr/bin/env node
// Build the console (apps/admin) and the phone app (apps/mobile) with Vite.
//
//   node scripts/build-apps.mjs             build both
//   node scripts/build-apps.mjs --if-stale  build only an app whose sources changed since its last build
//
// `npm start` uses --if-stale so that a later start does not pay for a build it does not need.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const vite = join(root, 'node_modules/vite/bin/vite.js');
const ifStale = process.argv.includes('--if-stale');
const apps = ['apps/admin', 'apps/mobile'];
const shared = ['packages/shared/src', 'packages/shared/package.json'];

function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let max = s.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    max = Math.max(max, newest(join(path, entry)));
  }
  return max;
}

let failed = false;
for (const app of apps) {
  const stamp = join(app, 'dist', '.build-stamp');
  if (ifStale && existsSync(stamp)) {
    const sources = Math.max(newest(app), ...shared.map(newest));
    if (sources <= statSync(stamp).mtimeMs) {
      console.log(`${app}: up to date`);
      continue;
    }
  }
  const started = Date.now();
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: app, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`${app}: build failed`);
    failed = true;
    continue;
  }
  writeFileSync(stamp, new Date().toISOString());
  console.log(`${app}: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
process.exit(failed ? 1 : 0);
