#!/usr/bin/env node
// Dependency rules that an import-cycle check cannot see (madge covers cycles):
//  - a server module uses another module only through that module's index.ts;
//  - src/platform never imports a module (modules depend on the platform, not the reverse);
//  - packages/shared imports nothing from apps/;
//  - the front ends never import server code.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const problems = [];

function walk(dir) {
  let out = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) out = out.concat(walk(p));
    else if (/\.(ts|vue|mjs)$/.test(entry)) out.push(p);
  }
  return out;
}

function imports(file) {
  const src = readFileSync(file, 'utf8');
  return [...src.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
}

const rel = (p) => relative(root, p).split(sep).join('/');
const modulesDir = join(root, 'apps/server/src/modules');
const platformDir = join(root, 'apps/server/src/platform');

for (const file of walk(join(root, 'apps/server/src'))) {
  for (const spec of imports(file)) {
    if (!spec.startsWith('.')) continue;
    const target = resolve(dirname(file), spec);
    if (!target.startsWith(modulesDir + sep)) continue;
    const [targetModule, ...rest] = relative(modulesDir, target).split(sep);
    if (file.startsWith(platformDir + sep)) {
      problems.push(`${rel(file)}: the platform imports module ${targetModule} (${spec})`);
      continue;
    }
    const fromModule = file.startsWith(modulesDir + sep) ? relative(modulesDir, file).split(sep)[0] : null;
    if (fromModule !== targetModule && rest.join('/') !== 'index.js') {
      problems.push(`${rel(file)}: reaches into module ${targetModule} through ${spec}; import its index.js`);
    }
  }
}

for (const [dir, forbidden, why] of [
  ['packages/shared/src', /(^|\/)apps\//, 'shared imports an app'],
  ['apps/admin/src', /apps\/server|\/server\/src/, 'the console imports server code'],
  ['apps/mobile/src', /apps\/server|\/server\/src/, 'the phone app imports server code'],
]) {
  if (!existsSync(join(root, dir))) continue;
  for (const file of walk(join(root, dir))) {
    for (const spec of imports(file)) {
      const target = spec.startsWith('.') ? rel(resolve(dirname(file), spec)) : spec;
      if (forbidden.test(target)) problems.push(`${rel(file)}: ${why} (${spec})`);
    }
  }
}

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('✔ module boundaries hold');
