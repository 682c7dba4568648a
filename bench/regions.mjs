// List pages and region figures on a generated city, at one or more scales, so the report shows how
// each cost grows from 1/100 of a city to the whole.
//
//   node bench/regions.mjs [--scale 0.01,0.1,1] [--requests 40] [--json file] [--city-lists]
//
// For each scale the city is built by bench/city.mjs (or reused when it exists with the same scale
// and seed: --keep), the real server is started on it, and the town admin of the busiest town reads
// each list page (first page, default size) and each region figure for the busiest community, the
// quietest community and the whole town, and a city account (town admin of every town) reads them
// for its whole scope: a few warm-up requests, then --requests sequential ones;
// p50 and p95 of each. Targets (quality.md): list pages ≤ 50 ms, dashboard figures p95 ≤ 100 ms.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { buildCity } from './city/build.mjs';
import { figure, fmt, machine, opt, optText, percentile, sha256, spawnServer, table, waitReady, writeFigures } from './support.mjs';

const scales = (optText('scale', '0.01') ?? '0.01').split(',').map(Number);
const REQUESTS = opt('requests', 40);
const PORT = opt('port', 4230);
const LIST_TARGET = 50;
const FIGURE_TARGET = 100;
// --city-lists: also time the lists for the city account (its whole scope, all ten towns).
const CITY_LISTS = process.argv.includes('--city-lists');

// What a console user opens first: each list's first page, filtered to the region (the city
// account, with no region: its whole scope).
const under = (path) => (r) => (r ? `${path}?regionId=${r}` : path);
const LISTS = [
  ['residents', under('/api/residents')],
  ['households', under('/api/households')],
  ['volunteers', under('/api/volunteers')],
  ['activities', under('/api/activities')],
  ['help requests', under('/api/help-requests')],
  ['service records', under('/api/service-records')],
  ['points accounts', under('/api/points/accounts')],
];
// Region figures: the help summary, and the dashboard's figures for this month and this year.
const FIGURES = [
  ['help requests by status', under('/api/help-requests/summary')],
  ['figures, this month', (r) => `${under('/api/figures')(r)}${r ? '&' : '?'}period=month`],
  ['figures, this year', (r) => `${under('/api/figures')(r)}${r ? '&' : '?'}period=year`],
];

