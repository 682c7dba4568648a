#!/usr/bin/env node
// Hot reads: the three reads a phone makes most, through the real HTTP routes on PostgreSQL, with
// autocannon (100 connections), against pgbench running the same SQL in the same run:
//   - a volunteer's activity feed           GET /api/activities/feed
//   - my points                             GET /api/points/me
//   - the grid's queue of help requests     GET /api/help-requests/pool (抢单大厅: the open requests
//     of the grid, what its volunteers and grid worker pick up from the phone)
//
//   node bench/hot-reads.mjs                       2,000 volunteers, 10 s per read after a 3 s warm-up
//   node bench/hot-reads.mjs --volunteers 500 --seconds 5 --warmup 2 --connections 100
//   node bench/hot-reads.mjs --reads points --explain   one read, with each statement's plan times first
//
// Goal (quality.md, hot reads): ≥ 5,000 requests/s at p99 ≤ 50 ms with 100 connections.
// BENCH_DATABASE_URL picks the server (default postgres://postgres@127.0.0.1:5432/postgres);
// BENCH_PROFILE=<dir> runs the server with --cpu-prof; --json <file> (or BENCH_JSON) writes the
// figures for bench/run.mjs.
//
// Data, so that each query is real: N approved volunteers living in the demo grid, each with their
// own session; `--activities` weekly activities (a year of occurrences each, 30 places) in their
// community, and every volunteer signed up for two of the first 200 upcoming occurrences; a points
// account per volunteer with `--entries` grants spread over the past year and `--records` confirmed
// service records; `--requests` open help requests in the grid's pool.
//
// Every request carries the session cookie of the next volunteer in turn, so the 100 connections
// spread over all N sessions. pgbench runs each route's statements (the session lookup, then the
// route's queries, in the order the server sends them) as one script with -M prepared, for a random
// volunteer per transaction, on pgbench sessions of the same accounts.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import {
  accountUuid,
  api,
  backendCpu,
  benchUuidSql,
  cpuMs,
  createVolunteers,
  figure,
  fmt,
  helpPlace,
  load,
  login,
  machine,
  openBench,
  opt,
  optText,
  percentile,
  pgbench,
  request,
  table,
  writeFigures,
} from './support.mjs';

const N = opt('volunteers', 2000);
const ACTIVITIES = opt('activities', 40);
const ENTRIES = opt('entries', 20);
const RECORDS = opt('records', 10);
const REQUESTS = opt('requests', 300);
const CONNECTIONS = opt('connections', 100);
const SECONDS = opt('seconds', 10);
const WARMUP = opt('warmup', 3);
const port = 4395;
const EXPLAIN = process.argv.includes('--explain');
const ONLY = optText('reads', null)?.split(',');
const TARGET_RATE = 5000;
const TARGET_P99 = 50;

// pgbench's sessions: one per volunteer, beside the HTTP ones, with an id pgbench can build from the
// volunteer's number (the server's ids are sha256 of a random token; this one has the same length).
const PGBENCH_SESSION_SQL = `'pgbench-' || lpad((:k)::text, 35, '0')`;
const pgbenchSessionId = (n) => `pgbench-${String(n).padStart(35, '0')}`;

