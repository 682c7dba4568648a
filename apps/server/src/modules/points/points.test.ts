import { idCheckDigit } from '@tongxin/shared';
import { sql } from 'kysely';
import ExcelJS from '../../platform/exceljs.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, insertServiceRecord, uniqueMobile, type Caller, type TestContext, type TestTown } from '../../../test/helpers.js';
import { ManualClock } from '../../platform/clock.js';
import { zonedToUtc } from '../../platform/time.js';

const clock = new ManualClock(zonedToUtc('2026-11-23', '10:00', 'Asia/Shanghai'));
let t: TestContext;
let town: TestTown;
let townAdmin: Caller;
let otherTownAdmin: Caller;
let eastAdmin: Caller;
let westAdmin: Caller;
let teamId: string;
let seq = 300;
const east = () => town.communities[0]!;
const west = () => town.communities[1]!;

beforeAll(async () => {
  t = await createTestApp({ clock });
  town = await t.createTown();
  townAdmin = await t.caller(town.townId, town.townId, 'town_admin');
  otherTownAdmin = await t.caller(town.townId, town.townId, 'town_admin');
  eastAdmin = await t.caller(town.townId, east().id, 'community_admin');
  westAdmin = await t.caller(town.townId, west().id, 'community_admin');
  teamId = (
    await t.db
      .insertInto('team')
      .values({ town_id: town.townId, kind: 'community', name: '东社区志愿服务队', region_id: east().id, service_categories: [] } as never)
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}, 60_000);
afterAll(() => t?.close());

type Method = 'GET' | 'POST' | 'PATCH';
const call = (c: Caller, method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url, headers: { ...c.headers, ...headers }, payload: payload as never });
async function ok(c: Caller, method: Method, url: string, payload?: unknown, status = 200, headers: Record<string, string> = {}) {
  const res = await call(c, method, url, payload, headers);
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
  return res.json();
}

