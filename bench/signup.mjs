#!/usr/bin/env node
// Contended sign-ups: N distinct approved volunteers sign up at once for one popular occurrence
// of capacity C through the real HTTP route (POST /api/occurrences/:id/signup), on PostgreSQL.
// Checks that exactly C won a place and the rest are waitlisted with no place used twice, and
// compares sign-ups/s over HTTP with the same claim transaction driven by pgbench in the same run.
//
//   node bench/signup.mjs                          2,048 volunteers, capacity 500, 5 rounds of each
//   node bench/signup.mjs --volunteers 4096 --capacity 1000 --rounds 5 --connections 64
//
// Goal (quality.md, contended claims): never one more winner than capacity; over HTTP at least
// half of what pgbench reaches with the same SQL pattern. BENCH_DATABASE_URL picks the server
// (default postgres://postgres@127.0.0.1:5432/postgres); BENCH_PROFILE=<dir> runs the server with
// --cpu-prof.
//
// Both sides do the same work per round: N sign-ups (C confirmed, N − C waitlisted) on a fresh
// occurrence, N/32 per pgbench client (-c 32 -j 2 -t N/32), 64 keep-alive HTTP connections. The
// rounds alternate (HTTP, pgbench, HTTP, …) so the machine's noise falls on both; medians are
// reported. A warm-up round of each comes first and is not counted.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import {
  api,
  benchUuidSql,
  createVolunteers,
  demoPlace,
  figure,
  fmt,
  load,
  login,
  machine,
  median,
  openBench,
  opt,
  pgbench,
  request,
  shuffled,
  table,
  writeFigures,
} from './support.mjs';

const PGBENCH_CLIENTS = 32;
const N = Math.ceil(opt('volunteers', 2048) / PGBENCH_CLIENTS) * PGBENCH_CLIENTS;
const CAPACITY = opt('capacity', 500);
const ROUNDS = opt('rounds', 5);
const CONNECTIONS = opt('connections', 64);
if (CAPACITY >= N) throw new Error('capacity must be below the number of volunteers (someone must be waitlisted)');
const port = 4392;

// ------------------------------------------------------------------ fixtures
/** A published one-off activity of the given capacity through the API; its one occurrence. */
let dayOffset = 10;
async function createOccurrence(adminSession, place, label) {
  const day = new Date(Date.now() + dayOffset++ * 86_400_000);
  const firstDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(day);
  const activity = await api(port, adminSession, 'POST', '/activities', {
    title: `压测：抢报名 ${label}`,
    category: 'governance',
    site: '青樵镇文化广场',
    capacity: CAPACITY,
    organiserTeamId: place.teamId,
    regionId: place.communityId,
    firstDate,
    startTime: '09:00',
    endTime: '11:00',
    publish: true,
  });
  const { items } = await api(port, adminSession, 'GET', `/activities/${activity.id}/occurrences`);
  if (items.length !== 1) throw new Error(`expected one occurrence, got ${items.length}`);
  return { id: items[0].id, townId: place.townId };
}

// ------------------------------------------------------------------ HTTP load
async function httpRound(bench, people, occurrence) {
  const r = await load(
    bench,
    shuffled(people).map((p) => request(port, 'POST', `/api/occurrences/${occurrence.id}/signup`, p, '{}')),
    CONNECTIONS,
  );
  let confirmed = 0;
  let waitlisted = 0;
  for (const x of r.results) {
    if (x.status !== 201) continue;
    const s = JSON.parse(x.body).status;
    if (s === 'confirmed') confirmed++;
    else if (s === 'waitlisted') waitlisted++;
  }
  const other = r.results.find((x) => x.status !== 201);
  return { ...r, results: undefined, confirmed, waitlisted, sample: other ? `${other.status} ${other.body.slice(0, 200)}` : null };
}

