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
//   node bench/hot-reads.mjs --port 4650                the server on another port (default 4395)
//   node bench/hot-reads.mjs --pgbench-mode extended    pgbench sends unnamed statements, as the server does
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
// spread over all N sessions.
//
// The baseline: pgbench -M prepared sending, per transaction, exactly the statements the server
// sends for the route in steady state, for a random volunteer (`\set k random(1, N)`), with the same
// parameters (the reads and their SQL, below): the feed's first page is one statement, my points one,
// the pool two (the volunteer, then the queue with its places, names and files). The server sends
// them unnamed (parsed and planned each time); pgbench prepares each once per connection, so its
// figure leaves out the parse and, once PostgreSQL settles on a generic plan, the planning too
// (--explain shows what planning costs). Not in the baseline:
//   - the session lookup (platform/auth/sessions.ts): each server instance keeps a resolved session
//     for 10 s (platform/auth/session-cache.ts), so the HTTP run looks each of the N sessions up
//     about once per 10 s: N / (10 s × rate) of the requests (5 % for 500 sessions at 1,000 req/s,
//     20 % for 2,000), printed with each read;
//   - the pool's help categories (help_category), read once and kept by the server;
//   - points expiry (creditsSince), which the demo town does not set: a town with an expiry adds a
//     statement to my points.
// Each HTTP run samples pg_stat_activity for what the server's connections are running and says
// whether it matches the script: a statement of the script never seen, or other statements seen
// often, means the server has changed. Capture again: `alter database <the bench's> set
// log_statement = 'all'`, end the server's pool connections (pg_terminate_backend; it reconnects),
// request each route three times with one volunteer's cookie and copy the statements of the third
// request and their parameters from the PostgreSQL log.
// Two ceilings in the same run: a bare Fastify route (GET /healthz, no database) with the same
// autocannon, and one round trip (select 1) in pgbench.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import {
  api,
  backendCpu,
  benchUuid,
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
const port = opt('port', 4395);
const EXPLAIN = process.argv.includes('--explain');
// pgbench's protocol: prepared (the baseline), or extended to send unnamed statements, parsed and
// planned each time, as the server does.
const MODE = optText('pgbench-mode', 'prepared');
if (!['prepared', 'extended'].includes(MODE)) throw new Error(`--pgbench-mode prepared or extended, not ${MODE}`);
const ONLY = optText('reads', null)?.split(',');
const TARGET_RATE = 5000;
const TARGET_P99 = 50;

