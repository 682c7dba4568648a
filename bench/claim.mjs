#!/usr/bin/env node
// Contended claims (抢单): N approved volunteers of one grid all tap 抢单 at once on each of R open
// help requests in the grid's pool, through the real HTTP route (POST /api/help-requests/:id/claim),
// on PostgreSQL. Checks that each request has exactly one winner and every other volunteer was told
// HELP_ALREADY_CLAIMED, in the answers and in the database, and compares claims/s over HTTP with the
// same claim SQL driven by pgbench in the same run.
//
//   node bench/claim.mjs                           512 volunteers × 16 requests, 5 rounds of each
//   node bench/claim.mjs --volunteers 1024 --requests 8 --rounds 5 --connections 64
//
// BENCH_DATABASE_URL picks the server (default postgres://postgres@127.0.0.1:5432/postgres);
// BENCH_PROFILE=<dir> runs the server with --cpu-prof. Exits 1 if any check fails.
//
// Both sides do the same work per round: N × R claims on R fresh open requests (R winners, the
// rest lose), N·R/32 per pgbench client (-c 32 -j 2), 64 keep-alive HTTP connections. The rounds
// alternate (HTTP, pgbench, HTTP, …) so the machine's noise falls on both; medians are reported
// (latency percentiles over every claim of the counted rounds). A warm-up round of each comes
// first and is not counted.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import {
  benchUuid,
  benchUuidSql,
  createVolunteers,
  figure,
  fmt,
  helpPlace,
  load,
  machine,
  median,
  openBench,
  opt,
  percentile,
  pgbench,
  request,
  shuffled,
  table,
  volunteerUuid,
  writeFigures,
} from './support.mjs';

const PGBENCH_CLIENTS = 32;
const N = Math.ceil(opt('volunteers', 512) / PGBENCH_CLIENTS) * PGBENCH_CLIENTS;
const R = opt('requests', 16);
const ROUNDS = opt('rounds', 5);
const CONNECTIONS = opt('connections', 64);
if (N < 2 || R < 1) throw new Error('need at least 2 volunteers and 1 request');
if (ROUNDS > 999) throw new Error('at most 999 rounds (request ids carry the round number)');
const CLAIMS = N * R;
const port = 4393;

// Request ids are deterministic so pgbench can name them: group a<round> over HTTP, b<round> for pgbench.
const requestGroup = (side, round) => `${side}${String(round).padStart(3, '0')}`;

// ------------------------------------------------------------------ fixtures
/**
 * R open requests dispatched to the grid's pool (status 'open', pool 'grid', pool_region_id = the
 * grid), written straight into the database with their place sealed under the server's key.
 */
async function openRequests(bench, place, group, label) {
  const ids = Array.from({ length: R }, (_, k) => benchUuid(group, k + 1));
  const places = ids.map((_, k) => bench.seal.encrypt(`青樵镇金湾花园${1 + (k % 9)}栋${101 + k}`));
  await bench.db.query(
    `insert into help_request (id, town_id, no, region_id, requester_account_id, requester_name, filed_by, channel,
       category, description, place_cipher, place_masked, status, pool, pool_region_id, dispatched_at, claim_due_at)
     select id, $1, $2 || '-' || k, $3, $4, '关玉珍', $5, 'grid_worker', 'errand', $6 || ' #' || k, pc,
       '青樵镇金湾花园**栋***', 'open', 'grid', $3, now(), now() + interval '1 day'
     from unnest($7::uuid[], $8::text[]) with ordinality as t(id, pc, k)`,
    [place.townId, `BENCH-${group}`, place.gridId, place.requesterId, place.filerId, `压测：抢单 ${label}`, ids, places],
  );
  return ids;
}

// ------------------------------------------------------------------ HTTP load
async function httpRound(bench, people, ids) {
  const claims = shuffled(ids.flatMap((_id, r) => people.map((p) => ({ r, p }))));
  const h = await load(
    bench,
    claims.map(({ r, p }) => request(port, 'POST', `/api/help-requests/${ids[r]}/claim`, p)),
    CONNECTIONS,
  );
  const winners = ids.map(() => []);
  const problems = [];
  const wrong = {};
  let losers = 0;
  h.results.forEach((x, i) => {
    const { r, p } = claims[i];
    if (x.status === 200) {
      const claimant = JSON.parse(x.body).request?.claimant?.id;
      if (claimant !== volunteerUuid(p.n)) problems.push(`request ${r + 1}: 200 for volunteer ${p.n} names claimant ${claimant}`);
      winners[r].push(p.n);
      return;
    }
    let code = null;
    try {
      code = JSON.parse(x.body).code;
    } catch {
      // not JSON
    }
    if (x.status === 409 && code === 'HELP_ALREADY_CLAIMED') losers++;
    else {
      const key = `${x.status} ${code ?? x.body.slice(0, 120)}`;
      wrong[key] = (wrong[key] ?? 0) + 1;
    }
  });
  winners.forEach((w, r) => {
    if (w.length !== 1) problems.push(`request ${r + 1}: ${w.length} winners (HTTP 200)`);
  });
  for (const [what, n] of Object.entries(wrong)) problems.push(`${n} losers answered ${what}, not 409 HELP_ALREADY_CLAIMED`);
  const ms = h.results.map((x) => x.ms);
  const winnerMs = h.results.filter((x) => x.status === 200).map((x) => x.ms);
  return { ...h, results: undefined, ms, winnerMs, losers, winners: winners.map((w) => (w.length === 1 ? w[0] : null)), problems };
}