async function volunteer(regionId = east().gridId): Promise<Caller & { volunteerId: string }> {
  seq += 1;
  const first17 = `44060519860101${String(seq).padStart(3, '0')}`;
  const mobile = uniqueMobile();
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/volunteers/register',
    payload: {
      name: `积分志愿者${seq}`,
      idNumber: first17 + idCheckDigit(first17),
      regionId,
      skills: [],
      serviceCategories: ['care'],
      availability: ['weekend'],
      mobile,
      password: 'Volunteer2026',
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  await ok(eastAdmin, 'POST', `/api/volunteers/${res.json().id}/approve`);
  return { ...(await t.login(mobile, 'Volunteer2026')), volunteerId: res.json().id };
}

/** A pending record for a 2-hour activity, confirmed by the organiser through the real route. */
async function serve(v: { volunteerId: string }, minutes: number, category = 'environment') {
  const r = await insertServiceRecord(t.db, {
    townId: town.townId,
    regionId: east().id,
    teamId,
    volunteerId: v.volunteerId,
    title: `清洁家园${seq++}`,
    servedOn: '2026-11-21',
    dueOn: '2026-12-05',
    minutes,
    category,
  });
  await ok(eastAdmin, 'POST', `/api/occurrences/${r.occurrenceId}/confirm-hours`, { items: [{ recordId: r.recordId, minutes }] });
  return r;
}

async function merchant(name = `爱心理发店${seq++}`) {
  const staff = await t.createAccount(town.townId, east().id, 'resident', '潘老板');
  const m = await ok(
    eastAdmin,
    'POST',
    '/api/merchants',
    { name, kind: 'business', regionId: east().id, address: '东社区幸福路 8 号', lat: 23.03, lng: 113.12, memberAccountIds: [staff.id] },
    201,
  );
  return { ...m, staff: await t.login(staff.mobile) };
}

async function listed(m: { staff: Caller }, extra: Record<string, unknown> = {}) {
  const item = await ok(
    m.staff,
    'POST',
    '/api/merchant/items',
    {
      kind: 'service',
      title: '免费理发一次',
      price: 20,
      stock: 5,
      perPersonLimit: 2,
      validFrom: '2026-11-01',
      validUntil: '2026-12-31',
      collectAt: '店内',
      ...extra,
    },
    201,
  );
  expect(item.status).toBe('pending');
  return ok(eastAdmin, 'POST', `/api/points/catalog/${item.id}/approve`, {});
}

/** Every invariant of the ledger, checked straight on the tables. */
async function invariants() {
  const unbalanced = await sql<{ n: string }>`
    select count(*) as n from (select txn_id from points_entry group by txn_id having sum(amount) <> 0 or count(*) < 2) x`.execute(t.db);
  expect(Number(unbalanced.rows[0]!.n)).toBe(0);
  const drift = await sql<{ n: string }>`
    select count(*) as n from points_account a
    where a.balance <> coalesce((select sum(amount) from points_entry e where e.account_id = a.id), 0)
       or (a.kind <> 'issuing' and a.balance < 0)`.execute(t.db);
  expect(Number(drift.rows[0]!.n)).toBe(0);
  const holds = await sql<{ n: string }>`
    select count(*) as n from points_account h
    where h.kind = 'hold' and h.balance <> coalesce((select sum(points) from redemption r where r.merchant_id = h.merchant_id and r.status = 'held'), 0)`.execute(
    t.db,
  );
  expect(Number(holds.rows[0]!.n)).toBe(0);
}

describe('points bank', () => {
  it('earns once when hours are confirmed, takes the difference back on a correction, and keeps hours apart', async () => {
    const v = await volunteer();
    const r = await serve(v, 90);
    // 90 minutes at 10 an hour: 15 points; the team gets 2 an hour: 3.
    const me = await ok(v, 'GET', '/api/points/me');
    expect(me).toMatchObject({ account: { balance: 15, kind: 'volunteer' }, earned: 15, spent: 0, held: 0, serviceMinutes: 90 });
    const statement = await ok(v, 'GET', '/api/points/me/statement');
    expect(statement.items).toEqual([expect.objectContaining({ kind: 'earn', amount: 15, balanceAfter: 15, serviceRecordId: r.recordId })]);
    const team = await t.db.selectFrom('points_account').select('balance').where('team_id', '=', teamId).executeTakeFirstOrThrow();
    expect(team.balance).toBeGreaterThanOrEqual(3);

    // Confirming again is refused by the record's own state; the listener runs once per confirmation.
    const again = await call(eastAdmin, 'POST', `/api/occurrences/${r.occurrenceId}/confirm-hours`, {
      items: [{ recordId: r.recordId, minutes: 90 }],
    });
    expect(again.statusCode).toBe(409);
    expect((await ok(v, 'GET', '/api/points/me')).account.balance).toBe(15);

    // The volunteer asks for a correction down to 30 minutes; accepted, 10 points go back.
    const c = await ok(v, 'POST', `/api/me/service-records/${r.recordId}/correction`, { minutes: 30, reason: '实际只服务了半小时' }, 201);
    await ok(eastAdmin, 'POST', `/api/service-corrections/${c.id}/accept`);
    const after = await ok(v, 'GET', '/api/points/me');
    expect(after.account.balance).toBe(5);
    expect(after.serviceMinutes).toBe(30);
    const lines = (await ok(v, 'GET', '/api/points/me/statement')).items;
    expect(lines[0]).toMatchObject({ kind: 'earn_adjust', amount: -10, balanceAfter: 5 });
    await invariants();
  });

  it('caps minutes per activity and uses the category rate the town set', async () => {
    await ok(townAdmin, 'PATCH', '/api/points/rules', { categories: [{ category: 'care', perHour: 20, maxMinutes: 60, teamPerHour: 0 }] });
    const rules = await ok(townAdmin, 'GET', '/api/points/rules');
    expect(rules.categories.find((c: { category: string }) => c.category === 'care')).toMatchObject({ perHour: 20, maxMinutes: 60 });
    expect((await call(eastAdmin, 'PATCH', '/api/points/rules', { holdDays: 3 })).statusCode).toBe(403);
    const v = await volunteer();
    await serve(v, 120, 'care');
    expect((await ok(v, 'GET', '/api/points/me')).account.balance).toBe(20);
  });

  it('redeems, verifies and settles: statements on both sides agree; a retried redemption has one effect', async () => {
    const v = await volunteer();
    await serve(v, 120); // 20 points
    const m = await merchant();
    const item = await listed(m);
    expect(item.status).toBe('listed');
    const catalog = await ok(v, 'GET', '/api/catalog?kind=service&lat=23.03&lng=113.12');
    expect(catalog.items.find((i: { id: string }) => i.id === item.id)).toMatchObject({ remainingForMe: 2, stock: 5, distanceM: 0 });

    const key = { 'idempotency-key': `redeem-${item.id}` };
    const first = await ok(v, 'POST', `/api/catalog/${item.id}/redeem`, {}, 201, key);
    const retry = await ok(v, 'POST', `/api/catalog/${item.id}/redeem`, {}, 201, key);
    expect(retry.id).toBe(first.id);
    expect(first).toMatchObject({ status: 'held', points: 20, quantity: 1 });
    expect(first.code).toMatch(/^\d{8}$/);
    expect(await ok(v, 'GET', '/api/points/me')).toMatchObject({ account: { balance: 0 }, held: 20 });
    expect((await t.db.selectFrom('catalog_item').select('stock').where('id', '=', item.id).executeTakeFirstOrThrow()).stock).toBe(4);
    // The same key on another route is refused; no points left for a second one.
    expect((await call(v, 'POST', `/api/catalog/${item.id}/redeem`, {})).json().code).toBe('POINTS_INSUFFICIENT');

    // Another merchant cannot verify it; its own merchant sees it and verifies it once.
    const other = await merchant();
    expect((await call(other.staff, 'POST', '/api/merchant/verify', { code: first.code })).json().code).toBe('REDEMPTION_CODE_UNKNOWN');
    expect(await ok(m.staff, 'GET', `/api/merchant/redemptions/${first.code}`)).toMatchObject({ id: first.id, status: 'held' });
    const verified = await ok(m.staff, 'POST', '/api/merchant/verify', { code: first.code });
    expect(verified).toMatchObject({ status: 'verified' });
    expect((await call(m.staff, 'POST', '/api/merchant/verify', { code: first.code })).json().code).toBe('REDEMPTION_STATE');

    const mine = (await ok(v, 'GET', '/api/points/me/statement')).items;
    const theirs = (await ok(m.staff, 'GET', '/api/merchant/statement')).items;
    expect(mine[0]).toMatchObject({ kind: 'hold', amount: -20, redemptionId: first.id });
    expect(theirs).toEqual([expect.objectContaining({ kind: 'settle', amount: 20, redemptionId: first.id })]);
    const sheet = await call(m.staff, 'GET', '/api/merchant/statement.xlsx');
    expect(sheet.statusCode, sheet.body.slice(0, 300)).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(sheet.rawPayload as never);
    const cells = wb.worksheets[0]!.getSheetValues().flat().map(String);
    expect(cells.some((c) => c.includes(first.id) || c.includes('核销'))).toBe(true);
    await invariants();
  });

  it('expires an unverified code: points and stock come back', async () => {
    const v = await volunteer();
    await serve(v, 120);
    const m = await merchant();
    const item = await listed(m, { price: 8 });
    const r = await ok(v, 'POST', `/api/catalog/${item.id}/redeem`, {}, 201);
    expect((await ok(v, 'GET', '/api/points/me')).account.balance).toBe(12);
    clock.set(new Date(new Date(r.expiresAt).getTime() + 1000));
    try {
      await t.app.platform.jobs.runDue();
    } finally {
      clock.set(zonedToUtc('2026-11-23', '10:00', 'Asia/Shanghai'));
    }
    expect(await ok(v, 'GET', `/api/redemptions/${r.id}`)).toMatchObject({ status: 'expired' });
    expect((await ok(v, 'GET', '/api/points/me')).account.balance).toBe(20);
    expect((await t.db.selectFrom('catalog_item').select('stock').where('id', '=', item.id).executeTakeFirstOrThrow()).stock).toBe(5);
    expect((await call(m.staff, 'POST', '/api/merchant/verify', { code: r.code })).json().code).toBe('REDEMPTION_STATE');
    await invariants();
  });

  it('grants above the threshold wait for a second person; a reversal restores the balance', async () => {
    const v = await volunteer();
    await serve(v, 60); // 10
    const account = (await ok(v, 'GET', '/api/points/me')).account;
    const small = await ok(
      eastAdmin,
      'POST',
      '/api/points/adjustments',
      { accountId: account.id, amount: 50, reason: '优秀志愿者奖励' },
      201,
    );
    expect(small.status).toBe('posted');
    const big = await ok(townAdmin, 'POST', '/api/points/adjustments', { accountId: account.id, amount: 500, reason: '年度十佳' }, 201);
    expect(big).toMatchObject({ status: 'pending', canDecide: false });
    expect((await call(townAdmin, 'POST', `/api/points/adjustments/${big.id}/approve`, {})).json().code).toBe('POINTS_SAME_PERSON');
    expect((await call(eastAdmin, 'POST', `/api/points/adjustments/${big.id}/approve`, {})).statusCode).toBe(403);
    expect(await ok(otherTownAdmin, 'POST', `/api/points/adjustments/${big.id}/approve`, {})).toMatchObject({ status: 'posted' });
    expect((await ok(v, 'GET', '/api/points/me')).account.balance).toBe(560);
    // West cannot see the east volunteer's account; deducting more than the balance is refused.
    expect((await call(westAdmin, 'POST', '/api/points/adjustments', { accountId: account.id, amount: -1, reason: 'x' })).statusCode).toBe(
      404,
    );
    expect(
      (await call(eastAdmin, 'POST', '/api/points/adjustments', { accountId: account.id, amount: -199, reason: '测试' })).statusCode,
    ).toBe(201);
    const lines = (await ok(eastAdmin, 'GET', `/api/points/accounts/${account.id}/statement`)).items;
    const grant = lines.find((l: { kind: string; amount: number }) => l.kind === 'grant' && l.amount === 50);
    expect(grant.reversible).toBe(true);
    await ok(eastAdmin, 'POST', `/api/points/transactions/${grant.txnId}/reverse`, { reason: '录入错误' });
    expect((await ok(v, 'GET', '/api/points/me')).account.balance).toBe(560 - 199 - 50);
    expect((await call(eastAdmin, 'POST', `/api/points/transactions/${grant.txnId}/reverse`, { reason: '再冲' })).json().code).toBe(
      'POINTS_NOT_REVERSIBLE',
    );
    const earn = lines.find((l: { kind: string }) => l.kind === 'earn');
    expect((await call(eastAdmin, 'POST', `/api/points/transactions/${earn.txnId}/reverse`, { reason: 'x' })).json().code).toBe(
      'POINTS_NOT_REVERSIBLE',
    );
    await invariants();
  });

  it('never lets the stock go below zero, nor one volunteer spend the same points twice, however many redeem at once', async () => {
    const m = await merchant();
    const item = await listed(m, { price: 10, stock: 3, perPersonLimit: 5 });
    const vs = await Promise.all(Array.from({ length: 8 }, () => volunteer()));
    for (const v of vs) await serve(v, 60); // 10 points each: one unit
    const rich = vs[0]!;
    await ok(
      townAdmin,
      'POST',
      '/api/points/adjustments',
      { accountId: (await ok(rich, 'GET', '/api/points/me')).account.id, amount: 20, reason: '补发' },
      201,
    );
    // 8 volunteers at once, the rich one (30 points) four times more.
    const attempts = [
      ...vs.map((v) => call(v, 'POST', `/api/catalog/${item.id}/redeem`, {})),
      ...[1, 2, 3, 4].map(() => call(rich, 'POST', `/api/catalog/${item.id}/redeem`, {})),
    ];
    const results = await Promise.all(attempts);
    const won = results.filter((r) => r.statusCode === 201);
    expect(won).toHaveLength(3);
    for (const r of results.filter((x) => x.statusCode !== 201))
      expect(['CATALOG_OUT_OF_STOCK', 'POINTS_INSUFFICIENT']).toContain(r.json().code);
    expect((await t.db.selectFrom('catalog_item').select('stock').where('id', '=', item.id).executeTakeFirstOrThrow()).stock).toBe(0);
    await invariants();

    // One volunteer taps a 10-point item ten times at once: only what the balance covers goes through.
    const spender = vs[1]!;
    await ok(
      townAdmin,
      'POST',
      '/api/points/adjustments',
      { accountId: (await ok(spender, 'GET', '/api/points/me')).account.id, amount: 30, reason: '补发' },
      201,
    );
    const affordable = Math.floor((await ok(spender, 'GET', '/api/points/me')).account.balance / 10);
    expect(affordable).toBeGreaterThanOrEqual(3);
    const plenty = await listed(m, { price: 10, stock: 100, perPersonLimit: 10 });
    const taps = await Promise.all(Array.from({ length: 10 }, () => call(spender, 'POST', `/api/catalog/${plenty.id}/redeem`, {})));
    expect(taps.filter((r) => r.statusCode === 201)).toHaveLength(affordable);
    expect(taps.filter((r) => r.statusCode === 409).map((r) => r.json().code)).toEqual(Array(10 - affordable).fill('POINTS_INSUFFICIENT'));
    expect((await ok(spender, 'GET', '/api/points/me')).account.balance).toBe(0);
    await invariants();
  });

  it("expires old points on the town's date when the town turns expiry on, with a warning first (run last: it empties the town)", async () => {
    const v = await volunteer();
    await serve(v, 60); // 10
    expect((await ok(v, 'GET', '/api/points/me')).expiring).toBe(0);
    await ok(townAdmin, 'PATCH', '/api/points/rules', { expiryMonths: 1, expiryOn: '12-31', expiryWarnDays: 30 });
    // Earned before 30 November: all of it expires on 31 December.
    expect(await ok(v, 'GET', '/api/points/me')).toMatchObject({ expiring: 10, expiringOn: '2026-12-31' });
    try {
      clock.set(zonedToUtc('2026-12-02', '09:00', 'Asia/Shanghai'));
      await t.app.platform.jobs.runDue();
      const warned = await t.db
        .selectFrom('notification')
        .select('title')
        .where('account_id', '=', v.accountId)
        .where('kind', '=', 'points.expiring')
        .execute();
      expect(warned).toEqual([{ title: '10 积分将于 2026-12-31 到期' }]);
      expect((await ok(v, 'GET', '/api/points/me')).account.balance).toBe(10);
      clock.set(zonedToUtc('2027-01-01', '00:05', 'Asia/Shanghai'));
      await t.app.platform.jobs.runDue();
    } finally {
      clock.set(zonedToUtc('2026-11-23', '10:00', 'Asia/Shanghai'));
    }
    const me = await ok(v, 'GET', '/api/points/me');
    expect(me.account.balance).toBe(0);
    expect((await ok(v, 'GET', '/api/points/me/statement')).items[0]).toMatchObject({ kind: 'expire', amount: -10 });
    const next = await t.db
      .selectFrom('job')
      .select(['run_at', 'done_at'])
      .where('key', '=', `points:expiry:${town.townId}`)
      .executeTakeFirstOrThrow();
    expect(next.done_at).toBeNull();
    expect(new Date(next.run_at).toISOString()).toBe(zonedToUtc('2028-01-01', '00:00', 'Asia/Shanghai').toISOString());
    await invariants();
  });
});