// ------------------------------------------------------------------ fixtures
async function fixtures(bench, place) {
  const { db } = bench;
  const people = await createVolunteers(db, place, N, bench.seal);
  await db.query(
    `insert into session (id, account_id, csrf_token, expires_at)
     select s, a, 'pgbench', now() + interval '1 day' from unnest($1::text[], $2::uuid[]) as t(s, a)`,
    [people.map((p) => pgbenchSessionId(p.n)), people.map((p) => accountUuid(p.n))],
  );

  // Weekly activities through the API (so occurrences and slots are made as the server makes them),
  // in the community of the volunteers' grid.
  const community = (
    await db.query(
      `select c.id, coalesce((select t.id from team t where t.region_id = c.id and t.kind = 'community' limit 1), $2) as team
       from region g join region c on g.path like c.path || '%' and c.depth = 1 where g.id = $1`,
      [place.gridId, place.teamId],
    )
  ).rows[0];
  const admin = await login(bench.port, '13800000001', 'Tongxin2026');
  const categories = ['governance', 'care', 'culture_sports', 'environment', 'civilization'];
  for (let a = 0; a < ACTIVITIES; a++) {
    const first = new Date(Date.now() + (1 + (a % 7)) * 86_400_000);
    await api(bench.port, admin, 'POST', '/activities', {
      title: `压测：每周志愿服务 ${a + 1}`,
      category: categories[a % categories.length],
      site: `青樵镇文化广场 ${1 + (a % 9)} 号`,
      capacity: 30,
      organiserTeamId: community.team,
      regionId: community.id,
      firstDate: new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(first),
      startTime: `${String(8 + (a % 10)).padStart(2, '0')}:00`,
      endTime: `${String(10 + (a % 10)).padStart(2, '0')}:00`,
      rrule: 'FREQ=WEEKLY',
      publish: true,
    });
  }
  const upcoming = (
    await db.query(
      `select o.id from activity_occurrence o join activity a on a.id = o.activity_id
       where o.town_id = $1 and o.status = 'scheduled' and a.status = 'published' and o.ends_at > now()
       order by o.starts_at limit 200`,
      [place.townId],
    )
  ).rows.map((r) => r.id);
  const signups = await load(
    bench,
    people.flatMap((p) =>
      [upcoming[(p.n * 7) % upcoming.length], upcoming[(p.n * 13 + 1) % upcoming.length]].map((o) =>
        request(bench.port, 'POST', `/api/occurrences/${o}/signup`, p, '{}'),
      ),
    ),
    16,
  );

  // Points: an account per volunteer and ENTRIES grants each (two entries per grant: + to the
  // volunteer, − to the town's issuing account), spread over the past year; confirmed service records.
  const vid = (n) => `('00000000-0000-4000-8000-' || lpad((${n})::text, 12, '0'))::uuid`;
  const acct = (n) => `('00000000-0000-4000-c000-' || lpad((${n})::text, 12, '0'))::uuid`;
  const txn = (g) => `('00000000-0000-4000-c001-' || lpad((${g})::text, 12, '0'))::uuid`;
  await db.query('begin');
  await db.query(
    `insert into points_account (town_id, kind, region_id) values ($1, 'issuing', $1)
     on conflict (town_id) where kind = 'issuing' do nothing`,
    [place.townId],
  );
  await db.query(
    `insert into points_account (id, town_id, kind, region_id, volunteer_id)
     select ${acct('n')}, $1, 'volunteer', $2, ${vid('n')} from generate_series(1, $3::int) n`,
    [place.townId, place.gridId, N],
  );
  await db.query(
    `insert into points_txn (id, town_id, kind, memo, created_by, created_at)
     select ${txn('g')}, $1, 'grant', '压测：发放积分', $2, now() - (g % 365) * interval '1 day'
     from generate_series(1, $3::int) g`,
    [place.townId, place.adminAccountId, N * ENTRIES],
  );
  await db.query(
    `insert into points_entry (txn_id, account_id, amount, created_at)
     select ${txn('g')}, e.account_id, e.amount, now() - (g % 365) * interval '1 day'
     from generate_series(1, $1::int) g,
       lateral (values (${acct(`(g - 1) / ${ENTRIES} + 1`)}, 5),
                       ((select id from points_account where town_id = $2 and kind = 'issuing'), -5)) as e(account_id, amount)
     order by g`,
    [N * ENTRIES, place.townId],
  );
  await db.query(
    `insert into service_record (town_id, volunteer_id, region_id, source, title, category, served_on, minutes, status,
       due_on, confirmed_at)
     select $1, ${vid('n')}, $2, 'manual', '压测：服务记录', 'governance', current_date - (n + r) % 300, 60 + 30 * (r % 4),
       'confirmed', current_date, now()
     from generate_series(1, $3::int) n, generate_series(1, $4::int) r`,
    [place.townId, place.gridId, N, RECORDS],
  );
  await db.query('commit');

  // Open help requests dispatched to the grid's pool, their places sealed under the server's key.
  const places = Array.from({ length: REQUESTS }, (_, k) => bench.seal.encrypt(`青樵镇金湾花园${1 + (k % 9)}栋${101 + k}`));
  await db.query(
    `insert into help_request (town_id, no, region_id, requester_account_id, requester_name, filed_by, channel,
       category, description, place_cipher, place_masked, status, pool, pool_region_id, dispatched_at, claim_due_at, created_at)
     select $1, 'BENCH-HOT-' || k, $2, $3, '关玉珍', $4, 'grid_worker', 'errand', '压测：帮忙买菜 #' || k, pc,
       '青樵镇金湾花园**栋***', 'open', 'grid', $2, now(), now() + interval '1 day', now() - k * interval '1 minute'
     from unnest($5::text[]) with ordinality as t(pc, k)`,
    [place.townId, place.gridId, place.requesterId, place.filerId, places],
  );
  await db.query('analyze');
  return { people, upcoming, signups: signups.statuses };
}

