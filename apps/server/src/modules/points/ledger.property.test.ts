import fc from 'fast-check';
import { idCheckDigit, pointsFor } from '@tongxin/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, insertServiceRecord, uniqueMobile, type Caller, type TestContext, type TestTown } from '../../../test/helpers.js';
import { ManualClock } from '../../platform/clock.js';
import { zonedToUtc } from '../../platform/time.js';

/**
 * Random sequences of earn, correct, redeem, verify, cancel, expire, grant, deduct and reverse,
 * driven through the HTTP API against a model of what every balance and every shelf should hold;
 * after each step the ledger's invariants are checked on the tables themselves.
 */

const NOW = zonedToUtc('2026-11-23', '10:00', 'Asia/Shanghai');
const clock = new ManualClock(NOW);
let t: TestContext;
let town: TestTown;
let admin: Caller;
let teamId: string;
let merchantStaff: Caller;
const volunteers: Array<Caller & { volunteerId: string; accountId: string; pointsAccount: string }> = [];
const items: Array<{ id: string; price: number; limit: number }> = [];
let seq = 100;
const east = () => town.communities[0]!;

type Method = 'GET' | 'POST' | 'PATCH';
const call = (c: Caller, method: Method, url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: c.headers, payload: payload as never });
async function ok(c: Caller, method: Method, url: string, payload?: unknown) {
  const res = await call(c, method, url, payload);
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.json();
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  town = await t.createTown();
  admin = await t.caller(town.townId, east().id, 'community_admin');
  teamId = (
    await t.db
      .insertInto('team')
      .values({ town_id: town.townId, kind: 'community', name: '属性测试队', region_id: east().id, service_categories: [] } as never)
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  for (let i = 0; i < 3; i++) {
    seq += 1;
    const first17 = `44060519870101${String(seq).padStart(3, '0')}`;
    const mobile = uniqueMobile();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/volunteers/register',
      payload: {
        name: `模型志愿者${i}`,
        idNumber: first17 + idCheckDigit(first17),
        regionId: east().gridId,
        skills: [],
        serviceCategories: ['care'],
        availability: ['weekend'],
        mobile,
        password: 'Volunteer2026',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    await ok(admin, 'POST', `/api/volunteers/${res.json().id}/approve`);
    const caller = await t.login(mobile, 'Volunteer2026');
    const me = await ok(caller, 'GET', '/api/points/me');
    volunteers.push({ ...caller, volunteerId: res.json().id, pointsAccount: me.account.id });
  }
  const staff = await t.createAccount(town.townId, east().id, 'resident', '模型商家');
  await ok(admin, 'POST', '/api/merchants', {
    name: '模型商家',
    kind: 'business',
    regionId: east().id,
    address: '模型路 1 号',
    memberAccountIds: [staff.id],
  });
  merchantStaff = await t.login(staff.mobile);
  for (const [price, stock, limit] of [
    [7, 4, 2],
    [15, 2, 5],
  ] as const) {
    const item = await ok(merchantStaff, 'POST', '/api/merchant/items', {
      kind: 'goods',
      title: `模型物品${price}`,
      price,
      stock,
      perPersonLimit: limit,
      validFrom: '2026-01-01',
      validUntil: '2099-12-31',
      collectAt: '店内',
    });
    await ok(admin, 'POST', `/api/points/catalog/${item.id}/approve`, {});
    items.push({ id: item.id, price, limit });
  }
}, 120_000);
afterAll(() => t?.close());

type Op =
  | { op: 'earn'; v: number; minutes: number }
  | { op: 'correct'; v: number; minutes: number }
  | { op: 'redeem'; v: number; item: number; quantity: number }
  | { op: 'verify' | 'cancel'; pick: number }
  | { op: 'expire' }
  | { op: 'restock'; item: number; units: number }
  | { op: 'adjust'; v: number; amount: number }
  | { op: 'reverse'; pick: number };

const v = fc.integer({ min: 0, max: 2 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('earn' as const), v, minutes: fc.integer({ min: 1, max: 300 }) }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('correct' as const), v, minutes: fc.integer({ min: 0, max: 300 }) }), weight: 2 },
  {
    arbitrary: fc.record({
      op: fc.constant('redeem' as const),
      v,
      item: fc.integer({ min: 0, max: 1 }),
      quantity: fc.integer({ min: 1, max: 3 }),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ op: fc.constantFrom('verify' as const, 'cancel' as const), pick: fc.nat() }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('expire' as const) }), weight: 1 },
  {
    arbitrary: fc.record({
      op: fc.constant('restock' as const),
      item: fc.integer({ min: 0, max: 1 }),
      units: fc.integer({ min: -3, max: 3 }),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({ op: fc.constant('adjust' as const), v, amount: fc.integer({ min: -40, max: 40 }).filter((n) => n !== 0) }),
    weight: 2,
  },
  { arbitrary: fc.record({ op: fc.constant('reverse' as const), pick: fc.nat() }), weight: 1 },
);

async function invariants(): Promise<void> {
  const unbalanced = await sql<{ n: string }>`
    select count(*) as n from (select txn_id from points_entry group by txn_id having sum(amount) <> 0 or count(*) < 2) x`.execute(t.db);
  expect(Number(unbalanced.rows[0]!.n), 'every transaction sums to zero').toBe(0);
  const drift = await sql<{ n: string }>`
    select count(*) as n from points_account a
    where a.balance <> coalesce((select sum(amount) from points_entry e where e.account_id = a.id), 0)
       or (a.kind <> 'issuing' and a.balance < 0)`.execute(t.db);
  expect(Number(drift.rows[0]!.n), 'balances equal their entries, none below zero').toBe(0);
  const holds = await sql<{ n: string }>`
    select count(*) as n from points_account h
    where h.kind = 'hold' and h.balance <> coalesce((select sum(points) from redemption r where r.merchant_id = h.merchant_id and r.status = 'held'), 0)`.execute(
    t.db,
  );
  expect(Number(holds.rows[0]!.n), 'a hold account holds exactly the open codes').toBe(0);
  const total = await sql<{ n: string }>`select coalesce(sum(balance), 0) as n from points_account where town_id = ${town.townId}`.execute(
    t.db,
  );
  expect(Number(total.rows[0]!.n), 'points are neither made nor lost').toBe(0);
}

describe('the ledger under random sequences (fast-check)', () => {
  it('keeps every invariant and agrees with a model of balances and stock', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 18 }), async (ops) => {
        // The model starts from what the database holds now (earlier runs left their state).
        const balance = new Map<number, number>();
        for (const [i, x] of volunteers.entries())
          balance.set(
            i,
            (await t.db.selectFrom('points_account').select('balance').where('id', '=', x.pointsAccount).executeTakeFirstOrThrow()).balance,
          );
        const stock = new Map<number, number>();
        for (const [i, it] of items.entries())
          stock.set(i, (await t.db.selectFrom('catalog_item').select('stock').where('id', '=', it.id).executeTakeFirstOrThrow()).stock);
        const taken = async (vi: number, ii: number) =>
          Number(
            (
              await sql<{
                n: string;
              }>`select coalesce(sum(quantity), 0) as n from redemption where volunteer_id = ${volunteers[vi]!.volunteerId} and item_id = ${items[ii]!.id} and status in ('held', 'verified')`.execute(
                t.db,
              )
            ).rows[0]!.n,
          );
        const records: Array<{ v: number; id: string; minutes: number }> = [];
        const held = await t.db
          .selectFrom('redemption')
          .select(['id', 'code', 'volunteer_id', 'points', 'item_id', 'quantity'])
          .where('status', '=', 'held')
          .execute();
        const open = held.map((r) => ({
          ...r,
          v: volunteers.findIndex((x) => x.volunteerId === r.volunteer_id),
          i: items.findIndex((x) => x.id === r.item_id),
        }));
        const grants: Array<{ txnId: string; v: number; amount: number }> = [];

        for (const step of ops) {
          switch (step.op) {
            case 'earn': {
              const r = await insertServiceRecord(t.db, {
                townId: town.townId,
                regionId: east().id,
                teamId,
                volunteerId: volunteers[step.v]!.volunteerId,
                title: `模型服务${seq++}`,
                servedOn: '2026-11-21',
                dueOn: '2026-12-05',
                minutes: step.minutes,
              });
              await ok(admin, 'POST', `/api/occurrences/${r.occurrenceId}/confirm-hours`, {
                items: [{ recordId: r.recordId, minutes: Math.min(step.minutes, 120) }],
              });
              const minutes = Math.min(step.minutes, 120);
              balance.set(step.v, balance.get(step.v)! + pointsFor(minutes, 10, 240));
              records.push({ v: step.v, id: r.recordId, minutes });
              break;
            }
            case 'correct': {
              const r = records.filter((x) => x.v === step.v).at(-1);
              if (!r) break;
              const c = await call(volunteers[step.v]!, 'POST', `/api/me/service-records/${r.id}/correction`, {
                minutes: step.minutes,
                reason: '更正',
              });
              if (c.statusCode !== 201) break;
              await ok(admin, 'POST', `/api/service-corrections/${c.json().id}/accept`);
              const delta = pointsFor(step.minutes, 10, 240) - pointsFor(r.minutes, 10, 240);
              const applied = delta >= 0 ? delta : -Math.min(-delta, balance.get(step.v)!);
              balance.set(step.v, balance.get(step.v)! + applied);
              r.minutes = step.minutes;
              break;
            }
            case 'redeem': {
              const item = items[step.item]!;
              const cost = item.price * step.quantity;
              const allowed =
                balance.get(step.v)! >= cost &&
                stock.get(step.item)! >= step.quantity &&
                (await taken(step.v, step.item)) + step.quantity <= item.limit;
              const res = await call(volunteers[step.v]!, 'POST', `/api/catalog/${item.id}/redeem`, { quantity: step.quantity });
              expect(res.statusCode, `redeem ${JSON.stringify(step)}: ${res.body}`).toBe(allowed ? 201 : 409);
              if (allowed) {
                balance.set(step.v, balance.get(step.v)! - cost);
                stock.set(step.item, stock.get(step.item)! - step.quantity);
                const r = res.json();
                open.push({
                  id: r.id,
                  code: r.code,
                  volunteer_id: volunteers[step.v]!.volunteerId,
                  points: cost,
                  item_id: item.id,
                  quantity: step.quantity,
                  v: step.v,
                  i: step.item,
                });
              }
              break;
            }
            case 'verify':
            case 'cancel': {
              if (open.length === 0) break;
              const [r] = open.splice(step.pick % open.length, 1);
              if (step.op === 'verify') await ok(merchantStaff, 'POST', '/api/merchant/verify', { code: r!.code });
              else {
                await ok(volunteers[r!.v]!, 'POST', `/api/redemptions/${r!.id}/cancel`);
                balance.set(r!.v, balance.get(r!.v)! + r!.points);
                stock.set(r!.i, stock.get(r!.i)! + r!.quantity);
              }
              break;
            }
            case 'expire': {
              clock.set(new Date(NOW.getTime() + 30 * 86_400_000));
              try {
                await t.app.platform.jobs.runDue();
              } finally {
                clock.set(NOW);
              }
              for (const r of open.splice(0)) {
                balance.set(r.v, balance.get(r.v)! + r.points);
                stock.set(r.i, stock.get(r.i)! + r.quantity);
              }
              break;
            }
            case 'restock': {
              const res = await call(merchantStaff, 'PATCH', `/api/merchant/items/${items[step.item]!.id}`, { restock: step.units });
              const allowed = stock.get(step.item)! + step.units >= 0;
              expect(res.statusCode, res.body).toBe(allowed ? 200 : 409);
              // A restock is an edit the town looks at again only when title or price change: still listed.
              if (allowed) stock.set(step.item, stock.get(step.item)! + step.units);
              break;
            }
            case 'adjust': {
              const allowed = step.amount > 0 || balance.get(step.v)! >= -step.amount;
              const res = await call(admin, 'POST', '/api/points/adjustments', {
                accountId: volunteers[step.v]!.pointsAccount,
                amount: step.amount,
                reason: '模型调整',
              });
              expect(res.statusCode, res.body).toBe(allowed ? 201 : 409);
              if (allowed) {
                balance.set(step.v, balance.get(step.v)! + step.amount);
                grants.push({ txnId: res.json().txnId, v: step.v, amount: step.amount });
              }
              break;
            }
            case 'reverse': {
              if (grants.length === 0) break;
              const [g] = grants.splice(step.pick % grants.length, 1);
              const allowed = balance.get(g!.v)! - g!.amount >= 0;
              const res = await call(admin, 'POST', `/api/points/transactions/${g!.txnId}/reverse`, { reason: '模型冲正' });
              expect(res.statusCode, res.body).toBe(allowed ? 200 : 409);
              if (allowed) balance.set(g!.v, balance.get(g!.v)! - g!.amount);
              break;
            }
          }
          await invariants();
          for (const [i, x] of volunteers.entries()) {
            const actual = (
              await t.db.selectFrom('points_account').select('balance').where('id', '=', x.pointsAccount).executeTakeFirstOrThrow()
            ).balance;
            expect(actual, `volunteer ${i} after ${JSON.stringify(step)}`).toBe(balance.get(i));
          }
          for (const [i, it] of items.entries())
            expect((await t.db.selectFrom('catalog_item').select('stock').where('id', '=', it.id).executeTakeFirstOrThrow()).stock).toBe(
              stock.get(i),
            );
        }
      }),
      { numRuns: 12 },
    );
  }, 300_000);
});
