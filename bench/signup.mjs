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
import { spawn, spawnSync } from 'node:child_process';
import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
};
const PGBENCH_CLIENTS = 32;
const N = Math.ceil(opt('volunteers', 2048) / PGBENCH_CLIENTS) * PGBENCH_CLIENTS;
const CAPACITY = opt('capacity', 500);
const ROUNDS = opt('rounds', 5);
const CONNECTIONS = opt('connections', 64);
if (CAPACITY >= N) throw new Error('capacity must be below the number of volunteers (someone must be waitlisted)');
const port = 4392;
const dir = mkdtempSync(join(tmpdir(), 'tongxin-bench-signup-'));
const dataKey = randomBytes(32);

// ------------------------------------------------------------------ sealing, as the server does
// (platform/crypto.ts): the bench writes accounts and volunteers straight into the database, so
// their protected values must open under the key the server is given.
const encKey = createHmac('sha256', dataKey).update('tongxin:encrypt').digest();
const macKey = createHmac('sha256', dataKey).update('tongxin:hash').digest();
function encrypt(plain) {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', encKey, iv);
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}
const keyedHash = (v) => createHmac('sha256', macKey).update(v).digest('base64url');
const sha256 = (v) => createHash('sha256').update(v).digest('base64url');
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function idNumber(i, birth, male) {
  const seq = (i % 500) * 2 + (male ? 1 : 0);
  const first17 = `4406${String(10 + (Math.floor(i / 500) % 90)).padStart(2, '0')}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  let sum = 0;
  for (let k = 0; k < 17; k++) sum += Number(first17[k]) * W[k];
  return first17 + '10X98765432'[sum % 11];
}
// Deterministic ids: pgbench derives a volunteer's id from its number without a lookup.
const volunteerUuid = (n) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const accountUuid = (n) => `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`;

// ------------------------------------------------------------------ database and server
const baseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `bench_signup_${randomBytes(4).toString('hex')}`;
const dbUrl = (() => {
  const u = new URL(baseUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();

async function admin(sqlText) {
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  try {
    await c.query(sqlText);
  } finally {
    await c.end();
  }
}

function startServer() {
  const env = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: join(dir, 'data'),
    DATABASE_URL: dbUrl,
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'true',
    TONGXIN_DATA_KEY: dataKey.toString('base64'),
  };
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  return spawn(process.execPath, [...profile, '--import', 'tsx', 'apps/server/src/main.ts'], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function waitReady(child) {
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return;
    } catch {
      // not yet
    }
    if (i > 2400) throw new Error('server not ready after 120 s');
    await new Promise((r) => setTimeout(r, 50));
  }
}

// ------------------------------------------------------------------ fixtures
/** N approved volunteers in the demo town's first grid, each with an account and a session. */
async function createVolunteers(db, place) {
  const year = new Date().getFullYear();
  const cols = {
    accountId: [],
    name: [],
    mobileHash: [],
    mobileCipher: [],
    mobileMasked: [],
    volunteerId: [],
    volunteerNo: [],
    sex: [],
    birth: [],
    idCipher: [],
    idHash: [],
    idMasked: [],
    sessionId: [],
    csrf: [],
  };
  const people = [];
  for (let n = 1; n <= N; n++) {
    const mobile = `139${String(n).padStart(8, '0')}`;
    const male = n % 2 === 0;
    const birth = `${1960 + (n % 40)}-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`;
    const id = idNumber(n, birth, male);
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(18).toString('base64url');
    cols.accountId.push(accountUuid(n));
    cols.name.push(`压测志愿者${n}`);
    cols.mobileHash.push(keyedHash(mobile));
    cols.mobileCipher.push(encrypt(mobile));
    cols.mobileMasked.push(`${mobile.slice(0, 3)}****${mobile.slice(7)}`);
    cols.volunteerId.push(volunteerUuid(n));
    cols.volunteerNo.push(`B${year}${String(n).padStart(6, '0')}`);
    cols.sex.push(male ? 'male' : 'female');
    cols.birth.push(birth);
    cols.idCipher.push(encrypt(id));
    cols.idHash.push(keyedHash(`id:${id}`));
    cols.idMasked.push(`${id.slice(0, 6)}********${id.slice(-4)}`);
    cols.sessionId.push(sha256(token));
    cols.csrf.push(csrf);
    people.push({ token, csrf });
  }
  const c = cols;
  await db.query('begin');
  // Never used to log in (sessions are made directly), so no argon2 hash is computed.
  await db.query(
    `insert into account (id, town_id, home_region_id, name, mobile_hash, mobile_cipher, mobile_masked, password_hash)
     select a, $1, $2, nm, h, ci, m, '$argon2id$bench-no-login'
     from unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[]) as t(a, nm, h, ci, m)`,
    [place.townId, place.gridId, c.accountId, c.name, c.mobileHash, c.mobileCipher, c.mobileMasked],
  );
  await db.query(
    `insert into role_grant (town_id, account_id, role, region_id, granted_by)
     select $1, a, 'volunteer', $2, $3 from unnest($4::uuid[]) as t(a)`,
    [place.townId, place.gridId, place.adminAccountId, c.accountId],
  );
  await db.query(
    `insert into volunteer (id, town_id, account_id, region_id, volunteer_no, name, sex, birth_date, id_type,
       id_cipher, id_hash, id_masked, status, reviewed_by, reviewed_at)
     select v, $1, a, $2, no, nm, sx, b::date, 'resident_id', ci, h, m, 'approved', $3, now()
     from unnest($4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
       as t(v, a, no, nm, sx, b, ci, h, m)`,
    [
      place.townId,
      place.gridId,
      place.adminAccountId,
      c.volunteerId,
      c.accountId,
      c.volunteerNo,
      c.name,
      c.sex,
      c.birth,
      c.idCipher,
      c.idHash,
      c.idMasked,
    ],
  );
  // Sessions as platform/auth/sessions.ts stores them: the id is sha256 of the cookie token.
  await db.query(
    `insert into session (id, account_id, csrf_token, expires_at)
     select s, a, k, now() + interval '1 day' from unnest($1::text[], $2::uuid[], $3::text[]) as t(s, a, k)`,
    [c.sessionId, c.accountId, c.csrf],
  );
  await db.query('commit');
  return people;
}

async function login(mobile, password) {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mobile, password }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  const csrf = cookies.find((c) => c.startsWith('tx_csrf='))?.slice('tx_csrf='.length);
  return { cookie: cookies.join('; '), csrf };
}

async function api(session, method, path, body) {
  const res = await fetch(`http://127.0.0.1:${port}/api${path}`, {
    method,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** A published one-off activity of the given capacity through the API; its one occurrence. */
let dayOffset = 10;
async function createOccurrence(adminSession, place, label) {
  const day = new Date(Date.now() + dayOffset++ * 86_400_000);
  const firstDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(day);
  const activity = await api(adminSession, 'POST', '/activities', {
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
  const { items } = await api(adminSession, 'GET', `/activities/${activity.id}/occurrences`);
  if (items.length !== 1) throw new Error(`expected one occurrence, got ${items.length}`);
  return { id: items[0].id, townId: place.townId };
}

// ------------------------------------------------------------------ HTTP load
/**
 * A lean keep-alive HTTP/1.1 client over raw sockets (no HTTP client library is installed, and
 * node:http's own client would cost the shared 2 cores more than the server under test): each
 * connection sends one request, reads the whole answer (Content-Length), sends the next.
 */
async function openConnections(count) {
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise((resolve, reject) => {
          const s = net.connect({ host: '127.0.0.1', port, noDelay: true }, () => resolve(s));
          s.once('error', reject);
        }),
    ),
  );
}

function fire(sockets, requests) {
  const results = new Array(requests.length);
  let next = 0;
  let done = 0;
  return new Promise((resolve, reject) => {
    if (requests.length === 0) resolve(results);
    for (const s of sockets) {
      let buf = Buffer.alloc(0);
      let current = -1;
      const send = () => {
        if (next >= requests.length) return;
        current = next++;
        s.write(requests[current]);
      };
      s.removeAllListeners('data');
      s.on('data', (chunk) => {
        buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
        for (;;) {
          const end = buf.indexOf('\r\n\r\n');
          if (end < 0) return;
          const head = buf.subarray(0, end).toString('latin1');
          const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
          if (!m) return reject(new Error(`answer without Content-Length: ${head}`));
          const total = end + 4 + Number(m[1]);
          if (buf.length < total) return;
          results[current] = { status: Number(head.slice(9, 12)), body: buf.subarray(end + 4, total).toString('utf8') };
          buf = buf.subarray(total);
          if (++done === requests.length) return resolve(results);
          send();
        }
      });
      s.on('error', reject);
      send();
    }
  });
}

function request(method, path, person, body) {
  const auth = person ? `cookie: tx_session=${person.token}; tx_csrf=${person.csrf}\r\nx-csrf-token: ${person.csrf}\r\n` : '';
  const payload = body === undefined ? '' : `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n`;
  return Buffer.from(`${method} ${path} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n${auth}${payload}\r\n${body ?? ''}`, 'utf8');
}

// CPU time (user + system, all threads) of a process, in milliseconds.
const TICK_MS = 10; // CLK_TCK = 100 on Linux
function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return 0; // gone
  }
}
/** CPU of the server's own PostgreSQL backends (its pool), by pid. */
async function backendCpu(db) {
  const { rows } = await db.query(
    `select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`,
  );
  return new Map(rows.map((r) => [r.pid, cpuMs(r.pid)]));
}