// ------------------------------------------------------------------ the reads and their SQL
// Each script: pgbench picks a volunteer, then sends what the server sends for that route (the
// session lookup of platform/auth/sessions.ts, then the route's statements). Taken from the
// repositories; keep them in step.
const SESSION = `select "session"."id" as "sessionId", "session"."csrf_token" as "csrfToken", "session"."last_seen_at" as "lastSeenAt",
  "account"."id" as "accountId", "account"."name", "account"."town_id" as "townId", "account"."home_region_id" as "homeRegionId",
  "account"."disabled",
  (select json_agg(json_build_object('id', g.id, 'role', g.role, 'regionId', g.region_id, 'regionPath', r.path, 'townId', g.town_id) order by r.path)
     from role_grant g join region r on r.id = g.region_id where g.account_id = account.id) as "grants"
from "session" inner join "account" on "account"."id" = "session"."account_id"
where "session"."id" = ${PGBENCH_SESSION_SQL} and "session"."expires_at" > now();`;

const list = (ids) => ids.map((id) => `'${id}'`).join(', ');
const VID = benchUuidSql('8000', 'k');
const AID = benchUuidSql('9000', 'k');
const ACCT = benchUuidSql('c000', 'k');

/** describeRegions (regions/repository.ts): the nodes, then the names of every node on their paths. */
async function describeRegionsSql(db, regionIds) {
  const { rows } = await db.query('select path from region where id = any($1::uuid[])', [regionIds]);
  const ancestors = [...new Set(rows.flatMap((r) => r.path.split('/').filter(Boolean)))];
  return `select "region"."id", "region"."name", "region"."path", "region"."depth", "region"."town_id", "town"."level_names"
  from "region" inner join "town" on "town"."id" = "region"."town_id" where "region"."id" in (${list(regionIds)});
select "id", "name" from "region" where "id" in (${list(ancestors)});`;
}

/**
 * The three reads, each with its pgbench script: the statements the server sends for the route
 * (captured with log_statement = all and taken from the repositories), with the values that are
 * the same for every volunteer of the grid (the town, the feed's occurrences, the pool's requests)
 * as literals, and the volunteer's own ids from its number :k.
 */
