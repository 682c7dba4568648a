#!/usr/bin/env node
// The whole suite: unit + integration on PGlite; the server suite again on PostgreSQL when
// TEST_DATABASE_URL is set; Playwright end-to-end in Debian's Chromium when one is found.
// Ends with one line `N passed, N failed, N skipped` totalling every suite.
//
//   node scripts/test.mjs [--suites unit,pg,e2e] [--node /path/to/node] [--accumulate]
//
// --node runs vitest under another Node binary (CI: Node 24); --accumulate adds this run's
// counts to the previous run's (.test-results/summary.json) before printing the total.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const suites = new Set(opt('suites', 'unit,pg,e2e').split(','));
const nodeBin = opt('node', process.execPath);
const accumulate = args.includes('--accumulate');
const out = '.test-results';
mkdirSync(out, { recursive: true });
const summaryFile = join(out, 'summary.json');
const total = accumulate && existsSync(summaryFile) ? JSON.parse(readFileSync(summaryFile, 'utf8')) : { passed: 0, failed: 0, skipped: 0 };
const nodeVersion = spawnSync(nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim();
let broken = false;
// Names of failed tests, printed again just above the total so that the tail of a CI log says what broke.
const failures = accumulate && Array.isArray(total.failures) ? total.failures : [];
delete total.failures;
const firstLine = (text) =>
  String(text ?? '')
    .split('\n')
    .find((l) => l.trim()) ?? '';

function run(label, cmd, cmdArgs, env) {
  console.log(`\n━━ ${label} ━━`);
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function vitest(label, reportName, extraArgs, env) {
  const file = join(out, `${reportName}.json`);
  rmSync(file, { force: true });
  const status = run(
    label,
    nodeBin,
    ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`, ...extraArgs],
    env,
  );
  if (!existsSync(file)) {
    console.error(`${label}: no report written (exit ${status})`);
    total.failed += 1;
    broken = true;
    return;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  total.passed += r.numPassedTests;
  total.failed += r.numFailedTests;
  total.skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  for (const file of r.testResults ?? []) {
    for (const t of file.assertionResults ?? []) {
      if (t.status === 'failed') failures.push(`${label}: ${t.fullName} — ${firstLine(t.failureMessages?.[0])}`);
    }
    if (file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed')) {
      failures.push(`${label}: ${file.name} — ${firstLine(file.message)}`);
    }
  }
  // A file that failed to load has no tests but a failed suite.
  if (status !== 0 && r.numFailedTests === 0) {
    total.failed += Math.max(1, r.numFailedTestSuites);
    broken = true;
  }
}

if (suites.has('unit')) {
  vitest(`unit + integration on PGlite (Node ${nodeVersion})`, `vitest-pglite-${nodeVersion}`, [], { TEST_DATABASE_URL: '' });
}
if (suites.has('pg')) {
  if (process.env.TEST_DATABASE_URL) {
    vitest(`server suite on PostgreSQL (Node ${nodeVersion})`, `vitest-pg-${nodeVersion}`, ['--project', 'server'], {});
  } else {
    console.log('\n(PostgreSQL suite not run: set TEST_DATABASE_URL=postgres://… to run the server suite on a real PostgreSQL too.)');
  }
}
if (suites.has('e2e')) {
  const chromium = process.env.CHROMIUM_PATH || ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  if (!chromium) {
    console.log(
      '\nEnd-to-end tests skipped: no Chromium found. Install it (apt-get install chromium fonts-noto-cjk) or set CHROMIUM_PATH.',
    );
    total.skipped += 1;
  } else {
    const buildStatus = run('build the console and the phone app', process.execPath, ['scripts/build-apps.mjs', '--if-stale']);
    if (buildStatus !== 0) {
      total.failed += 1;
      broken = true;
    } else {
      const file = join(out, 'playwright.json');
      rmSync(file, { force: true });
      const status = run('end-to-end (Playwright, Chromium)', process.execPath, ['node_modules/@playwright/test/cli.js', 'test'], {
        CHROMIUM_PATH: chromium,
        PLAYWRIGHT_JSON_OUTPUT_NAME: file,
      });
      if (existsSync(file)) {
        const report = JSON.parse(readFileSync(file, 'utf8'));
        const s = report.stats;
        const walk = (suite, path) => {
          for (const spec of suite.specs ?? []) {
            for (const t of spec.tests ?? []) {
              if (t.status !== 'unexpected') continue;
              const error = t.results?.at(-1)?.errors?.[0]?.message ?? t.results?.at(-1)?.error?.message;
              failures.push(`end-to-end: ${[...path, spec.title].join(' › ')} — ${firstLine(error)}`);
            }
          }
          for (const child of suite.suites ?? []) walk(child, [...path, child.title]);
        };
        for (const suite of report.suites ?? []) walk(suite, [suite.title]);
        total.passed += s.expected + s.flaky;
        total.failed += s.unexpected;
        total.skipped += s.skipped;
        if (status !== 0 && s.unexpected === 0) {
          total.failed += 1;
          broken = true;
        }
      } else {
        total.failed += 1;
        broken = true;
      }
    }
  }
}

writeFileSync(summaryFile, JSON.stringify({ ...total, failures }));
if (failures.length > 0) {
  console.log(`\nFailed (${failures.length}):`);
  for (const f of failures) console.log(`  ✗ ${f.slice(0, 400)}`);
}
console.log(`\n${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 || broken ? 1 : 0);