// ------------------------------------------------------------------ pgbench
// The claim of apps/server/src/modules/help: claim()'s UPDATE … WHERE id = (SELECT … FOR UPDATE
// SKIP LOCKED) in repository.ts, with the service's 'claim' timeline line and audit line for the
// winner, in one statement. Keep it in step with repository.ts. (Not here: the session, the
// volunteer and request reads before it, and the winner's notifications, live signals and deadline
// job — the server pays those.) Transaction g (0 … N·R − 1; client c runs c·t … c·t + t − 1) is
// volunteer g / R + 1 claiming request g % R + 1: every volunteer tries every request once, and
// all clients start on the same request.
function pgbenchScript(group, perClient) {
  const rid = benchUuidSql(group, 'r');
  const vid = benchUuidSql('8000', 'k');
  const aid = benchUuidSql('9000', 'k');
  return `\\set i :i + 1
\\set g :client_id * ${perClient} + :i - 1
\\set r :g % ${R} + 1
\\set k :g / ${R} + 1
with won as (
  update help_request
     set status = 'claimed', claimant_volunteer_id = ${vid}, claimed_at = now(),
         complete_due_at = now() + interval '3 days', overdue_since = null,
         version = version + 1, updated_at = clock_timestamp()
   where id = (select id from help_request
                where id = ${rid} and status in ('open', 'assigned')
                for update skip locked)
     and status in ('open', 'assigned')
  returning id, town_id, region_id
), event as (
  insert into help_event (town_id, request_id, action, from_status, to_status, actor_account_id, actor_name, at)
  select town_id, id, 'claim', 'open', 'claimed', ${aid}, 'pgbench', now() from won
), audit as (
  insert into audit_log (town_id, region_id, actor_id, actor_name, action, entity, entity_id, before, after, ip, request_id)
  select town_id, region_id, ${aid}, 'pgbench', 'help_request.claim', 'help_request', id::text,
    '{"status":"open"}'::jsonb, '{"status":"claimed"}'::jsonb, null, null
  from won
)
select count(*) as won from won;
`;
}

function pgbenchRound(bench, group) {
  const perClient = CLAIMS / PGBENCH_CLIENTS;
  const file = join(bench.dir, `claim-${group}.sql`);
  writeFileSync(file, pgbenchScript(group, perClient));
  return pgbench(bench, { file, clients: PGBENCH_CLIENTS, jobs: 2, transactions: perClient, vars: { i: 0 } });
}

// ------------------------------------------------------------------ checks
/** In the database: each request claimed, by the expected winner (when known), with exactly one 'claim' event. */
async function check(db, ids, winners) {
  const { rows } = await db.query(
    `select r.id, r.status, r.claimant_volunteer_id as claimant,
       (select count(*) from help_event e where e.request_id = r.id and e.action = 'claim')::int as claim_events
     from unnest($1::uuid[]) with ordinality as t(id, k) left join help_request r on r.id = t.id order by t.k`,
    [ids],
  );
  const problems = [];
  rows.forEach((row, r) => {
    const what = `request ${r + 1}`;
    if (!row.id) return problems.push(`${what}: missing`);
    if (row.status !== 'claimed') problems.push(`${what}: status ${row.status}`);
    if (!row.claimant) problems.push(`${what}: no claimant`);
    else if (winners && winners[r] && row.claimant !== volunteerUuid(winners[r])) {
      problems.push(`${what}: claimant ${row.claimant}, but volunteer ${winners[r]} got the 200`);
    }
    if (row.claim_events !== 1) problems.push(`${what}: ${row.claim_events} 'claim' events`);
  });
  return problems;
}