async function reads(db, place, upcoming) {
  const town = `'${place.townId}'`;

  // GET /api/activities/feed (activities/service.ts feed → upcomingOccurrences, presentOccurrences).
  const occ = (
    await db.query(
      `select o.region_id, a.organiser_team_id, a.partner_team_id, a.eligibility_team_id
       from activity_occurrence o join activity a on a.id = o.activity_id where o.id = any($1::uuid[])`,
      [upcoming],
    )
  ).rows;
  const teams = [...new Set(occ.flatMap((o) => [o.organiser_team_id, o.partner_team_id, o.eligibility_team_id]).filter(Boolean))];
  const feed = `${SESSION}
select "activity_occurrence"."id", "activity_occurrence"."town_id", "activity_occurrence"."activity_id", "activity_occurrence"."region_id",
  "activity_occurrence"."rule_date", "activity_occurrence"."starts_at", "activity_occurrence"."ends_at", "activity_occurrence"."capacity",
  "activity_occurrence"."site" as "occurrence_site", "activity_occurrence"."note", "activity_occurrence"."detached", "activity_occurrence"."status",
  "activity_occurrence"."sequence", "activity"."title", "activity"."description", "activity"."category", "activity"."monthly_theme",
  "activity"."site", "activity"."lat", "activity"."lng", "activity"."geofence_m", "activity"."eligibility", "activity"."eligibility_team_id",
  "activity"."eligibility_skill", "activity"."insurance_required", "activity"."organiser_team_id", "activity"."partner_team_id",
  "activity"."status" as "activity_status", "activity"."created_by"
  from "activity_occurrence" inner join "activity" on "activity"."id" = "activity_occurrence"."activity_id"
  where "activity_occurrence"."town_id" = ${town} and "activity_occurrence"."status" = 'scheduled' and "activity"."status" = 'published'
    and "activity_occurrence"."ends_at" > now() order by "activity_occurrence"."starts_at" limit 200;
${await describeRegionsSql(db, [...new Set(occ.map((o) => o.region_id))])}
select "id", "name", "leader_account_id", "region_id", "town_id", "kind" from "team" where "id" in (${list(teams)});
select "occurrence_id", count(*) as "n" from "activity_slot" where "occurrence_id" in (${list(upcoming)}) and "signup_id" is not null group by "occurrence_id";
select "occurrence_id", count(*) as "n" from "activity_signup" where "occurrence_id" in (${list(upcoming)}) and "status" = 'waitlisted' group by "occurrence_id";
select "code", "label" from "activity_category" where "town_id" = ${town} order by "sort";
select "id", "town_id", "account_id", "status", "name", "skills", "id_hash", "region_id", "volunteer_no" from "volunteer" where "account_id" = ${AID};
select "s"."id", "s"."occurrence_id", "s"."status", "s"."checked_in_at", "s"."checked_out_at",
  case when s.status = 'waitlisted' then (select count(*) from activity_signup w
    where w.occurrence_id = s.occurrence_id and w.status = 'waitlisted' and w.requested_at <= s.requested_at) end as "position"
  from "activity_signup" as "s" where "s"."volunteer_id" = ${VID} and "s"."occurrence_id" in (${list(upcoming)}) and "s"."status" in ('confirmed', 'waitlisted');
`;

  // GET /api/points/me (points/service.ts me: the volunteer, its account, totals, rules, held, minutes).
  const points = `${SESSION}
select "id", "town_id", "region_id", "name", "status", "account_id" from "volunteer" where "account_id" = ${AID};
select id from points_account where volunteer_id = ${VID};
select "p"."id", "p"."town_id", "p"."kind", "p"."region_id", "rg"."name" as "region_name", "p"."balance", "p"."updated_at",
  coalesce("p"."volunteer_id", "p"."team_id", "p"."merchant_id") as "owner_id",
  coalesce(v.name, t.name, case when p.kind = 'hold' then m.name || '（待核销）' else m.name end, tw.name || '（发放账户）') as "name"
  from "points_account" as "p" inner join "region" as "rg" on "rg"."id" = "p"."region_id" inner join "town" as "tw" on "tw"."id" = "p"."town_id"
  left join "volunteer" as "v" on "v"."id" = "p"."volunteer_id" left join "team" as "t" on "t"."id" = "p"."team_id"
  left join "merchant" as "m" on "m"."id" = "p"."merchant_id" where "p"."id" = ${ACCT};
select coalesce(sum(e.amount) filter (where x.kind in ('earn', 'earn_adjust', 'grant', 'deduct', 'reverse')), 0) as "earned",
  coalesce(-sum(e.amount) filter (where x.kind in ('hold', 'release')), 0) as "spent"
  from "points_entry" as "e" inner join "points_txn" as "x" on "x"."id" = "e"."txn_id" where "e"."account_id" = ${ACCT};
select * from "points_settings" where "town_id" = ${town};
select * from "points_rate" where "town_id" = ${town};
select coalesce(sum("points"), 0) as "n" from "redemption" where "volunteer_id" = ${VID} and "status" = 'held';
select coalesce(sum(minutes), 0) as "n" from "service_record" where "volunteer_id" = ${VID} and "status" = 'confirmed';
`;

  // GET /api/help-requests/pool (help/service.ts pool → volunteerSelf, repository pool, present).
  const gridPath = (await db.query('select path from region where id = $1', [place.gridId])).rows[0].path;
  const segments = gridPath.split('/').filter(Boolean);
  const paths = segments.map((_, i) => `/${segments.slice(0, i + 1).join('/')}/`);
  const poolWhere = `"hr"."town_id" = ${town} and (("hr"."status" = 'assigned' and "hr"."assignee_volunteer_id" = $1)
    or ("hr"."status" = 'open' and (false or ("hr"."pool" <> 'team' and "pr"."path" in (${list(paths)})))))`;
  const poolFrom = `from "help_request" as "hr" inner join "region" as "rr" on "rr"."id" = "hr"."region_id"
  left join "region" as "pr" on "pr"."id" = "hr"."pool_region_id"`;
  const queue = (
    await db.query(
      `select hr.id, hr.region_id, hr.pool_region_id, hr.filed_by ${poolFrom} where ${poolWhere} order by "hr"."created_at" limit 200`,
      [`00000000-0000-4000-8000-000000000001`],
    )
  ).rows;
  const pool = `${SESSION}
select "v"."id", "v"."name", "vr"."path",
  coalesce((select array_agg(r.path) from party_member pm join region r on r.id = pm.region_id where pm.account_id = v.account_id), '{}') as "party_paths",
  coalesce((select array_agg(pm.report_region_id::text) from party_member pm
            where pm.account_id = v.account_id and pm.report_region_id is not null), '{}') as "reported_to",
  coalesce((select array_agg(tm.team_id::text) from team_member tm where tm.volunteer_id = v.id and tm.status = 'active'), '{}') as "team_ids"
  from "volunteer" as "v" inner join "region" as "vr" on "vr"."id" = "v"."region_id"
  where "v"."account_id" = ${AID} and "v"."town_id" = ${town} and "v"."status" = 'approved';
select "hr".*, "rr"."path" as "region_path" ${poolFrom} where ${poolWhere.replace('$1', VID)} order by "hr"."created_at" limit 200;
${await describeRegionsSql(db, [...new Set(queue.flatMap((r) => [r.region_id, r.pool_region_id].filter(Boolean)))])}
select "id", "kind", "stage", "help_request_id" from "attachment" where "help_request_id" in (${list(queue.map((r) => r.id))}) order by "created_at";
select "id", "name" from "account" where "id" in (${list([...new Set(queue.map((r) => r.filed_by))])});
select "town_id", "code", "label" from "help_category" where "town_id" in (${town});
`;
  return [
    { key: 'feed', name: "a volunteer's activity feed", path: '/api/activities/feed', script: feed },
    { key: 'points', name: 'my points', path: '/api/points/me', script: points },
    { key: 'pool', name: "the grid's queue of help requests", path: '/api/help-requests/pool', script: pool },
  ];
}