// ------------------------------------------------------------------ fixtures
async function fixtures(bench, place) {
  const { db } = bench;
  const people = await createVolunteers(db, place, N, bench.seal);

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
// What the server sends for each read in steady state (session cached), verbatim, with $1…$n: captured
// with log_statement = all from the server on a database of these fixtures (volunteer 1, the third
// request in a row), from activities/repository.ts feed, points/repository.ts myPoints and
// help/repository.ts volunteerSelf and pool. Keep them in step; each run checks them (see `watch`).

// GET /api/activities/feed, first page: $1 the town, $2 the page size + 1 (FEED_PAGE 20 + 1: is there a
// next page), $3 the caller's account.
const FEED = `
    with top as (
      select o.id, o.town_id, o.activity_id, o.region_id, o.starts_at, o.ends_at, o.capacity, o.site as occurrence_site,
        o.note, o.detached, o.status, a.title, a.description, a.category, a.monthly_theme, a.site, a.lat, a.lng,
        a.geofence_m, a.eligibility, a.eligibility_team_id, a.eligibility_skill, a.insurance_required,
        a.organiser_team_id, a.partner_team_id, a.status as activity_status
      from activity_occurrence o join activity a on a.id = o.activity_id
      where o.town_id = $1 and o.status = 'scheduled' and a.status = 'published' and o.ends_at > now()   
      order by o.starts_at, o.id
      limit $2
    ), places as materialized (
      select r.id, r.path, array(
          select coalesce(n.name, '?') from unnest(string_to_array(trim(both '/' from r.path), '/')) with ordinality as q(id, k)
            left join region n on n.id = q.id::uuid order by q.k) as names
      from region r where r.id in (select region_id from top)
    )
    -- Names as scalar subqueries rather than joins: planning eight joins cost more than running them.
    select t.*, p.path as region_path, p.names as region_names,
      (select name from team where id = t.organiser_team_id) as organiser_team_name,
      (select name from team where id = t.partner_team_id) as partner_team_name,
      (select name from team where id = t.eligibility_team_id) as eligibility_team_name,
      (select label from activity_category c where c.town_id = t.town_id and c.code = t.category) as category_label,
      (select count(*) from activity_slot s where s.occurrence_id = t.id and s.signup_id is not null)::int as taken,
      (select count(*) from activity_signup w where w.occurrence_id = t.id and w.status = 'waitlisted')::int as waitlisted,
      my.id as my_id, my.status as my_status, my.checked_in_at as my_checked_in_at, my.checked_out_at as my_checked_out_at,
      my.position as my_position
    from top t
      join places p on p.id = t.region_id
      left join lateral (
        select s.id, s.status, s.checked_in_at, s.checked_out_at,
          case when s.status = 'waitlisted' then (select count(*) from activity_signup w where w.occurrence_id = s.occurrence_id
            and w.status = 'waitlisted' and w.requested_at <= s.requested_at)::int end as position
        from activity_signup s
        where s.occurrence_id = t.id and s.status in ('confirmed', 'waitlisted')
          and s.volunteer_id = (select v.id from volunteer v where v.account_id = $3)
      ) my on true
    order by t.starts_at, t.id`;

// GET /api/points/me: $1 the caller's account.
const POINTS_ME = `
    select v.id as volunteer_id, v.town_id, v.region_id as volunteer_region_id, v.status,
      case when p.id is not null then json_build_object('id', p.id, 'town_id', p.town_id, 'kind', p.kind, 'region_id', p.region_id,
        'region_name', rg.name, 'balance', p.balance, 'updated_at', p.updated_at, 'owner_id', v.id, 'name', v.name) end as account,
      coalesce(t.earned, 0) as earned, coalesce(t.spent, 0) as spent,
      (select coalesce(sum(r.points), 0) from redemption r where r.volunteer_id = v.id and r.status = 'held') as held,
      (select coalesce(sum(sr.minutes), 0) from service_record sr where sr.volunteer_id = v.id and sr.status = 'confirmed') as minutes,
      s.town_id is not null as has_settings, s.expiry_months, s.expiry_on, tw.timezone
    from volunteer v
      join town tw on tw.id = v.town_id
      left join points_account p on p.volunteer_id = v.id
      left join region rg on rg.id = p.region_id
      left join points_settings s on s.town_id = v.town_id
      left join lateral (
        select sum(e.amount) filter (where x.kind in ('earn', 'earn_adjust', 'grant', 'deduct', 'reverse')) as earned,
          -sum(e.amount) filter (where x.kind in ('hold', 'release')) as spent
        from points_entry e join points_txn x on x.id = e.txn_id
        where e.account_id = p.id
      ) t on true
    where v.account_id = $1`;

// GET /api/help-requests/pool: the volunteer ($1 account, $2 town, $3 'approved'), then the queue ($1
// town, $3 the volunteer, $6… the regions on the volunteer's path, $10 the page size).
const POOL_VOLUNTEER = `select "v"."id", "v"."name", "vr"."path", coalesce((select array_agg(r.path) from party_member pm join region r on r.id = pm.region_id
                               where pm.account_id = v.account_id), '{}') as "party_paths", coalesce((select array_agg(pm.report_region_id::text) from party_member pm
                               where pm.account_id = v.account_id and pm.report_region_id is not null), '{}') as "reported_to", coalesce((select array_agg(tm.team_id::text) from team_member tm
                               where tm.volunteer_id = v.id and tm.status = 'active'), '{}') as "team_ids" from "volunteer" as "v" inner join "region" as "vr" on "vr"."id" = "v"."region_id" where "v"."account_id" = $1 and "v"."town_id" = $2 and "v"."status" = $3`;
const POOL = `
    with top as ((select "hr".*, "rr"."path" as "region_path" from "help_request" as "hr" inner join "region" as "rr" on "rr"."id" = "hr"."region_id" where "hr"."town_id" = $1 and (("hr"."status" = $2 and "hr"."assignee_volunteer_id" = $3) or ("hr"."status" = $4 and (false or ("hr"."pool" <> $5 and "hr"."pool_region_id" in ($6, $7, $8, $9))))) order by "hr"."created_at" limit $10)), places as materialized (
      select r.id, array(
          select coalesce(n.name, '?') from unnest(string_to_array(trim(both '/' from r.path), '/')) with ordinality as q(id, k)
            left join region n on n.id = q.id::uuid order by q.k) as names
      from region r where r.id in (select region_id from top)
    )
    select top.*, p.names as region_names, fa.name as filed_by_name, pr.name as pool_region_name,
      coalesce((select json_agg(json_build_object('id', a.id, 'kind', a.kind, 'stage', a.stage) order by a.created_at)
        from attachment a where a.help_request_id = top.id), '[]') as files
    from top
      join places p on p.id = top.region_id
      left join account fa on fa.id = top.filed_by
      left join region pr on pr.id = top.pool_region_id
    order by top.created_at`;

/** A parameter that is the volunteer's own id, group `group` of benchUuid (8000 volunteer, 9000 account). */
const own = (group) => ({ own: group });

/**
 * The three reads, each with the statements the server sends for it and their parameters: the
 * values that are the same for every volunteer of the grid (the town, the regions on the grid's
 * path, sizes, statuses) as they are, the volunteer's own ids as own(group).
 */
async function reads(db, place) {
  const town = place.townId;
  const gridPath = (await db.query('select path from region where id = $1', [place.gridId])).rows[0].path;
  const reach = gridPath.split('/').filter(Boolean); // help/repository.ts reachingRegionIds: the path, town first
  return [
    {
      key: 'feed',
      name: "a volunteer's activity feed",
      path: '/api/activities/feed',
      statements: [{ text: FEED, params: [town, '21', own('9000')] }],
    },
    {
      key: 'points',
      name: 'my points',
      path: '/api/points/me',
      statements: [{ text: POINTS_ME, params: [own('9000')] }],
    },
    {
      key: 'pool',
      name: "the grid's queue of help requests",
      path: '/api/help-requests/pool',
      statements: [
        { text: POOL_VOLUNTEER, params: [own('9000'), town, 'approved'] },
        { text: POOL, params: [town, 'assigned', own('8000'), 'open', 'team', ...reach, '50'] },
      ],
    },
  ];
}

/**
 * A read's statements as a pgbench script and its -D variables: each $n becomes a variable holding
 * the parameter's value (so -M prepared binds the same values, untyped, as the server's pg driver
 * does), or for the volunteer's own ids the uuid built from :k (an immutable expression of it).
 */
function pgbenchScript(statements) {
  const vars = {};
  const names = new Map();
  const variable = (value) => {
    if (!names.has(value)) {
      names.set(value, `p${names.size + 1}`);
      vars[names.get(value)] = value;
    }
    return `:${names.get(value)}`;
  };
  const sql = statements.map(({ text, params }) =>
    text.trim().replace(/\$(\d+)\b/g, (_, i) => {
      const p = params[Number(i) - 1];
      if (p === undefined) throw new Error(`no value for $${i} in: ${text.trim().slice(0, 60)}`);
      return typeof p === 'object' ? benchUuidSql(p.own, 'k') : variable(p);
    }),
  );
  return { script: `\\set k random(1, ${N})\n${sql.map((s) => `${s};\n`).join('')}`, vars };
}

/** A statement's text on one line, for printing and comparing. */
const squeeze = (text) => text.replace(/\s+/g, ' ').trim();

/** The values the server binds for volunteer n. */
const valuesFor = (params, n) => params.map((p) => (typeof p === 'object' ? benchUuid(p.own, n) : p));

// ------------------------------------------------------------------ where the time goes (--explain)
/**
 * Each statement of a read for volunteer 1, sent as the server sends it (unnamed, with its
 * parameters: parse, plan and execute each time): EXPLAIN (ANALYZE, BUFFERS)'s planning and
 * execution time, rows and shared buffers (warm), and the mean wall time of running it 200 times
 * in a row on one connection.
 */
async function explain(db, read) {
  const out = [];
  for (const { text, params } of read.statements) {
    const values = valuesFor(params, 1);
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) await db.query(text, values);
    const wall = performance.now() - t0;
    // After the runs, so the plan times are warm (the first plan on a connection loads catalogs).
    const plan = (await db.query(`explain (analyze, buffers, format json) ${text}`, values)).rows[0]['QUERY PLAN'][0];
    out.push([
      squeeze(text).slice(0, 90),
      plan['Planning Time'].toFixed(3),
      plan['Execution Time'].toFixed(3),
      String(plan.Plan['Actual Rows']),
      String(plan.Plan['Shared Hit Blocks'] + (plan.Plan['Shared Read Blocks'] ?? 0)),
      (wall / 200).toFixed(3),
    ]);
  }
  const sum = (i) => out.reduce((a, r) => a + Number(r[i]), 0).toFixed(3);
  console.log(`\n${read.path}: each statement for one volunteer, idle connection`);
  console.log(
    table([
      ['statement', 'planning ms', 'execution ms', 'rows', 'buffers', 'wall ms (200 in a row)'],
      ...out,
      ['total', sum(1), sum(2), '', '', sum(5)],
    ]),
  );
}