/** Send the requests over CONNECTIONS keep-alive connections; rate, statuses, CPU per request. */
async function load(db, serverPid, requests) {
  const sockets = await openConnections(CONNECTIONS);
  const pgBefore = await backendCpu(db);
  const nodeBefore = cpuMs(serverPid);
  const t0 = performance.now();
  const results = await fire(sockets, requests);
  const seconds = (performance.now() - t0) / 1000;
  const nodeCpu = cpuMs(serverPid) - nodeBefore;
  const pgAfter = await backendCpu(db);
  for (const s of sockets) s.destroy();
  let pgCpu = 0;
  for (const [pid, ms] of pgAfter) pgCpu += ms - (pgBefore.get(pid) ?? 0);
  const statuses = {};
  for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  const n = requests.length;
  return { results, seconds, rate: n / seconds, statuses, nodeMs: nodeCpu / n, pgMs: pgCpu / n };
}

async function httpRound(db, serverPid, people, occurrence) {
  // Shuffle so no connection always carries the same volunteers in the same order.
  const order = people
    .map((p, i) => [Math.random(), i])
    .sort((a, b) => a[0] - b[0])
    .map(([, i]) => people[i]);
  const r = await load(
    db,
    serverPid,
    order.map((p) => request('POST', `/api/occurrences/${occurrence.id}/signup`, p, '{}')),
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
  const vid = `('00000000-0000-4000-8000-' || lpad((:k)::text, 12, '0'))::uuid`;
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

function pgbenchBinary() {
  for (const p of ['/usr/lib/postgresql/15/bin/pgbench']) if (existsSync(p)) return p;
  return 'pgbench';
}

function pgbenchRound(occurrence, label) {
  const perClient = N / PGBENCH_CLIENTS;
  const file = join(dir, `signup-${label}.sql`);
  writeFileSync(file, pgbenchScript(occurrence, perClient));
  const u = new URL(dbUrl);
  const r = spawnSync(
    pgbenchBinary(),
    [
      '-n',
      '-M',
      'extended',
      '-c',
      String(PGBENCH_CLIENTS),
      '-j',
      '2',
      '-t',
      String(perClient),
      '-D',
      'i=0',
      '-f',
      file,
      '-h',
      u.hostname,
      '-p',
      u.port || '5432',
      '-U',
      decodeURIComponent(u.username || 'postgres'),
      dbName,
    ],
    { encoding: 'utf8', env: { ...process.env, ...(u.password ? { PGPASSWORD: decodeURIComponent(u.password) } : {}) } },
  );
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(r.stdout);
  const processed = /number of transactions actually processed: (\d+)/.exec(r.stdout);
  if (r.status !== 0 || !tps) throw new Error(`pgbench failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return { rate: Number(tps[1]), processed: Number(processed?.[1] ?? 0) };
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
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x) => Math.round(x).toLocaleString('en');

async function main() {
  await admin(`create database ${dbName}`);
  const child = startServer();
  const db = new pg.Client({ connectionString: dbUrl });
  let failed = false;
  try {
    await waitReady(child);
    await db.connect();
    const adminSession = await login('13800000001', 'Tongxin2026');
    const place = (
      await db.query(
        `select a.town_id as "townId", a.id as "adminAccountId", c.id as "communityId", g.id as "gridId", t.id as "teamId"
         from account a
         join region c on c.town_id = a.town_id and c.depth = 1
         join region g on g.path like c.path || '%' and g.depth = 3
         join team t on t.region_id = c.id and t.kind = 'community'
         where a.name = '梁镇安' order by c.created_at, g.created_at limit 1`,
      )
    ).rows[0];
    if (!place) throw new Error('demo town not found');
    const loadBefore = loadavg();
    const t0 = performance.now();
    const people = await createVolunteers(db, place);
    console.log(
      `fixtures: ${N.toLocaleString('en')} approved volunteers with sessions in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    await db.query('analyze');

    const rows = [];
    for (let round = 0; round <= ROUNDS; round++) {
      const label = round === 0 ? 'warm-up' : `round ${round}`;
      const hOcc = await createOccurrence(adminSession, place, `HTTP ${label}`);
      const pOcc = await createOccurrence(adminSession, place, `pgbench ${label}`);
      const h = await httpRound(db, child.pid, people, hOcc);
      const hCheck = await check(db, hOcc.id);
      const p = pgbenchRound(pOcc, round);
      const pCheck = await check(db, pOcc.id);
      // Baselines in the same round: a bare Fastify route, and an authenticated read (session
      // lookup, account, grants) with the same volunteers' cookies.
      const bare = await load(
        db,
        child.pid,
        people.map(() => request('GET', '/healthz')),
      );
      const me = await load(
        db,
        child.pid,
        people.map((x) => request('GET', '/api/auth/me', x)),
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
    const table = [
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
    ];
    const widths = table[0].map((_, i) => Math.max(...table.map((r) => [...r[i]].length)));
    const line = (r) => `| ${r.map((c, i) => c + ' '.repeat(widths[i] - [...c].length)).join(' | ')} |`;
    console.log(
      `\nSign-ups for one occurrence: ${N.toLocaleString('en')} volunteers, capacity ${CAPACITY}, PostgreSQL, median of ${counted.length} rounds`,
    );
    console.log([line(table[0]), line(widths.map((w) => '-'.repeat(w))), ...table.slice(1).map(line)].join('\n'));
    console.log(
      `load average (1 min) ${loadBefore[0].toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end, on ${cpus().length} cores${loadavg()[0] > cpus().length ? ': the machine was busy; figures are low and pgbench (32 backends) gets more of it than the server (1 thread, 10 backends)' : ''}`,
    );
    console.log(`goal: exactly ${CAPACITY} winners every round and HTTP ≥ ½ pgbench → ${!failed && ratio >= 0.5 ? 'met' : 'MISSED'}`);
    if (failed) process.exitCode = 1;
  } finally {
    await db.end().catch(() => {});
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r() : child.on('exit', r)));
    rmSync(dir, { recursive: true, force: true });
    await admin(`drop database if exists ${dbName} with (force)`);
  }
}

await main();
