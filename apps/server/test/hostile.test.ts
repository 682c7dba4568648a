/**
 * Hostile input, for every operation of the OpenAPI document: each path parameter, query
 * parameter, published header and body property of a valid request (the access matrix's own,
 * built on real objects of the caller's scope so that the body's checks are reached) is replaced
 * by hostile values from hostile-inputs.ts, and whole bodies are oversized, deeply nested,
 * malformed, mistyped or not UTF-8. Upload routes get wrong and malformed files.
 *
 * The rules, for every response:
 * - never a 5xx;
 * - every 4xx is a JSON body whose `code` is in ERRORS with that status; 401 never happens (the
 *   caller holds a session), 403 only as a decision of the service (never CSRF_FAILED);
 * - a value the published schema refuses (checked with Ajv under Fastify's options: the document
 *   is the contract) is refused with 400 VALIDATION_FAILED;
 * - a value the schema accepts is valid input: a 2xx is allowed, and so is a 4xx the service
 *   decides (NOT_FOUND, a state rule). Hostile text that is accepted is text: the answer is JSON,
 *   never HTML, and never HTML-escaped;
 * - a whole-body attack is refused with the status and code it names (413 PAYLOAD_TOO_LARGE,
 *   400 BAD_REQUEST, 415 UNSUPPORTED_MEDIA_TYPE); a route without a body schema ignores a body
 *   that parses;
 * - nothing is stored by a refused request: the transactions committed while it ran are noted
 *   (pg_xact_status over the transaction ids assigned meanwhile, two tiny queries per request),
 *   and once per operation one scan finds the rows they left (xmin). Unlike a snapshot of row
 *   counts this sees updates too. Only the tables in LEGITIMATE_WRITES may hold such rows.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { ERRORS, ROLE_PERMISSIONS, ROLES, idCheckDigit, type Role } from '@tongxin/shared';
import ExcelJS from '../src/platform/exceljs.js';
import { backend, createTestApp, uniqueMobile, TEST_PASSWORD, type Caller, type TestContext } from './helpers.js';
import { CASES, createFixture, type Fixture, type Request } from './access-cases.js';
import { HOSTILE_TEXT, variantsOf, type BaseRequest, type Schema, type Variant } from './hostile-inputs.js';

/**
 * Tables a refused request may legitimately write, and why: a failed login counts against the
 * account and is audited (the lockout depends on it); a session's sliding expiry is refreshed at
 * most every ten minutes by whatever request comes.
 */
const LEGITIMATE_WRITES: Array<{ route: RegExp; tables: string[] }> = [
  { route: /^POST \/api\/auth\/login$/, tables: ['account', 'audit_log'] },
  { route: /./, tables: ['session'] },
  // A town's party-points items are written with their defaults the first time anyone asks.
  { route: /^[A-Z]+ \/api\/party-points\//, tables: ['party_points_item'] },
];

/** Routes whose JSON null body means "no body" (the end date defaults to today). */
const BODY_OPTIONAL = new Set(['POST /api/pairings/:id/end']);
/** Routes with their own, larger body limit (an Excel sheet): a 10 MB body is theirs to refuse. */
const OWN_BODY_LIMIT = new Set(['POST /api/imports/:kind']);

interface Operation {
  key: string;
  method: string;
  path: string;
  parameters?: Array<{ in: string; name: string; schema: Schema }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
}

let t: TestContext;
let fx: Fixture;
let operations: Operation[];
let tables: string[] = [];
const callers = new Map<string, Caller>();
// Fastify's validator options (app.ts), so that this test and the server read the schemas alike.
const ajv = new Ajv({
  coerceTypes: 'array',
  useDefaults: true,
  removeAdditional: false,
  allErrors: false,
  strictNumbers: false,
  strictSchema: false,
});
addFormats(ajv);

beforeAll(async () => {
  // HOSTILE_LOG=error shows the server's log of a 500.
  t = await createTestApp({ config: { logLevel: process.env.HOSTILE_LOG ?? 'silent' } });
  fx = await createFixture(t);
  const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, Omit<Operation, 'key' | 'method' | 'path'>>>;
  };
  tables = (
    await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(t.db)
  ).rows.map((r) => r.table_name);
  operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map(([m, op]) => ({ ...op, method: m.toUpperCase(), path, key: `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}` })),
  );
}, 120_000);
afterAll(() => t?.close());

/**
 * The caller of an operation: a town admin on the town root where that role may use it (and for
 * own-record routes), else a caller on community A holding the first role that may. Logging out
 * and changing the password get their own, since they end sessions.
 */