// ------------------------------------------------------------------ pgbench
// The claim transaction of apps/server/src/modules/activities (repository.ts takeFreeSlot,
// the sign-up insert, fillSlot), statement for statement. pgbench's \gset needs exactly one row,
// so the slot query is wrapped in an aggregate that also says whether a slot was found.
// Client c's i-th transaction signs up volunteer c·t + i: every sign-up a distinct volunteer.
function pgbenchScript(occurrence, perClient) {
  const vid = benchUuidSql('8000', 'k');
  const occ = `'${occurrence.id}'`;
  const town = `'${occurrence.townId}'`;
  // The statement of claim() in apps/server/src/modules/activities/repository.ts, with the same
  // audit line; keep the two in step.
  return `\\set i :i + 1
\\set k :client_id * ${perClient} + :i
with slot as (
  select slot_no from activity_slot where occurrence_id = ${occ} and signup_id is null
  order by slot_no limit 1 for update skip locked
), ins as (
  insert into activity_signup (town_id, occurrence_id, volunteer_id, status, confirmed_at)
  select ${town}, ${occ}, ${vid},
    case when exists (select 1 from slot) then 'confirmed' else 'waitlisted' end,
    case when exists (select 1 from slot) then now() end
  returning id, status
), taken as (
  update activity_slot set signup_id = ins.id from ins, slot
  where activity_slot.occurrence_id = ${occ} and activity_slot.slot_no = slot.slot_no
  returning activity_slot.slot_no
), audit as (
  insert into audit_log (town_id, region_id, actor_id, actor_name, action, entity, entity_id, after, ip, request_id)
  select ${town}, ${town}, null, 'pgbench', 'activity_signup.create', 'activity_signup', ins.id::text,
    jsonb_build_object('occurrenceId', ${occ}::text, 'status', ins.status), null, null
  from ins
)
select id, status from ins;
`;
}

function pgbenchRound(bench, occurrence, label) {
  const perClient = N / PGBENCH_CLIENTS;
  const file = join(bench.dir, `signup-${label}.sql`);
  writeFileSync(file, pgbenchScript(occurrence, perClient));
  return pgbench(bench, { file, clients: PGBENCH_CLIENTS, jobs: 2, transactions: perClient, vars: { i: 0 } });
}

// ------------------------------------------------------------------ checks
async function check(db, occurrenceId) {
  const { rows } = await db.query(
    `select
       (select count(*) from activity_signup where occurrence_id = $1 and status = 'confirmed')::int as confirmed,
       (select count(*) from activity_signup where occurrence_id = $1 and status = 'waitlisted')::int as waitlisted,
       (select count(*) from activity_signup where occurrence_id = $1)::int as signups,
       (select count(distinct volunteer_id) from activity_signup where occurrence_id = $1)::int as volunteers,
       (select count(*) from activity_slot where occurrence_id = $1)::int as slots,
       (select count(signup_id) from activity_slot where occurrence_id = $1)::int as taken,
       (select count(distinct signup_id) from activity_slot where occurrence_id = $1)::int as distinct_taken,
       (select count(*) from activity_slot s join activity_signup g on g.id = s.signup_id
          where s.occurrence_id = $1 and g.occurrence_id = $1 and g.status = 'confirmed')::int as taken_by_confirmed`,
    [occurrenceId],
  );
  const r = rows[0];
  const problems = [];
  if (r.confirmed !== CAPACITY) problems.push(`${r.confirmed} confirmed, capacity ${CAPACITY}`);
  if (r.waitlisted !== N - CAPACITY) problems.push(`${r.waitlisted} waitlisted, expected ${N - CAPACITY}`);
  if (r.signups !== N || r.volunteers !== N) problems.push(`${r.signups} sign-ups by ${r.volunteers} volunteers, expected ${N}`);
  if (r.slots !== CAPACITY) problems.push(`${r.slots} slots for capacity ${CAPACITY}`);
  if (r.taken !== CAPACITY || r.distinct_taken !== CAPACITY || r.taken_by_confirmed !== CAPACITY) {
    problems.push(
      `slots: ${r.taken} taken, ${r.distinct_taken} distinct sign-ups, ${r.taken_by_confirmed} held by confirmed sign-ups of this occurrence`,
    );
  }
  return { ...r, problems };
}