// ------------------------------------------------------------------ is the script in step?
/**
 * What the server's connections are running while `run` lasts, from pg_stat_activity every 50 ms:
 * each active statement's text (cut at track_activity_query_size) and how many samples saw it.
 */
async function watch(db, run) {
  const seen = new Map();
  let stop = false;
  const sampler = (async () => {
    while (!stop) {
      const { rows } = await db.query(
        `select query from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()
           and backend_type = 'client backend' and state = 'active'`,
      );
      for (const r of rows) seen.set(r.query, (seen.get(r.query) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  try {
    return { result: await run(), seen };
  } finally {
    stop = true;
    await sampler;
  }
}

/** The samples sorted into the read's statements, session lookups and anything else; a line to print. */
function inStep(read, seen) {
  const per = read.statements.map(() => 0);
  const others = new Map();
  let sessions = 0;
  let total = 0;
  for (const [query, n] of seen) {
    total += n;
    const i = query ? read.statements.findIndex((s) => squeeze(s.text).startsWith(squeeze(query))) : -1;
    if (i >= 0) per[i] += n;
    else if (query.startsWith('select "session"."id"')) sessions += n;
    else others.set(query, n);
  }
  const other = [...others.values()].reduce((a, n) => a + n, 0);
  // A statement the server sends differently lands in "other"; a quick one may just not be sampled.
  const ok = other <= total * 0.05;
  const unseen = per.flatMap((n, i) => (n ? [] : [i + 1]));
  const top = [...others]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([q, n]) => `${n}× ${squeeze(q).slice(0, 60)}`);
  return {
    ok,
    line:
      `  server's statements seen (pg_stat_activity every 50 ms, ${fmt(total)} samples): ` +
      `${per.map((n, i) => `statement ${i + 1} of the script ${fmt(n)}`).join(', ')}, session lookup ${fmt(sessions)}, other ${fmt(other)}` +
      `${top.length ? ` (${top.join('; ')})` : ''}` +
      `${unseen.length ? `; statement ${unseen.join(', ')} not sampled (quick, or no longer sent)` : ''}` +
      `${ok ? '' : ' — OUT OF STEP: the pgbench script does not send what the server sends; capture again'}`,
  };
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
  const { result: r, seen } = await watch(bench.db, () => cannon(read.path, people, SECONDS));
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
    seen,
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

/**
 * pgbench -M MODE on a script ({ script, vars } of pgbenchScript) for WARMUP, then SECONDS
 * measured, with as many clients as there is room for now (others share the machine's PostgreSQL).
 */
async function pgbenchRun(bench, key, { script, vars }) {
  const clients = await pgbenchClients(bench.db);
  const file = join(bench.dir, `hot-${key}.sql`);
  writeFileSync(file, script);
  pgbench(bench, { file, clients, jobs: 2, seconds: WARMUP, mode: MODE, vars });
  const p = pgbench(bench, { file, clients, jobs: 2, seconds: SECONDS, mode: MODE, latencies: true, vars });
  return { rate: p.rate, p50: percentile(p.ms, 50), p99: percentile(p.ms, 99), statements: p.statements, clients };
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
    const ms = (x) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;
    // Two ceilings in the same run: a bare Fastify route (no database) with the same autocannon, and
    // one round trip (select 1) in pgbench, the most a one-statement read could reach there.
    const bare = await httpRun(bench, { path: '/healthz' }, people);
    const trip = await pgbenchRun(bench, 'select1', pgbenchScript([{ text: 'select 1', params: [] }]));
    console.log(
      `ceilings: GET /healthz ${fmt(bare.rate)}/s p50 ${bare.p50} ms p99 ${bare.p99} ms (node ${bare.nodeMs.toFixed(2)} ms CPU a request); ` +
        `one round trip (select 1) in pgbench ${fmt(trip.rate)} tps p50 ${ms(trip.p50)} p99 ${ms(trip.p99)}`,
    );
    const results = [];
    for (const read of (await reads(db, place)).filter((r) => !ONLY || ONLY.includes(r.key))) {
      if (EXPLAIN) await explain(db, read);
      const h = await httpRun(bench, read, people);
      const p = await pgbenchRun(bench, read.key, pgbenchScript(read.statements));
      const step = inStep(read, h.seen);
      results.push({ read, h, p, step });
      console.log(
        `${read.path.padEnd(26)} HTTP ${fmt(h.rate).padStart(6)}/s p50 ${h.p50} ms p99 ${h.p99} ms (${fmt(h.total)} requests, ${h.non2xx} non-2xx, ` +
          `${h.errors} errors, ${fmt(h.bytes)} B each; CPU/request node ${h.nodeMs.toFixed(2)} ms, postgres ${h.pgMs.toFixed(2)} ms)  ` +
          `pgbench ${fmt(p.rate).padStart(6)} tps p50 ${p.p50.toFixed(1)} ms p99 ${p.p99.toFixed(1)} ms`,
      );
      console.log(step.line);
      console.log(
        `  session lookups: about ${(100 * Math.min(1, N / (10 * h.rate))).toFixed(1)} % of these requests ` +
          `(each of the ${fmt(N)} sessions once per 10 s of cache; not in the pgbench script)`,
      );
      console.log(`  pgbench per statement (ms):\n${p.statements.replace(/^/gm, '    ')}`);
    }

    console.log(
      `\nHot reads: autocannon ${CONNECTIONS} connections, ${SECONDS} s each after ${WARMUP} s of warm-up, ${fmt(N)} sessions; ` +
        `pgbench -M ${MODE} -c ${[...new Set([trip, ...results.map((r) => r.p)].map((x) => x.clients))].join('/')} -j 2 -T ${SECONDS} on the statements the server sends (session cached); PostgreSQL`,
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
        ['ceiling: one round trip, select 1 (pgbench)', '', '', fmt(trip.rate), `${ms(trip.p50)} / ${ms(trip.p99)}`, '', '', ''],
      ]),
    );
    const m = machine(loadBefore);
    console.log(`${m.line}${m.busy ? ': the machine was busy, so the rates are low' : ''}`);
    const failed = results.some(({ h }) => h.non2xx || h.errors);
    const met = results.every(({ h }) => h.rate >= TARGET_RATE && h.p99 <= TARGET_P99);
    for (const { read, step } of results) if (!step.ok) console.log(`${read.path}: the pgbench script is out of step with the server`);
    console.log(`goal: ≥ ${fmt(TARGET_RATE)} requests/s at p99 ≤ ${TARGET_P99} ms for each read → ${met ? 'met' : 'MISSED'}`);
    writeFigures([
      ...results.flatMap(({ read, h, p, step }) => [
        figure(`hot read: ${read.name}, requests/s`, Math.round(h.rate), 'req/s', {
          baseline: Math.round(p.rate),
          baselineUnit: MODE === 'prepared' ? 'pgbench tps' : `pgbench tps (-M ${MODE})`,
          ratio: h.rate / p.rate,
          target: `≥ ${fmt(TARGET_RATE)} req/s`,
          met: h.rate >= TARGET_RATE && !h.non2xx && !h.errors,
          note: `${read.path}; ${CONNECTIONS} connections; ${h.non2xx} non-2xx${step.ok ? '' : '; pgbench script out of step'}`,
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
        baseline: Math.round(trip.rate),
        baselineUnit: 'pgbench tps, select 1',
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