// ------------------------------------------------------------------ main
async function main() {
  const bench = await openBench('claim', port);
  const { db } = bench;
  let failed = false;
  try {
    const place = await helpPlace(db);
    const loadBefore = loadavg();
    const t0 = performance.now();
    const people = await createVolunteers(db, place, N, bench.seal);
    console.log(
      `fixtures: ${N.toLocaleString('en')} approved volunteers with sessions in the grid, in ${((performance.now() - t0) / 1000).toFixed(1)} s; ` +
        `${R} fresh open requests per round and side; ${CLAIMS.toLocaleString('en')} claims per round`,
    );
    await db.query('analyze');

    const rows = [];
    for (let round = 0; round <= ROUNDS; round++) {
      const label = round === 0 ? 'warm-up' : `round ${round}`;
      const hIds = await openRequests(bench, place, requestGroup('a', round), `HTTP ${label}`);
      const pGroup = requestGroup('b', round);
      const pIds = await openRequests(bench, place, pGroup, `pgbench ${label}`);
      const h = await httpRound(bench, people, hIds);
      h.problems.push(...(await check(db, hIds, h.winners)));
      const p = pgbenchRound(bench, pGroup);
      const pProblems = await check(db, pIds, null);
      if (p.processed !== CLAIMS) pProblems.push(`pgbench processed ${p.processed} of ${CLAIMS} claims`);
      // Baseline in the same round: an authenticated read (session lookup, account, grants) with the
      // same volunteers' cookies — the part of every claim that is not the claim.
      const me = await load(
        bench,
        people.map((x) => request(port, 'GET', '/api/auth/me', x)),
        CONNECTIONS,
      );
      rows.push({ label, h, p, me });
      const ok = (problems) => (problems.length ? 'FAILED' : 'ok');
      console.log(
        `${label.padEnd(8)}  HTTP ${fmt(h.rate).padStart(5)} claims/s (${h.seconds.toFixed(1)} s, ${Object.entries(h.statuses)
          .map(([s, n]) => `${n}×${s}`)
          .join(', ')}, p50 ${percentile(h.ms, 50).toFixed(0)} ms, p99 ${percentile(h.ms, 99).toFixed(0)} ms, check ${ok(h.problems)}; ` +
          `CPU/claim node ${h.nodeMs.toFixed(2)} ms, postgres ${h.pgMs.toFixed(2)} ms)  pgbench ${fmt(p.rate).padStart(5)} tps (check ${ok(pProblems)})` +
          `  /api/auth/me ${fmt(me.rate)}/s`,
      );
      for (const x of h.problems.slice(0, 20)) console.log(`          HTTP FAILED: ${x}`);
      for (const x of pProblems.slice(0, 20)) console.log(`          pgbench FAILED: ${x}`);
      if (h.problems.length || pProblems.length) failed = true;
    }

    const counted = rows.slice(1);
    const med = (f) => median(counted.map(f));
    const http = med((r) => r.h.rate);
    const pgb = med((r) => r.p.rate);
    const all = counted.flatMap((r) => r.h.ms);
    const won = counted.flatMap((r) => r.h.winnerMs);
    const ms = (x) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;
    console.log(
      `\nClaims: ${N.toLocaleString('en')} volunteers × ${R} open requests = ${CLAIMS.toLocaleString('en')} claims a round, PostgreSQL, median of ${counted.length} rounds`,
    );
    console.log(
      table([
        ['figure', 'value', 'target'],
        ['winners (HTTP 200) per round', counted.map((r) => r.h.statuses[200] ?? 0).join(', '), `= ${R} (one per request)`],
        ['losers answered 409 HELP_ALREADY_CLAIMED per round', counted.map((r) => fmt(r.h.losers)).join(', '), `= ${fmt(CLAIMS - R)}`],
        [`HTTP claims/s (${CONNECTIONS} connections)`, fmt(http), ''],
        [
          `claim latency p50 / p95 / p99 / max (${fmt(all.length)} claims)`,
          [50, 95, 99, 100].map((q) => ms(percentile(all, q))).join(' / '),
          '',
        ],
        [`winning claim latency p50 / max (${won.length} winners)`, `${ms(percentile(won, 50))} / ${ms(percentile(won, 100))}`, ''],
        ['pgbench claims/s, same claim SQL (-c 32 -j 2)', fmt(pgb), ''],
        ['pgbench latency average', ms(med((r) => r.p.latencyMs)), ''],
        ['HTTP ÷ pgbench', (http / pgb).toFixed(2), ''],
        [
          'server CPU per claim: node / its postgres backends',
          `${med((r) => r.h.nodeMs).toFixed(2)} ms / ${med((r) => r.h.pgMs).toFixed(2)} ms`,
          '',
        ],
        [
          'baseline: GET /api/auth/me (session + account), same cookies',
          `${fmt(med((r) => r.me.rate))}/s, node ${med((r) => r.me.nodeMs).toFixed(2)} ms, postgres ${med((r) => r.me.pgMs).toFixed(2)} ms`,
          '',
        ],
      ]),
    );
    const m = machine(loadBefore);
    console.log(`${m.line}${m.busy ? ': the machine was busy, so the rates are low' : ''}`);
    console.log(`checks (one winner per request, every loser 409 HELP_ALREADY_CLAIMED, database agrees): ${failed ? 'FAILED' : 'ok'}`);
    writeFigures([
      figure('contended claims/s (抢单, one winner per request)', Math.round(http), 'claims/s', {
        baseline: Math.round(pgb),
        baselineUnit: 'pgbench tps',
        ratio: http / pgb,
        target: 'ratio ≥ 0.50, one winner',
        met: !failed && http / pgb >= 0.5,
        note: `${N} volunteers × ${R} requests, p99 ${percentile(all, 99).toFixed(0)} ms, median of ${counted.length} rounds${failed ? '; CHECKS FAILED' : ''}`,
      }),
    ]);
    if (failed) {
      console.error('claim.mjs: CHECKS FAILED (see the FAILED lines above)');
      process.exitCode = 1;
    }
  } finally {
    await bench.close();
  }
}

await main();