// ------------------------------------------------------------------ main
async function main() {
  const bench = await openBench('signup', port);
  const { db } = bench;
  let failed = false;
  try {
    const adminSession = await login(port, '13800000001', 'Tongxin2026');
    const place = await demoPlace(db);
    const loadBefore = loadavg();
    const t0 = performance.now();
    const people = await createVolunteers(db, place, N, bench.seal);
    console.log(
      `fixtures: ${N.toLocaleString('en')} approved volunteers with sessions in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    await db.query('analyze');

    const rows = [];
    for (let round = 0; round <= ROUNDS; round++) {
      const label = round === 0 ? 'warm-up' : `round ${round}`;
      const hOcc = await createOccurrence(adminSession, place, `HTTP ${label}`);
      const pOcc = await createOccurrence(adminSession, place, `pgbench ${label}`);
      const h = await httpRound(bench, people, hOcc);
      const hCheck = await check(db, hOcc.id);
      const p = pgbenchRound(bench, pOcc, round);
      const pCheck = await check(db, pOcc.id);
      // Baselines in the same round: a bare Fastify route, and an authenticated read (session
      // lookup, account, grants) with the same volunteers' cookies.
      const bare = await load(
        bench,
        people.map(() => request(port, 'GET', '/healthz')),
        CONNECTIONS,
      );
      const me = await load(
        bench,
        people.map((x) => request(port, 'GET', '/api/auth/me', x)),
        CONNECTIONS,
      );
      rows.push({ label, h, hCheck, p, pCheck, bare, me });
      const ok = (c) => (c.problems.length ? `FAILED: ${c.problems.join('; ')}` : 'ok');
      console.log(
        `${label.padEnd(8)}  HTTP ${fmt(h.rate).padStart(5)}/s (${h.seconds.toFixed(1)} s, ${Object.entries(h.statuses)
          .map(([s, n]) => `${n}×${s}`)
          .join(', ')}, ` +
          `${h.confirmed} confirmed, ${h.waitlisted} waitlisted, check ${ok(hCheck)}; CPU/sign-up node ${h.nodeMs.toFixed(2)} ms, postgres ${h.pgMs.toFixed(2)} ms)` +
          `  pgbench ${fmt(p.rate).padStart(5)} tps (check ${ok(pCheck)})  /healthz ${fmt(bare.rate)}/s  /api/auth/me ${fmt(me.rate)}/s`,
      );
      if (h.sample) console.log(`          first non-201 answer: ${h.sample}`);
      if (hCheck.problems.length || pCheck.problems.length || h.statuses[201] !== N) failed = true;
    }

    const counted = rows.slice(1);
    const med = (f) => median(counted.map(f));
    const http = med((r) => r.h.rate);
    const pgb = med((r) => r.p.rate);
    const ratio = http / pgb;
    console.log(
      `\nSign-ups for one occurrence: ${N.toLocaleString('en')} volunteers, capacity ${CAPACITY}, PostgreSQL, median of ${counted.length} rounds`,
    );
    console.log(
      table([
        ['figure', 'value', 'target'],
        ['winners per round (confirmed)', counted.map((r) => r.hCheck.confirmed).join(', '), `= ${CAPACITY} (capacity)`],
        ['waitlisted per round', counted.map((r) => r.hCheck.waitlisted).join(', '), `= ${N - CAPACITY}`],
        [`HTTP sign-ups/s (${CONNECTIONS} connections)`, fmt(http), ''],
        ['pgbench tps, same transaction (-c 32 -j 2)', fmt(pgb), ''],
        ['HTTP ÷ pgbench', ratio.toFixed(2), '≥ 0.50'],
        [
          'server CPU per sign-up: node / its postgres backends',
          `${med((r) => r.h.nodeMs).toFixed(2)} ms / ${med((r) => r.h.pgMs).toFixed(2)} ms`,
          '',
        ],
        ['baseline: GET /healthz (bare Fastify)', `${fmt(med((r) => r.bare.rate))}/s, node ${med((r) => r.bare.nodeMs).toFixed(2)} ms`, ''],
        [
          'baseline: GET /api/auth/me (session + account)',
          `${fmt(med((r) => r.me.rate))}/s, node ${med((r) => r.me.nodeMs).toFixed(2)} ms, postgres ${med((r) => r.me.pgMs).toFixed(2)} ms`,
          '',
        ],
      ]),
    );
    const m = machine(loadBefore);
    console.log(
      `${m.line}${m.busy ? ': the machine was busy; figures are low and pgbench (32 backends) gets more of it than the server (1 thread, 10 backends)' : ''}`,
    );
    console.log(`goal: exactly ${CAPACITY} winners every round and HTTP ≥ ½ pgbench → ${!failed && ratio >= 0.5 ? 'met' : 'MISSED'}`);
    writeFigures([
      figure('contended sign-ups/s (one occurrence)', Math.round(http), 'sign-ups/s', {
        baseline: Math.round(pgb),
        baselineUnit: 'pgbench tps',
        ratio,
        target: 'ratio ≥ 0.50, capacity holds',
        met: !failed && ratio >= 0.5,
        note: `${N} volunteers, capacity ${CAPACITY}, median of ${counted.length} rounds${failed ? '; CHECKS FAILED' : ''}`,
      }),
    ]);
    if (failed) process.exitCode = 1;
  } finally {
    await bench.close();
  }
}

await main();
