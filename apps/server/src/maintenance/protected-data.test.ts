import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { createTestApp, testConfig, type Caller, type TestContext, type TestTown } from '../../test/helpers.js';
import { rotateDataKey } from './rotate-key.js';

let t: TestContext;
let town: TestTown;
let admin: Caller;
let residentId: string;
const SECRET = {
  id: '11010519491231002X',
  mobile: '13712345678',
  address: '保密巷九十九号院',
  notes: '长期服药的病情说明',
  raised: '家中漏水需要维修',
};

beforeAll(async () => {
  t = await createTestApp();
  town = await t.createTown();
  admin = await t.caller(town.townId, town.townId, 'town_admin');
  const c = town.communities[0]!;
  const h = (
    await t.app.inject({
      method: 'POST',
      url: '/api/households',
      headers: admin.headers,
      payload: { regionId: c.gridId, address: SECRET.address, room: '1201' },
    })
  ).json();
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/residents',
    headers: admin.headers,
    payload: {
      householdId: h.id,
      name: '保密测试',
      idNumber: SECRET.id,
      mobile: SECRET.mobile,
      careTags: ['disabled'],
      notes: SECRET.notes,
    },
  });
  residentId = r.json().id;
  await t.db
    .insertInto('household_contact')
    .values({
      town_id: town.townId,
      household_id: h.id,
      region_id: c.gridId,
      party_member_id: null,
      account_id: admin.accountId,
      contacted_on: '2026-11-01',
      way: 'visit',
      raised_cipher: t.cipher.encrypt(SECRET.raised),
      follow_up: 'none',
    })
    .execute();
});
afterAll(() => t?.close());

/** Everything the database holds, as text: pg_dump on PostgreSQL, every row of every table on PGlite. */
async function dumpText(): Promise<string> {
  if (t.database.kind === 'postgres' && t.database.url) {
    return execFileSync('pg_dump', ['--no-owner', '--data-only', t.database.url], { encoding: 'utf8', maxBuffer: 1 << 28 });
  }
  const tables = await sql<{ tablename: string }>`select tablename from pg_tables where schemaname = 'public'`.execute(t.db);
  const parts: string[] = [];
  for (const { tablename } of tables.rows) {
    const rows = await sql<{ r: unknown }>`select row_to_json(x) as r from ${sql.table(tablename)} x`.execute(t.db);
    parts.push(JSON.stringify(rows.rows));
  }
  return parts.join('\n');
}

describe('protected personal data', () => {
  it('leaves no ID number, phone number, exact address, care tag or note in clear in a database dump', async () => {
    const dump = await dumpText();
    expect(dump.length).toBeGreaterThan(1000);
    expect(dump).toContain('保密测试'); // names are not protected: the dump is real
    for (const value of Object.values(SECRET)) expect(dump, value).not.toContain(value);
    expect(dump).not.toContain('13712345678'.slice(3, 7) + '5678'); // the middle digits never appear
  });

  it('rotates the data key: everything re-sealed, still readable and findable under the new key only', async () => {
    const oldKey = t.config.dataKey;
    const newKey = randomBytes(32);
    const before = await t.db
      .selectFrom('resident')
      .select(['id_cipher', 'mobile_hash'])
      .where('id', '=', residentId)
      .executeTakeFirstOrThrow();
    const report = await rotateDataKey(t.db, oldKey, newKey);
    expect(report.find((r) => r.table === 'resident')!.rows).toBeGreaterThan(0);
    const after = await t.db
      .selectFrom('resident')
      .select(['id_cipher', 'mobile_hash'])
      .where('id', '=', residentId)
      .executeTakeFirstOrThrow();
    expect(after.id_cipher).not.toBe(before.id_cipher);
    expect(after.mobile_hash).not.toBe(before.mobile_hash);
    // Running it twice is harmless (an interrupted run can simply be repeated).
    await rotateDataKey(t.db, oldKey, newKey);

    const app = await buildApp({ config: testConfig({ dataKey: newKey }), database: t.database, startWorkers: false });
    await app.ready();
    try {
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { mobile: admin.mobile, password: 'Passw0rd-test' },
      });
      expect(login.statusCode, login.body).toBe(200);
      const cookies = Object.fromEntries(login.cookies.map((c) => [c.name, c.value]));
      const headers = { cookie: `tx_session=${cookies.tx_session}; tx_csrf=${cookies.tx_csrf}`, 'x-csrf-token': cookies.tx_csrf! };
      const found = (await app.inject({ method: 'GET', url: `/api/residents?q=${SECRET.mobile}`, headers })).json();
      expect(found.items.map((r: { id: string }) => r.id)).toEqual([residentId]);
      const byTag = (await app.inject({ method: 'GET', url: '/api/residents?careTag=disabled', headers })).json();
      expect(byTag.items.map((r: { id: string }) => r.id)).toEqual([residentId]);
      const clear = (
        await app.inject({
          method: 'GET',
          url: `/api/residents/${residentId}/reveal?fields=idNumber&fields=mobile&fields=notes&fields=address`,
          headers,
        })
      ).json();
      expect(clear).toMatchObject({ idNumber: SECRET.id, mobile: SECRET.mobile, notes: SECRET.notes });
      expect(clear.address).toContain(SECRET.address);
    } finally {
      await app.close();
    }
  });
});