// ------------------------------------------------------------------ where the time goes (--explain)
/**
 * Each statement of a read's script for volunteer 1: EXPLAIN (ANALYZE, BUFFERS)'s planning and
 * execution time and shared buffers (warm), and the mean wall time of running it 200 times in a
 * row on one connection (the simple protocol: parse, plan and execute each time, as the server's
 * unnamed statements do).
 */
async function explain(db, read) {
  const statements = read.script
    .split(/;\n/)
    .map((x) => x.trim().replaceAll(':k', '1'))
    .filter(Boolean);
  const out = [];
  for (const text of statements) {
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) await db.query(text);
    const wall = performance.now() - t0;
    // After the runs, so the plan times are warm (the first plan on a connection loads catalogs).
    const plan = (await db.query(`explain (analyze, buffers, format json) ${text}`)).rows[0]['QUERY PLAN'][0];
    out.push([
      text.replace(/\s+/g, ' ').slice(0, 90),
      plan['Planning Time'].toFixed(3),
      plan['Execution Time'].toFixed(3),
      String(plan.Plan['Shared Hit Blocks'] + (plan.Plan['Shared Read Blocks'] ?? 0)),
      (wall / 200).toFixed(3),
    ]);
  }
  const sum = (i) => out.reduce((a, r) => a + Number(r[i]), 0).toFixed(3);
  console.log(`\n${read.path}: each statement for one volunteer, idle connection`);
  console.log(
    table([
      ['statement', 'planning ms', 'execution ms', 'buffers', 'wall ms (200 in a row)'],
      ...out,
      ['total', sum(1), sum(2), '', sum(4)],
    ]),
  );
}