async function timed(port, token, path) {
  const t = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { cookie: `tx_session=${token}` } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`);
  return performance.now() - t;
}

async function measureScale(scale) {
  console.log(`\nscale ${scale}: building or reusing the city …`);
  let city;
  try {
    city = await buildCity({ scale, keep: true });
  } catch (e) {
    if (!/--keep/.test(e.message)) throw e;
    city = await buildCity({ scale, log: (l) => console.log(l) });
  }
  const s = city.sample;
  const db = new pg.Client({ connectionString: city.dbUrl });
  await db.connect();
  const session = async (accountId) => {
    const token = randomBytes(32).toString('base64url');
    await db.query(`insert into session (id, account_id, csrf_token, expires_at) values ($1, $2, $3, now() + interval '1 hour')`, [
      sha256(token),
      accountId,
      randomBytes(18).toString('base64url'),
    ]);
    return token;
  };
  const token = await session(s.townAdminAccountId);
  // A city account: the town admin's twin with town_admin on every town (towns are the region
  // model's roots, so a city is an account whose scope holds them all).
  const cityAccountId = '00000000-0000-4000-8000-00000000c1f7';
  await db.query(
    `insert into account (id, town_id, home_region_id, name, mobile_hash, mobile_cipher, mobile_masked, password_hash)
     select $2, town_id, home_region_id, '市级管理员', mobile_hash || '-city', mobile_cipher, mobile_masked, password_hash
       from account where id = $1 on conflict (id) do nothing`,
    [s.townAdminAccountId, cityAccountId],
  );
  await db.query(
    `insert into role_grant (town_id, account_id, role, region_id) select t.id, $1, 'town_admin', t.id from town t on conflict do nothing`,
    [cityAccountId],
  );
  const cityToken = await session(cityAccountId);
  const counts = (
    await db.query(`select (select count(*) from resident) as residents, (select count(*) from service_record) as records,
      (select count(*) from help_request) as requests`)
  ).rows[0];
  const dir = mkdtempSync(join(tmpdir(), 'tongxin-regions-'));
  const server = spawnServer({
    port: PORT,
    dbUrl: city.dbUrl,
    dataKey: Buffer.from(city.dataKey, 'base64'),
    dataDir: dir,
    seedDemo: false,
  });
  const rows = [];
  try {
    // A city built before migration 0012 gets its figures' rollup built at this start.
    await waitReady(server, PORT, 900);
    // The town admin reaches one town: the quietest community of the busiest community's town.
    const quiet = (
      await db.query(
        `select c.id from region c where c.town_id = $1 and c.depth = 1
         order by (select count(*) from resident x join region y on y.id = x.region_id where y.path like c.path || '%'), c.id limit 1`,
        [s.townId],
      )
    ).rows[0].id;
    const regions = [
      ['busy community', s.busyCommunityId, token],
      ['quiet community', quiet, token],
      ['town', s.townId, token],
      ['city', null, cityToken],
    ];
    for (const [kind, list] of [
      ['list', LISTS],
      ['figure', FIGURES],
    ]) {
      for (const [name, path] of list) {
        for (const [where, id, as] of regions) {
          // Lists are per town (towns are the region model's roots); the city reads figures only.
          if (kind === 'list' && where === 'city' && !CITY_LISTS) continue;
          for (let i = 0; i < 3; i++) await timed(PORT, as, path(id));
          const ms = [];
          for (let i = 0; i < REQUESTS; i++) ms.push(await timed(PORT, as, path(id)));
          rows.push({ kind, name, where, p50: percentile(ms, 50), p95: percentile(ms, 95) });
        }
      }
    }
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null || server.signalCode !== null ? r() : server.on('exit', r)));
    await db.query(`delete from session where id = any($1)`, [[sha256(token), sha256(cityToken)]]).catch(() => {});
    await db.end();
    rmSync(dir, { recursive: true, force: true });
  }
  return { scale, counts, rows };
}

const loadBefore = loadavg();
const results = [];
for (const scale of scales) results.push(await measureScale(scale));

// One table: each read and region down the side, each scale across (p50 / p95 ms).
const header = ['read', 'region', ...results.map((r) => `scale ${r.scale}: p50 / p95 ms`)];
const lines = [header];
for (const [i, row] of results[0].rows.entries()) {
  lines.push([`${row.kind}: ${row.name}`, row.where, ...results.map((r) => `${r.rows[i].p50.toFixed(1)} / ${r.rows[i].p95.toFixed(1)}`)]);
}
console.log(`\n${table(lines)}`);
console.log(
  results
    .map(
      (r) =>
        `scale ${r.scale}: ${fmt(Number(r.counts.residents))} residents, ${fmt(Number(r.counts.records))} service records, ${fmt(Number(r.counts.requests))} help requests`,
    )
    .join('\n'),
);
console.log(machine(loadBefore).line);

// For `npm run bench`: the worst p95 of the lists and of the figures at each scale, against the targets.
const out = [];
for (const r of results) {
  for (const kind of ['list', 'figure']) {
    const worst = r.rows.filter((x) => x.kind === kind).sort((a, b) => b.p95 - a.p95)[0];
    if (!worst) continue;
    const target = kind === 'list' ? LIST_TARGET : FIGURE_TARGET;
    out.push(
      figure(`${kind === 'list' ? 'list pages' : 'region figures'}, worst p95, scale ${r.scale}`, Number(worst.p95.toFixed(1)), 'ms', {
        target: `≤ ${target} ms`,
        met: worst.p95 <= target,
        note: `${worst.name}, ${worst.where}`,
      }),
    );
  }
}
writeFigures(out);
