// What the PostgreSQL benchmarks share (signup.mjs, claim.mjs): a throwaway database with the real
// server started on it, volunteers with sessions written straight into that database (sealed with
// the key the server is given, so no argon2 is paid), a lean keep-alive HTTP client, pgbench, and
// the arithmetic and printing of the figures.
import { spawn, spawnSync } from 'node:child_process';
import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

// ------------------------------------------------------------------ options
const args = process.argv.slice(2);
/** `--name <number>` from the command line, or the fallback. */
export const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
};
/** `--name <text>` from the command line, or the fallback. */
export const optText = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};

// ------------------------------------------------------------------ machine-readable figures
/**
 * One figure for `npm run bench` (bench/run.mjs): the value, the baseline measured in the same run
 * and their ratio, the target as text and whether it was met (null: no target).
 */
export function figure(
  figure,
  value,
  unit,
  { baseline = null, baselineUnit = null, ratio = null, target = null, met = null, note = null } = {},
) {
  return { figure, value, unit, baseline, baselineUnit, ratio, target, met, note };
}

/** Write the figures as JSON to `--json <file>` (or BENCH_JSON) when one is given; the printed tables stay as they are. */
export function writeFigures(rows) {
  const file = optText('json', process.env.BENCH_JSON);
  if (file) writeFileSync(file, JSON.stringify(rows, null, 2));
}

