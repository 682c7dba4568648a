#!/usr/bin/env node
// `npm run bench`: every benchmark in sequence, each printing its own table as it goes, then ONE
// table of all their figures — value, baseline measured in the same run, ratio, target, met — and
// the machine it ran on.
//
//   npm run bench                                  every bench at its full size
//   npm run bench -- --quick                       small sizes: the whole run in a few minutes
//   npm run bench -- --only signup,hot-reads       some of them (start, import, signup, claim, redeem, hot-reads, regions)
//   npm run bench -- --scale 0.1                   the city scale for the benches that build a city
//   npm run bench -- --markdown docs/bench-latest.md   also write the table as Markdown
//
// Each bench writes its figures as JSON (`--json <file>`, see figure() in support.mjs); a bench
// that exits non-zero (a crash or a failed correctness check) is listed as such, and the run exits 1.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { optText, table } from './support.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const scale = optText('scale', null);
const markdown = optText('markdown', null);

// Order matters a little: the start bench wants a quiet machine, the long ones come later.
// Quick sizes keep each under a minute or so on 2 shared cores.
const BENCHES = [
  { name: 'start', args: [] },
  { name: 'import', args: quick ? ['--rows', '20000'] : [] },
  { name: 'signup', args: quick ? ['--volunteers', '512', '--capacity', '128', '--rounds', '2'] : [] },
  { name: 'claim', args: quick ? ['--volunteers', '128', '--requests', '8', '--rounds', '2'] : [] },
  { name: 'redeem', args: quick ? ['--volunteers', '256', '--stock', '32', '--rounds', '2'] : [] },
  {
    name: 'hot-reads',
    args: quick ? ['--volunteers', '500', '--activities', '20', '--seconds', '5', '--warmup', '2'] : [],
  },
  // Region figures at a city scale; the bench arrives with the city generator (issue 7).
  { name: 'regions', args: scale ? ['--scale', scale] : [], optional: true },
];

const known = BENCHES.map((b) => b.name);
const only = optText('only', null)
  ?.split(',')
  .map((s) => s.trim());
for (const name of only ?? []) if (!known.includes(name)) throw new Error(`unknown bench "${name}" (known: ${known.join(', ')})`);
const chosen = BENCHES.filter((b) => !only || only.includes(b.name));

async function postgresVersion() {
  const c = new pg.Client({ connectionString: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
  try {
    await c.connect();
    return `PostgreSQL ${(await c.query('show server_version')).rows[0].server_version}`;
  } catch (e) {
    return `PostgreSQL unreachable (${e.message})`;
  } finally {
    await c.end().catch(() => {});
  }
}

const dir = mkdtempSync(join(tmpdir(), 'tongxin-bench-run-'));
const loadBefore = loadavg()[0];
const started = new Date();
const rows = [];
const failures = [];
try {
  for (const b of chosen) {
    const script = join(here, `${b.name}.mjs`);
    if (!existsSync(script)) {
      if (!b.optional) throw new Error(`${script} is missing`);
      console.log(`\n=== ${b.name}: not measured yet (bench/${b.name}.mjs does not exist)`);
      rows.push({ figure: `${b.name}: not measured yet`, value: null, note: `bench/${b.name}.mjs does not exist` });
      continue;
    }
    const json = join(dir, `${b.name}.json`);
    console.log(`\n=== ${b.name}: node bench/${b.name}.mjs ${b.args.join(' ')}`);
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [script, ...b.args, '--json', json], { stdio: 'inherit' });
    const seconds = (performance.now() - t0) / 1000;
    console.log(`=== ${b.name}: ${r.status === 0 ? 'done' : `FAILED (exit ${r.status ?? r.signal})`} in ${seconds.toFixed(0)} s`);
    if (existsSync(json)) rows.push(...JSON.parse(readFileSync(json, 'utf8')));
    if (r.status !== 0) {
      failures.push(b.name);
      rows.push({ figure: `${b.name}: FAILED (exit ${r.status ?? r.signal})`, value: null, met: false, note: 'see its output above' });
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const num = (x) => (Number.isInteger(x) ? x.toLocaleString('en') : String(x));
const cell = (value, unit) => (value === null || value === undefined ? '' : `${num(value)}${unit ? ` ${unit}` : ''}`);
const lines = table([
  ['figure', 'value', 'baseline (same run)', 'ratio', 'target', '✓/✗', 'note'],
  ...rows.map((r) => [
    r.figure,
    cell(r.value, r.unit),
    cell(r.baseline, r.baselineUnit),
    r.ratio === null || r.ratio === undefined ? '' : r.ratio.toFixed(2),
    r.target ?? '',
    r.met === true ? '✓' : r.met === false ? '✗' : '',
    r.note ?? '',
  ]),
]);
const cpu = cpus();
const machineLine =
  `machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}); load average (1 min) ${loadBefore.toFixed(1)} before, ` +
  `${loadavg()[0].toFixed(1)} after; Node ${process.version}; ${await postgresVersion()}; ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC` +
  `${quick ? '; --quick sizes' : ''}${scale ? `; city scale ${scale}` : ''}`;

console.log(`\n${lines}\n${machineLine}`);
if (failures.length) console.log(`failed: ${failures.join(', ')}`);
if (markdown) {
  writeFileSync(markdown, `# Benchmarks\n\n\`npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}\`\n\n${lines}\n\n${machineLine}\n`);
  console.log(`written to ${markdown}`);
}
if (failures.length) process.exitCode = 1;