// ------------------------------------------------------------------ load
/** autocannon on one route for `seconds`, each request with the next volunteer's session. */
function cannon(path, people, seconds) {
  let next = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections: CONNECTIONS,
        duration: seconds,
        requests: [
          {
            method: 'GET',
            path,
            setupRequest: (req) => ({ ...req, headers: { ...req.headers, cookie: `tx_session=${people[next++ % people.length].token}` } }),
          },
        ],
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
}

async function httpRun(bench, read, people) {
  await cannon(read.path, people, WARMUP);
  const pgBefore = await backendCpu(bench.db);
  const nodeBefore = cpuMs(bench.server.pid);
  const r = await cannon(read.path, people, SECONDS);
  const nodeMs = cpuMs(bench.server.pid) - nodeBefore;
  const pgAfter = await backendCpu(bench.db);
  let pgMs = 0;
  for (const [pid, ms] of pgAfter) pgMs += ms - (pgBefore.get(pid) ?? 0);
  const n = r.requests.total;
  return {
    rate: r.requests.average,
    total: n,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    nodeMs: nodeMs / n,
    pgMs: pgMs / n,
    bytes: r.throughput.total / Math.max(1, n),
  };
}

/**
 * As many pgbench clients as max_connections leaves room for, at most 100 (the machine's PostgreSQL
 * allows 100 in all, shared with the server's pool and whatever else runs).
 */
async function pgbenchClients(db) {
  const { rows } = await db.query(
    `select current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int
       - (select count(*) from pg_stat_activity where backend_type = 'client backend')::int as free`,
  );
  return Math.max(8, Math.min(100, rows[0].free - 8));
}

function pgbenchRun(bench, read, clients) {
  const file = join(bench.dir, `hot-${read.key}.sql`);
  writeFileSync(file, `\\set k random(1, ${N})\n${read.script}`);
  pgbench(bench, { file, clients, jobs: 2, seconds: WARMUP, mode: 'prepared' });
  const p = pgbench(bench, { file, clients, jobs: 2, seconds: SECONDS, mode: 'prepared', latencies: true });
  return { rate: p.rate, p50: percentile(p.ms, 50), p99: percentile(p.ms, 99), statements: p.statements };
}