async function callerFor(key: string): Promise<Caller> {
  const access = t.app.apiRoutes.find((r) => `${r.method} ${r.url}` === key)!.access;
  let role: Role = 'town_admin';
  if (typeof access === 'object' && !ROLE_PERMISSIONS.town_admin.includes(access.permission)) {
    role = ROLES.find((r) => ROLE_PERMISSIONS[r].includes(access.permission))!;
  }
  const own = key === 'POST /api/auth/logout' || key === 'POST /api/auth/password' ? key : role;
  let c = callers.get(own);
  if (!c) {
    c = await t.caller(fx.town.townId, role === 'town_admin' ? fx.town.townId : fx.community('A').id, role);
    callers.set(own, c);
  }
  return c;
}

/** A valid request of the operation: the access matrix's case inside the scope, else outside (a town-level one), else built here. */
async function baseRequest(op: Operation, caller: Caller | null): Promise<BaseRequest> {
  const c = CASES[op.key];
  let req: Request | null = null;
  if (typeof c === 'function' && caller) req = (await c(fx, 'A', caller)) ?? (await c(fx, 'B', caller));
  if (op.key === 'POST /api/auth/login') {
    const a = await t.createAccount(fx.town.townId, fx.community('A').gridId, 'resident');
    req = { method: 'POST', url: '/api/auth/login', payload: { mobile: a.mobile, password: TEST_PASSWORD } };
  }
  if (op.key === 'POST /api/volunteers/register') req = { method: 'POST', url: '/api/volunteers/register', payload: registration() };
  req ??= { method: op.method, url: op.path.replace(/\{(\w+)\}/g, (_m, p: string) => (p === 'token' ? 'a'.repeat(32) : randomUUID())) };
  const headers = { ...(req.headers as Record<string, string> | undefined), ...caller?.headers };
  return { method: req.method ?? op.method, url: req.url, headers, payload: req.payload as unknown };
}

let registrations = 0;
function registration() {
  registrations += 1;
  const first17 = `44060519900101${String(registrations).padStart(3, '0')}`;
  return {
    name: '申请人',
    idNumber: first17 + idCheckDigit(first17),
    regionId: fx.community('A').gridId,
    skills: [],
    serviceCategories: ['care'],
    availability: ['weekend'],
    mobile: uniqueMobile(),
    password: 'Abcdefg123',
  };
}

/** The next transaction id PostgreSQL will assign. */
async function nextXid(): Promise<bigint> {
  const r = await sql<{ x: string }>`select pg_snapshot_xmax(pg_current_snapshot())::text as x`.execute(t.db);
  return BigInt(r.rows[0]!.x);
}

/** Transactions committed while a refused request of the current operation ran: xid → the request. */
const suspects = new Map<number, string>();

/** Note the transactions committed in [from, to), while a refused request ran. */
async function noteCommitted(from: bigint, to: bigint, where: string): Promise<void> {
  if (from === to) return;
  const status = await sql<{ x: string; s: string | null }>`
    select x::text, pg_xact_status(x::text::xid8) as s
    from generate_series(${from.toString()}::bigint, ${(to - 1n).toString()}::bigint) x`.execute(t.db);
  for (const r of status.rows) if (r.s === 'committed') suspects.set(Number(BigInt(r.x) % 2n ** 32n), where);
}

/**
 * Once per operation, one scan: the rows those transactions left (their xmin), outside the
 * tables the operation may legitimately write. A transaction that left no row deleted or only
 * locked: a failure on PGlite, where every transaction is this test's. On PostgreSQL the counter
 * is the cluster's (other databases, autovacuum), so there only rows found here count.
 */
async function storedByRefused(op: Operation): Promise<string[]> {
  if (!suspects.size) return [];
  const xids = sql.join([...suspects.keys()].map((x) => sql.lit(x)));
  const found = await sql<{ t: string; x: string }>`${sql.join(
    tables.map((name) => sql`(select ${name} as t, xmin::text as x from ${sql.table(name)} where xmin::text::bigint in (${xids}))`),
    sql` union all `,
  )}`.execute(t.db);
  const allowed = LEGITIMATE_WRITES.filter((w) => w.route.test(op.key)).flatMap((w) => w.tables);
  const out = found.rows
    .filter((r) => !allowed.includes(r.t))
    .map((r) => `${op.key} ${suspects.get(Number(r.x))}: a refused request stored a row in ${r.t}`);
  // (Where the operation may update rows, a later refused request moves their xmin on: skip.)
  if (backend === 'pglite' && !LEGITIMATE_WRITES.some((w) => w.route.source !== '.' && w.route.test(op.key))) {
    const seen = new Set(found.rows.map((r) => Number(r.x)));
    for (const [x, where] of suspects) if (!seen.has(x)) out.push(`${op.key} ${where}: a refused request committed a deletion or lock`);
  }
  suspects.clear();
  return [...new Set(out)];
}

