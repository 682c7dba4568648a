#!/usr/bin/env node
// Fresh start → ready (/readyz answers 200) on a new PGlite data directory, then a warm restart.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { figure, writeFigures } from './support.mjs';

const port = 4390;
const dir = mkdtempSync(join(tmpdir(), 'tongxin-bench-start-'));
const env = {
  ...process.env,
  PORT: String(port),
  DATA_DIR: dir,
  DATABASE_URL: '',
  LOG_LEVEL: 'warn',
  TONGXIN_DATA_KEY: randomBytes(32).toString('base64'),
};

async function startOnce(label) {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  for (;;) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (performance.now() - t0 > 120_000) throw new Error('not ready after 120 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  const ms = performance.now() - t0;
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  console.log(`${label.padEnd(32)} ${(ms / 1000).toFixed(2)} s`);
  return ms;
}

try {
  console.log(`Node ${process.version}, data dir ${dir}`);
  const fresh = await startOnce('fresh start (initdb+seed)');
  const warm = await startOnce('later start (same data)');
  console.log(
    `\nfigure                           value     target\nfresh start to ready             ${(fresh / 1000).toFixed(2)} s    ≤ 30 s\nlater start to ready             ${(warm / 1000).toFixed(2)} s    ≤ 5 s`,
  );
  writeFigures([
    figure('fresh start to ready (PGlite, demo seed)', Number((fresh / 1000).toFixed(2)), 's', {
      target: '≤ 30 s',
      met: fresh <= 30_000,
      note: 'initdb, migrations, demo seed',
    }),
    figure('later start to ready (same data)', Number((warm / 1000).toFixed(2)), 's', { target: '≤ 5 s', met: warm <= 5_000 }),
  ]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
