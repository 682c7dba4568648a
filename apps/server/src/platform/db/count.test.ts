import { idCheckDigit } from '@tongxin/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, uniqueMobile, type Caller, type TestContext, type TestTown } from '../../../test/helpers.js';
import { countUpTo, TOTAL_CAP } from './count.js';

let t: TestContext;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

/** The integers 1..n as rows `{ g }`. */
const series = (n: number) => t.db.selectFrom(sql<{ s: number }>`generate_series(1, ${n}::int)`.as('s'));

describe('countUpTo', () => {
  it('counts exactly under the cap, without totalCapped', async () => {
    expect(await countUpTo(t.db, series(7), 10)).toStrictEqual({ total: 7 });
    expect(await countUpTo(t.db, series(0), 10)).toStrictEqual({ total: 0 });
  });

  it('exactly cap rows: exact, not capped', async () => {
    expect(await countUpTo(t.db, series(10), 10)).toStrictEqual({ total: 10 });
  });

  it('over the cap: the cap, capped', async () => {
    expect(await countUpTo(t.db, series(11), 10)).toStrictEqual({ total: 10, totalCapped: true });
    expect(await countUpTo(t.db, series(5000), 10)).toStrictEqual({ total: 10, totalCapped: true });
  });

  it('the default cap is TOTAL_CAP', async () => {
    expect(await countUpTo(t.db, series(TOTAL_CAP))).toStrictEqual({ total: TOTAL_CAP });
    expect(await countUpTo(t.db, series(TOTAL_CAP + 1))).toStrictEqual({ total: TOTAL_CAP, totalCapped: true });
  });

  it('keeps the WHERE, drops a select list and an order', async () => {
    const even = series(30).where(sql<boolean>`s % 2 = 0`);
    expect(await countUpTo(t.db, even, 100)).toStrictEqual({ total: 15 });
    expect(await countUpTo(t.db, even.select(sql<number>`s`.as('g')).orderBy(sql`s`, 'desc'), 100)).toStrictEqual({ total: 15 });
  });

  it('stops reading after cap + 1 rows', async () => {
    // Row 12 would divide by zero: only a count that stops at 11 rows gets an answer.
    const trap = series(20).where(sql<boolean>`1 / (12 - s) is not null`);
    expect(await countUpTo(t.db, trap, 10)).toStrictEqual({ total: 10, totalCapped: true });
    await expect(countUpTo(t.db, trap, 100)).rejects.toThrow();
  });

  it('a GROUP BY or DISTINCT query counts its groups, not its rows', async () => {
    const grouped = series(100)
      .select(sql<number>`s % 3`.as('k'))
      .groupBy(sql`s % 3`);
    expect(await countUpTo(t.db, grouped, 10)).toStrictEqual({ total: 3 });
    expect(await countUpTo(t.db, grouped, 2)).toStrictEqual({ total: 2, totalCapped: true });
    const distinct = series(100)
      .select(sql<number>`s % 4`.as('k'))
      .distinct();
    expect(await countUpTo(t.db, distinct, 10)).toStrictEqual({ total: 4 });
  });

  it('refuses a nonsensical cap', async () => {
    await expect(countUpTo(t.db, series(1), -1)).rejects.toThrow(RangeError);
  });
});

describe('a list past the cap', () => {
  let town: TestTown;
  let admin: Caller;
  let mobile: string;

  beforeAll(async () => {
    town = await t.createTown();
    const east = town.communities[0]!;
    const eastAdmin = await t.caller(town.townId, east.id, 'community_admin');
    admin = await t.caller(town.townId, town.townId, 'town_admin');
    const first17 = '44060519900909777';
    mobile = uniqueMobile();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/volunteers/register',
      payload: {
        name: '志愿者甲',
        idNumber: first17 + idCheckDigit(first17),
        regionId: east.gridId,
        skills: [],
        serviceCategories: ['care'],
        availability: ['weekend'],
        mobile,
        password: 'Volunteer2026',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const volunteerId = (res.json() as { id: string }).id;
    const ok = await t.app.inject({ method: 'POST', url: `/api/volunteers/${volunteerId}/approve`, headers: eastAdmin.headers });
    expect(ok.statusCode, ok.body).toBe(200);
    // TOTAL_CAP + 1 confirmed records, and 3 pending ones.
    await sql`insert into service_record (town_id, volunteer_id, region_id, source, title, served_on, due_on, status, minutes)
      select ${town.townId}, ${volunteerId}, ${east.id}, 'manual', '记录' || g, date '2026-01-01' + (g % 300), date '2026-12-31',
        case when g <= 3 then 'pending' else 'confirmed' end, 60
      from generate_series(1, ${TOTAL_CAP + 4}::int) g`.execute(t.db);
  });

  it('answers totalCapped: true with total = TOTAL_CAP', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/service-records?pageSize=5', headers: admin.headers });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: unknown[]; total: number; totalCapped?: boolean };
    expect(body.items).toHaveLength(5);
    expect(body.total).toBe(TOTAL_CAP);
    expect(body.totalCapped).toBe(true);
  });

  it('a filter under the cap answers the exact total, without totalCapped', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/service-records?status=pending', headers: admin.headers });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: unknown[]; total: number };
    expect(body.total).toBe(3);
    expect(body).not.toHaveProperty('totalCapped');
  });

  it('the volunteers list finds one by mobile (its count reads volunteer alone)', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/volunteers?q=${mobile}`, headers: admin.headers });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: Array<{ name: string; mobileMasked?: string }>; total: number };
    expect(body.total).toBe(1);
    expect(body.items.map((v) => v.name)).toEqual(['志愿者甲']);
    expect(body).not.toHaveProperty('totalCapped');
    const none = await t.app.inject({ method: 'GET', url: '/api/volunteers?q=13000000000', headers: admin.headers });
    expect((none.json() as { total: number }).total).toBe(0);
  });
});