// ------------------------------------------------------------------ sealing, as the server does
// (platform/crypto.ts): the benches write accounts, volunteers and requests straight into the
// database, so their protected values must open under the key the server is given.
export function sealing(dataKey) {
  const encKey = createHmac('sha256', dataKey).update('tongxin:encrypt').digest();
  const macKey = createHmac('sha256', dataKey).update('tongxin:hash').digest();
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    },
    keyedHash: (v) => createHmac('sha256', macKey).update(v).digest('base64url'),
  };
}
export const sha256 = (v) => createHash('sha256').update(v).digest('base64url');

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A valid resident ID number (check digit included), distinct for each i. */
export function idNumber(i, birth, male) {
  const seq = (i % 500) * 2 + (male ? 1 : 0);
  const first17 = `4406${String(10 + (Math.floor(i / 500) % 90)).padStart(2, '0')}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  let sum = 0;
  for (let k = 0; k < 17; k++) sum += Number(first17[k]) * W[k];
  return first17 + '10X98765432'[sum % 11];
}

// Deterministic ids: pgbench derives a row's id from its number without a lookup. `group` is four
// hex digits that say what kind of row it is.
export const benchUuid = (group, n) => `00000000-0000-4000-${group}-${String(n).padStart(12, '0')}`;
export const volunteerUuid = (n) => benchUuid('8000', n);
export const accountUuid = (n) => benchUuid('9000', n);
/** The same uuid as SQL, from a pgbench integer variable (`:k`). */
export const benchUuidSql = (group, variable) => `('00000000-0000-4000-${group}-' || lpad((:${variable})::text, 12, '0'))::uuid`;

// ------------------------------------------------------------------ database and server
async function adminQuery(baseUrl, sqlText) {
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  try {
    await c.query(sqlText);
  } finally {
    await c.end();
  }
}

export async function waitReady(child, port, seconds = 120) {
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return;
    } catch {
      // not yet
    }
    if (i > seconds * 20) throw new Error(`server not ready after ${seconds} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The real server (`apps/server/src/main.ts`) on `dbUrl` with the data key given, on `port`.
 * BENCH_PROFILE=<dir> runs it with --cpu-prof. Wait for it with `waitReady(child, port)`.
 */
export function spawnServer({ port, dbUrl, dataKey, dataDir, seedDemo }) {
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  return spawn(process.execPath, [...profile, '--import', 'tsx', 'apps/server/src/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: dbUrl,
      LOG_LEVEL: 'warn',
      SEED_DEMO: seedDemo ? 'true' : 'false',
      TONGXIN_DATA_KEY: dataKey.toString('base64'),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/**
 * A throwaway database `bench_<name>_<random>` on BENCH_DATABASE_URL (default the machine's
 * PostgreSQL), the real server started on it with the demo town (which runs the migrations), and a
 * client on it. `close()` stops the server and drops the database; call it in a `finally`.
 * BENCH_PROFILE=<dir> runs the server with --cpu-prof.
 */
export async function openBench(name, port) {
  const baseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const dbName = `bench_${name}_${randomBytes(4).toString('hex')}`;
  const u = new URL(baseUrl);
  u.pathname = `/${dbName}`;
  const dbUrl = u.toString();
  const dir = mkdtempSync(join(tmpdir(), `tongxin-bench-${name}-`));
  const dataKey = randomBytes(32);
  await adminQuery(baseUrl, `create database ${dbName}`);
  const server = spawnServer({ port, dbUrl, dataKey, dataDir: join(dir, 'data'), seedDemo: true });
  const db = new pg.Client({ connectionString: dbUrl });
  const close = async () => {
    await db.end().catch(() => {});
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null || server.signalCode !== null ? r() : server.on('exit', r)));
    rmSync(dir, { recursive: true, force: true });
    await adminQuery(baseUrl, `drop database if exists ${dbName} with (force)`);
  };
  try {
    await waitReady(server, port);
    await db.connect();
  } catch (e) {
    await close();
    throw e;
  }
  return { port, dir, dbName, dbUrl, db, server, seal: sealing(dataKey), close };
}

// ------------------------------------------------------------------ fixtures
/** The demo town, its town admin, its first community with that community's team, and a grid in it. */
export async function demoPlace(db) {
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
  return place;
}

/** The demo grid of 何晓东 (grid worker) and 关玉珍 (a resident who asks for help there), in the demo place. */
export async function helpPlace(db) {
  const place = await demoPlace(db);
  const { rows } = await db.query(
    `select
       (select g.region_id from role_grant g join account a on a.id = g.account_id
         where a.name = '何晓东' and g.role = 'grid_worker' and a.town_id = $1 limit 1) as "gridId",
       (select id from account where name = '何晓东' and town_id = $1 limit 1) as "filerId",
       (select id from account where name = '关玉珍' and town_id = $1 limit 1) as "requesterId"`,
    [place.townId],
  );
  const h = rows[0];
  return {
    ...place,
    gridId: h.gridId ?? place.gridId,
    filerId: h.filerId ?? place.adminAccountId,
    requesterId: h.requesterId,
  };
}

/** Log in over HTTP: the cookie header to send and the CSRF token to echo. */
export async function login(port, mobile, password) {
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

/** A JSON call over HTTP with a session from login(); throws on any answer but 2xx. */
export async function api(port, session, method, path, body) {
  const res = await fetch(`http://127.0.0.1:${port}/api${path}`, {
    method,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/**
 * `count` approved volunteers living in the place's grid, numbered 1…count (ids volunteerUuid(n),
 * accountUuid(n)), each with an account and a session. Returns their cookies, in number order.
 */
export async function createVolunteers(db, place, count, seal) {
  const year = new Date().getFullYear();
  const c = {
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
  for (let n = 1; n <= count; n++) {
    const mobile = `139${String(n).padStart(8, '0')}`;
    const male = n % 2 === 0;
    const birth = `${1960 + (n % 40)}-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`;
    const id = idNumber(n, birth, male);
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(18).toString('base64url');
    c.accountId.push(accountUuid(n));
    c.name.push(`压测志愿者${n}`);
    c.mobileHash.push(seal.keyedHash(mobile));
    c.mobileCipher.push(seal.encrypt(mobile));
    c.mobileMasked.push(`${mobile.slice(0, 3)}****${mobile.slice(7)}`);
    c.volunteerId.push(volunteerUuid(n));
    c.volunteerNo.push(`B${year}${String(n).padStart(6, '0')}`);
    c.sex.push(male ? 'male' : 'female');
    c.birth.push(birth);
    c.idCipher.push(seal.encrypt(id));
    c.idHash.push(seal.keyedHash(`id:${id}`));
    c.idMasked.push(`${id.slice(0, 6)}********${id.slice(-4)}`);
    c.sessionId.push(sha256(token));
    c.csrf.push(csrf);
    people.push({ n, token, csrf });
  }
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

// ------------------------------------------------------------------ HTTP load
/**
 * One raw HTTP/1.1 request, with the person's session cookie and CSRF header when given. A POST
 * without a body is sent without Content-Type (Fastify refuses an empty JSON body).
 */
export function request(port, method, path, person, body) {
  const auth = person ? `cookie: tx_session=${person.token}; tx_csrf=${person.csrf}\r\nx-csrf-token: ${person.csrf}\r\n` : '';
  const payload = body === undefined ? '' : `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n`;
  return Buffer.from(`${method} ${path} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n${auth}${payload}\r\n${body ?? ''}`, 'utf8');
}

/**
 * A lean keep-alive HTTP/1.1 client over raw sockets (no HTTP client library is installed, and
 * node:http's own client would cost the shared 2 cores more than the server under test): each
 * connection sends one request, reads the whole answer (Content-Length), sends the next.
 */
async function openConnections(port, count) {
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

/** Every request's answer ({status, body, ms}: ms from writing it to its last byte), in order. */
function fire(sockets, requests) {
  const results = new Array(requests.length);
  let next = 0;
  let done = 0;
  return new Promise((resolve, reject) => {
    if (requests.length === 0) resolve(results);
    for (const s of sockets) {
      let buf = Buffer.alloc(0);
      let current = -1;
      let sentAt = 0;
      const send = () => {
        if (next >= requests.length) return;
        current = next++;
        sentAt = performance.now();
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
          results[current] = {
            status: Number(head.slice(9, 12)),
            body: buf.subarray(end + 4, total).toString('utf8'),
            ms: performance.now() - sentAt,
          };
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

// CPU time (user + system, all threads) of a process, in milliseconds.
const TICK_MS = 10; // CLK_TCK = 100 on Linux
export function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return 0; // gone
  }
}
/** CPU of the server's own PostgreSQL backends (its pool), by pid. */
export async function backendCpu(db) {
  const { rows } = await db.query(
    `select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`,
  );
  return new Map(rows.map((r) => [r.pid, cpuMs(r.pid)]));
}

/**
 * Send the requests over `connections` keep-alive connections to the bench's server: answers,
 * seconds, rate, statuses, and CPU per request of the server process and of its PostgreSQL backends.
 */
export async function load(bench, requests, connections) {
  const sockets = await openConnections(bench.port, connections);
  const pgBefore = await backendCpu(bench.db);
  const nodeBefore = cpuMs(bench.server.pid);
  const t0 = performance.now();
  const results = await fire(sockets, requests);
  const seconds = (performance.now() - t0) / 1000;
  const nodeCpu = cpuMs(bench.server.pid) - nodeBefore;
  const pgAfter = await backendCpu(bench.db);
  for (const s of sockets) s.destroy();
  let pgCpu = 0;
  for (const [pid, ms] of pgAfter) pgCpu += ms - (pgBefore.get(pid) ?? 0);
  const statuses = {};
  for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  const n = requests.length;
  return { results, seconds, rate: n / seconds, statuses, nodeMs: nodeCpu / n, pgMs: pgCpu / n };
}

/** The items in a random order (so no connection always carries the same people in the same order). */
export function shuffled(items) {
  return items
    .map((x) => [Math.random(), x])
    .sort((a, b) => a[0] - b[0])
    .map(([, x]) => x);
}

// ------------------------------------------------------------------ pgbench
function pgbenchBinary() {
  for (const p of ['/usr/lib/postgresql/15/bin/pgbench']) if (existsSync(p)) return p;
  return 'pgbench';
}

/**
 * Run a pgbench script file on the bench's database: `clients` clients on `jobs` threads, each
 * running `transactions` transactions (or all of them for `seconds`), no vacuum, the extended
 * protocol unless `mode` says otherwise; `vars` become -D name=value. Returns tps (without
 * connection time), transactions processed and the average latency; with `latencies`, also every
 * transaction's latency in ms (pgbench's per-transaction log) and the per-statement averages (-r).
 */
export function pgbench(bench, { file, clients, jobs, transactions, seconds, mode = 'extended', latencies = false, vars = {} }) {
  const u = new URL(bench.dbUrl);
  const logDir = latencies ? mkdtempSync(join(bench.dir, 'pgbench-log-')) : null;
  const r = spawnSync(
    pgbenchBinary(),
    [
      '-n',
      '-M',
      mode,
      '-c',
      String(clients),
      '-j',
      String(jobs),
      ...(seconds ? ['-T', String(seconds)] : ['-t', String(transactions)]),
      ...(latencies ? ['-r', '-l', `--log-prefix=${join(logDir, 'tx')}`] : []),
      ...Object.entries(vars).flatMap(([k, v]) => ['-D', `${k}=${v}`]),
      '-f',
      file,
      '-h',
      u.hostname,
      '-p',
      u.port || '5432',
      '-U',
      decodeURIComponent(u.username || 'postgres'),
      bench.dbName,
    ],
    { encoding: 'utf8', env: { ...process.env, ...(u.password ? { PGPASSWORD: decodeURIComponent(u.password) } : {}) } },
  );
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(r.stdout);
  const processed = /number of transactions actually processed: (\d+)/.exec(r.stdout);
  const latency = /latency average = ([\d.]+) ms/.exec(r.stdout);
  if (r.status !== 0 || !tps) throw new Error(`pgbench failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  const out = { rate: Number(tps[1]), processed: Number(processed?.[1] ?? 0), latencyMs: Number(latency?.[1] ?? NaN) };
  if (!logDir) return out;
  // Log lines: client, transaction, latency in µs, script, epoch seconds, µs.
  const ms = readdirSync(logDir).flatMap((f) =>
    readFileSync(join(logDir, f), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => Number(line.split(' ')[2]) / 1000),
  );
  rmSync(logDir, { recursive: true, force: true });
  const statements = r.stdout.slice(r.stdout.indexOf('statement latencies')).split('\n').slice(1).filter(Boolean).join('\n');
  return { ...out, ms, statements };
}

// ------------------------------------------------------------------ figures
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Nearest-rank percentile (p in 0…100) of the numbers. */
export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
export const fmt = (x) => Math.round(x).toLocaleString('en');

/** A plain Markdown table of string cells, the first row the header, widths by characters. */
export function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => [...r[i]].length)));
  const line = (r) => `| ${r.map((c, i) => c + ' '.repeat(widths[i] - [...c].length)).join(' | ')} |`;
  return [line(rows[0]), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(1).map(line)].join('\n');
}

/** The machine and its load: cores, CPU model, 1-minute load average at the start and now. */
export function machine(loadBefore) {
  const cores = cpus();
  const busy = loadavg()[0] > cores.length;
  return {
    busy,
    line: `machine: ${cores.length} cores (${cores[0]?.model.trim() ?? 'unknown CPU'}); load average (1 min) ${loadBefore[0].toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`,
  };
}