/** Streamed exports write their audit line as the stream ends, just after the answer: wait for it. */
async function settleExport(auditBefore: number): Promise<void> {
  for (let i = 0; i < 100 && (await auditCount()) <= auditBefore; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
}

const auditCount = async () => (await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(t.db)).rows[0]!.n;

function schemaAccepts(v: Extract<Variant['expect'], { refuse: false }>): boolean {
  const wrap = v.where === 'body' ? v.schema : { type: 'object', properties: { x: v.schema } };
  const data = v.where === 'body' ? structuredClone(v.value) : { x: v.value };
  return ajv.validate(wrap, data) as boolean;
}

interface Outcome {
  sent: number;
  failures: string[];
}

async function send(op: Operation, v: Variant, out: Outcome): Promise<number> {
  const streamed = op.path.endsWith('/export');
  const audited = streamed ? await auditCount() : 0;
  const before = await nextXid();
  let res;
  try {
    res = await t.app.inject({ method: v.method as InjectOptions['method'], url: v.url, headers: v.headers, payload: v.payload });
  } catch (e) {
    // HTTP itself cannot carry it (a header value light-my-request refuses): nothing to test.
    if (e instanceof TypeError && /header/i.test(e.message)) return 0;
    out.failures.push(`${op.key} ${v.label}: no answer (${(e as Error).message})`);
    return 0;
  }
  out.sent += 1;
  if (streamed && res.statusCode < 300) await settleExport(audited);
  const after = await nextXid();
  const where = `${op.key} ${v.label}`;
  const fail = (why: string) => out.failures.push(`${where}: ${why} → ${res.statusCode} ${res.body.slice(0, 200)}`);
  const status = res.statusCode;
  if (status >= 500) fail('server error');
  let code: string | undefined;
  if (status >= 400) {
    try {
      code = (res.json() as { code?: string }).code;
    } catch {
      code = undefined;
    }
    if (!code || !(code in ERRORS) || ERRORS[code as keyof typeof ERRORS].status !== status) fail('error without a stable code');
    if (status === 401 && code !== 'AUTH_INVALID_CREDENTIALS') fail('401 for a caller holding a session');
    if (code === 'CSRF_FAILED') fail('CSRF refused');
    await noteCommitted(before, after, v.label);
  }
  const e = v.expect;
  if (e.refuse) {
    if (status < 400) fail('accepted');
    else if ((e.status && status !== e.status) || (e.code && code !== e.code)) fail(`expected ${e.status ?? ''} ${e.code ?? ''}`);
  } else if (!schemaAccepts(e)) {
    if (code !== 'VALIDATION_FAILED' && status < 500) fail('schema-invalid value not refused as VALIDATION_FAILED');
  } else if (status < 300) {
    // Valid hostile text is stored and answered as text: JSON, never HTML, never HTML-escaped.
    const type = String(res.headers['content-type'] ?? '');
    if (type.includes('html')) fail('answered as HTML');
    if (type.includes('json') && /&lt;|&gt;|&quot;/.test(res.body)) fail('text answered HTML-escaped');
  }
  return status;
}

/** Upload routes take raw bodies: wrong and malformed files. */
async function uploadVariants(op: Operation, base: BaseRequest): Promise<Variant[]> {
  const v = (label: string, type: string, payload: Buffer | string, expect: Variant['expect']): Variant => ({
    label,
    method: base.method,
    url: base.url,
    headers: { ...base.headers, 'content-type': type },
    payload,
    expect,
  });
  const refuse = (status?: number, code?: string) => ({ refuse: true as const, status, code });
  if (op.key === 'POST /api/attachments') {
    return [
      v('an executable as image/png', 'image/png', Buffer.from('MZ\x90\x00 this program cannot be run'), refuse()),
      v('HTML as image/jpeg', 'image/jpeg', '<html><script>alert(1)</script></html>', refuse()),
      v('empty image', 'image/png', Buffer.alloc(0), refuse()),
      v('6 MB image', 'image/png', Buffer.alloc(6 * 1024 * 1024, 1), refuse(413, 'PAYLOAD_TOO_LARGE')),
      v('an SVG', 'image/svg+xml', '<svg onload="alert(1)"/>', refuse(415, 'UNSUPPORTED_MEDIA_TYPE')),
      v('malformed multipart', 'multipart/form-data; boundary=x', '--x\r\nbroken', refuse(415, 'UNSUPPORTED_MEDIA_TYPE')),
    ];
  }
  const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const sheet = new ExcelJS.Workbook();
  const ws = sheet.addWorksheet('住户');
  ws.addRow(['所属网格', '地址']);
  for (const text of Object.values(HOSTILE_TEXT)) ws.addRow([`${fx.community('A').name}/一小区/第一网格`, text.slice(0, 30_000)]);
  ws.addRow([1e308, -(2 ** 63)]);
  return [
    v('garbage as xlsx', xlsx, Buffer.from('PK\x03\x04 not really a zip'), refuse()),
    v('text as xlsx', xlsx, "' OR 1=1 --", refuse()),
    v('empty xlsx', xlsx, Buffer.alloc(0), refuse()),
    v('csv', 'text/csv', '所属网格,地址\n', refuse(415, 'UNSUPPORTED_MEDIA_TYPE')),
    v('malformed multipart', 'multipart/form-data; boundary=x', '--x\r\nbroken', refuse(415, 'UNSUPPORTED_MEDIA_TYPE')),
    // Hostile cells are rows of a valid sheet: reported per row or imported as text, never a 500.
    {
      ...v('a sheet of hostile cells', xlsx, Buffer.from(await sheet.xlsx.writeBuffer()), refuse()),
      expect: { refuse: false, schema: {}, value: null, where: 'body' },
    },
  ];
}

const UPLOADS = new Set(['POST /api/attachments', 'POST /api/imports/:kind']);

describe('hostile input', () => {
  it('the OpenAPI document lists every /api route', () => {
    const documented = new Set(operations.map((o) => o.key));
    const missing = t.app.apiRoutes.map((r) => `${r.method} ${r.url}`).filter((k) => !documented.has(k));
    expect(missing).toEqual([]);
    expect(operations.length).toBeGreaterThanOrEqual(t.app.apiRoutes.length);
  });

  it('sees a row stored while a request ran', async () => {
    const op = operations.find((o) => o.key === 'GET /api/notifications')!;
    const before = await nextXid();
    await fx.notificationFor((await fx.freshAccount('A')).id);
    await noteCommitted(before, await nextXid(), 'a planted write');
    expect((await storedByRefused(op)).join()).toContain('a refused request stored a row in notification');
  });

  it('every operation refuses hostile input with a stable 4xx and stores nothing', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(10 * 1024 * 1024) });
    const out: Outcome = { sent: 0, failures: [] };
    const started = Date.now();
    const slowest: Array<[string, number]> = [];
    for (const op of operations) {
      // The live stream stays open on success; its only input is the session (access.test.ts).
      if (op.key === 'GET /api/notifications/stream') continue;
      const began = Date.now();
      const access = t.app.apiRoutes.find((r) => `${r.method} ${r.url}` === op.key)!.access;
      let caller = access === 'public' ? null : await callerFor(op.key);
      let base = await baseRequest(op, caller);
      const uploads = UPLOADS.has(op.key) ? await uploadVariants(op, base) : [];
      let variants = [
        ...uploads,
        ...variantsOf(op, base, big, { ownBodyLimit: OWN_BODY_LIMIT.has(op.key), bodyOptional: BODY_OPTIONAL.has(op.key) }),
      ];
      for (let i = 0; i < variants.length; i += 1) {
        const status = await send(op, variants[i]!, out);
        // An accepted write may have used up the base request's object (deleted, decided, version
        // moved) or, for logout, the session: build a fresh one so the next variants reach as deep.
        if (status >= 200 && status < 300 && op.method !== 'GET') {
          if (op.key === 'POST /api/auth/logout' && caller) {
            caller = await t.login(caller.mobile);
            callers.set(op.key, caller);
          }
          base = await baseRequest(op, caller);
          variants = [
            ...uploads,
            ...variantsOf(op, base, big, { ownBodyLimit: OWN_BODY_LIMIT.has(op.key), bodyOptional: BODY_OPTIONAL.has(op.key) }),
          ];
        }
      }
      out.failures.push(...(await storedByRefused(op)));
      slowest.push([op.key, Date.now() - began]);
    }
    slowest.sort((a, b) => b[1] - a[1]);
    console.log(
      `hostile input: ${operations.length} operations, ${out.sent} requests, ${Date.now() - started} ms; slowest: ${slowest
        .slice(0, 8)
        .map(([k, ms]) => `${k} ${ms} ms`)
        .join(', ')}`,
    );
    expect(out.failures).toEqual([]);
  }, 600_000);
});