// ------------------------------------------------------------------ main
async function main() {
  const bench = await openBench('hot', port);
  const { db } = bench;
  try {
    const place = await helpPlace(db);
    const loadBefore = loadavg();
    const t0 = performance.now();
    const { people, upcoming, signups } = await fixtures(bench, place);
    console.log(
      `fixtures in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${fmt(N)} volunteers with sessions; ${ACTIVITIES} weekly activities ` +
        `(sign-ups to the first ${upcoming.length} occurrences: ${Object.entries(signups)
          .map(([s, k]) => `${k}×${s}`)
          .join(', ')}); ${ENTRIES} grants and ${RECORDS} service records each; ${REQUESTS} open requests in the grid's pool`,
    );
    const clients = await pgbenchClients(db);
    const ms = (x) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;
    // Two ceilings in the same run: a bare Fastify route (no database) with the same autocannon, and
    // the session lookup every read starts with, alone in pgbench.
    const bare = await httpRun(bench, { path: '/healthz' }, people);
    const session = pgbenchRun(bench, { key: 'session', script: SESSION }, clients);
    console.log(
      `ceilings: GET /healthz ${fmt(bare.rate)}/s p50 ${bare.p50} ms p99 ${bare.p99} ms (node ${bare.nodeMs.toFixed(2)} ms CPU a request); ` +
        `session lookup alone in pgbench ${fmt(session.rate)} tps p50 ${ms(session.p50)} p99 ${ms(session.p99)}`,
    );
    const results = [];
    for (const read of (await reads(db, place, upcoming)).filter((r) => !ONLY || ONLY.includes(r.key))) {
      if (EXPLAIN) await explain(db, read);
      const h = await httpRun(bench, read, people);
      const p = pgbenchRun(bench, read, clients);
      results.push({ read, h, p });
      console.log(
        `${read.path.padEnd(26)} HTTP ${fmt(h.rate).padStart(6)}/s p50 ${h.p50} ms p99 ${h.p99} ms (${fmt(h.total)} requests, ${h.non2xx} non-2xx, ` +
          `${h.errors} errors, ${fmt(h.bytes)} B each; CPU/request node ${h.nodeMs.toFixed(2)} ms, postgres ${h.pgMs.toFixed(2)} ms)  ` +
          `pgbench ${fmt(p.rate).padStart(6)} tps p50 ${p.p50.toFixed(1)} ms p99 ${p.p99.toFixed(1)} ms`,
      );
      console.log(`  pgbench per statement (ms):\n${p.statements.replace(/^/gm, '    ')}`);
    }

    console.log(
      `\nHot reads: autocannon ${CONNECTIONS} connections, ${SECONDS} s each after ${WARMUP} s of warm-up, ${fmt(N)} sessions; ` +
        `pgbench -M prepared -c ${clients} -j 2 -T ${SECONDS} on the same SQL; PostgreSQL`,
    );
    console.log(
      table([
        ['read', 'HTTP req/s', 'p50 / p99', 'pgbench tps', 'p50 / p99', 'HTTP ÷ pgbench', 'CPU/request node / postgres', 'target'],
        ...results.map(({ read, h, p }) => [
          `${read.name} (${read.path})`,
          fmt(h.rate),
          `${ms(h.p50)} / ${ms(h.p99)}`,
          fmt(p.rate),
          `${ms(p.p50)} / ${ms(p.p99)}`,
          (h.rate / p.rate).toFixed(2),
          `${h.nodeMs.toFixed(2)} / ${h.pgMs.toFixed(2)} ms`,
          `≥ ${fmt(TARGET_RATE)}/s, p99 ≤ ${TARGET_P99} ms`,
        ]),
        [
          'ceiling: GET /healthz (bare Fastify, no database)',
          fmt(bare.rate),
          `${ms(bare.p50)} / ${ms(bare.p99)}`,
          '',
          '',
          '',
          `${bare.nodeMs.toFixed(2)} ms / —`,
          '',
        ],
        ['ceiling: the session lookup alone (pgbench)', '', '', fmt(session.rate), `${ms(session.p50)} / ${ms(session.p99)}`, '', '', ''],
      ]),
    );
    const m = machine(loadBefore);
    console.log(`${m.line}${m.busy ? ': the machine was busy, so the rates are low' : ''}`);
    const failed = results.some(({ h }) => h.non2xx || h.errors);
    const met = results.every(({ h }) => h.rate >= TARGET_RATE && h.p99 <= TARGET_P99);
    console.log(`goal: ≥ ${fmt(TARGET_RATE)} requests/s at p99 ≤ ${TARGET_P99} ms for each read → ${met ? 'met' : 'MISSED'}`);
    writeFigures([
      ...results.flatMap(({ read, h, p }) => [
        figure(`hot read: ${read.name}, requests/s`, Math.round(h.rate), 'req/s', {
          baseline: Math.round(p.rate),
          baselineUnit: 'pgbench tps',
          ratio: h.rate / p.rate,
          target: `≥ ${fmt(TARGET_RATE)} req/s`,
          met: h.rate >= TARGET_RATE && !h.non2xx && !h.errors,
          note: `${read.path}; ${CONNECTIONS} connections; ${h.non2xx} non-2xx`,
        }),
        figure(`hot read: ${read.name}, p99 latency`, h.p99, 'ms', {
          baseline: Number(p.p99.toFixed(1)),
          baselineUnit: 'ms (pgbench p99)',
          target: `≤ ${TARGET_P99} ms`,
          met: h.p99 <= TARGET_P99,
          note: `p50 ${h.p50} ms (pgbench ${p.p50.toFixed(1)} ms)`,
        }),
      ]),
      figure('hot reads ceiling: GET /healthz (bare Fastify)', Math.round(bare.rate), 'req/s', {
        baseline: Math.round(session.rate),
        baselineUnit: 'pgbench tps, session lookup alone',
        note: `p99 ${bare.p99} ms; the most any read could reach here`,
      }),
    ]);
    if (failed) {
      console.error('hot-reads.mjs: some requests failed (non-2xx or errors)');
      process.exitCode = 1;
    }
  } finally {
    await bench.close();
  }
}

await main();
