import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backend,
  createTestApp,
  insertServiceRecord,
  insertTeam,
  type Caller,
  type TestContext,
  type TestTown,
} from '../../../test/helpers.js';
import { ManualClock } from '../../platform/clock.js';
import type { DB } from '../../platform/db/schema.js';
import { zonedToUtc } from '../../platform/time.js';

// Monday 23 November 2026, 10:00 in Beijing.
const clock = new ManualClock(zonedToUtc('2026-11-23', '10:00', 'Asia/Shanghai'));
let t: TestContext;
let town: TestTown;
let townAdmin: Caller;
let eastAdmin: Caller;
let gridWorker: Caller;
let teamId: string;
const accounts: string[] = [];
const east = () => town.communities[0]!;
const west = () => town.communities[1]!;

beforeAll(async () => {
  t = await createTestApp({ clock });
  town = await t.createTown();
  townAdmin = await t.caller(town.townId, town.townId, 'town_admin');
  eastAdmin = await t.caller(town.townId, east().id, 'community_admin');
  gridWorker = await t.caller(town.townId, east().gridId, 'grid_worker');
  for (let i = 0; i < 8; i++) accounts.push((await t.createAccount(town.townId, east().gridId, 'volunteer', `志愿者${i}`)).id);
  teamId = await insertTeam(t.db, {
    townId: town.townId,
    regionId: east().id,
    leaderAccountId: townAdmin.accountId,
    name: '东社区志愿服务队',
  });
}, 60_000);
afterAll(() => t?.close());

const get = async (c: Caller, url: string, status = 200) => {
  const res = await t.app.inject({ method: 'GET', url, headers: c.headers });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(status);
  return res.json();
};

/** What the triggers kept for the town, and the same sums computed afresh from the source rows. */
async function expectRollupMatchesSource() {
  const kept = await sql<{ area_id: string; metric: string; month: string; value: string }>`
    select area_id, metric, month::text as month, value::text as value from figure_rollup
     where town_id = ${town.townId} and value <> 0 order by 1, 2, 3`.execute(t.db);
  const fresh = await sql<{ area_id: string; metric: string; month: string; value: string }>`
    select figure_area_of(r.id, r.depth, r.path) as area_id, f.metric, f.month::text as month, sum(f.value)::text as value
      from figure_fact f join region r on r.id = f.region_id
     where f.town_id = ${town.townId}
     group by 1, 2, 3 having sum(f.value) <> 0 order by 1, 2, 3`.execute(t.db);
  expect(kept.rows).toEqual(fresh.rows);
  return fresh.rows.length;
}

// A small seeded generator, so a failure replays.
let state = 20261124;
const rand = (n: number) => {
  state = (state * 1103515245 + 12345) % 2 ** 31;
  return state % n;
};
const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)]!;

const HELP_STATUSES = ['submitted', 'accepted', 'open', 'claimed', 'in_service', 'done', 'reviewed', 'closed', 'cancelled'] as const;
const regions = () => [east().gridId, west().gridId, east().id, west().subgridId, town.townId];
const at = (day: string) => zonedToUtc(day, '09:30', 'Asia/Shanghai');
const DAYS = ['2026-01-31', '2026-10-31', '2026-11-01', '2026-11-23', '2025-12-31'];

async function insertHelp(regionId: string, status: string, createdAt: Date, db: Kysely<DB> = t.db) {
  const n = randomUUID().slice(0, 8);
  await db
    .insertInto('help_request')
    .values({
      town_id: town.townId,
      no: `T${n}`,
      region_id: regionId,
      requester_name: '关阿婆',
      filed_by: townAdmin.accountId,
      channel: 'phone',
      category: 'errand',
      description: '买菜',
      place_cipher: 'x',
      place_masked: 'x',
      status,
      created_at: createdAt,
    } as never)
    .execute();
}

describe('region figures', () => {
  it('the rollup always equals the sums of the source rows, through inserts, updates, deletes and moves', async () => {
    // Residents need a household; volunteers an account each.
    const household = await t.db
      .insertInto('household')
      .values({
        town_id: town.townId,
        region_id: east().gridId,
        address_cipher: 'x',
        address_masked: 'x',
        address_hash: randomUUID(),
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    let volunteers = 0;
    for (let step = 0; step < 60; step++) {
      const op = rand(9);
      if (op === 0) {
        // A batch of residents in one statement (as the import writes them).
        const n = 1 + rand(4);
        await t.db
          .insertInto('resident')
          .values(
            Array.from({ length: n }, (_, i) => ({
              town_id: town.townId,
              household_id: household.id,
              region_id: pick(regions()),
              name: `居民${step}${i}`,
              sex: 'female',
              created_at: at(pick(DAYS)),
            })) as never,
          )
          .execute();
      } else if (op === 1) {
        // Residents move, or leave.
        const target = pick(regions());
        if (rand(2) === 0)
          await sql`update resident set region_id = ${target} where id in (select id from resident where town_id = ${town.townId} order by random() limit 2)`.execute(
            t.db,
          );
        else
          await sql`delete from resident where id in (select id from resident where town_id = ${town.townId} order by random() limit 1)`.execute(
            t.db,
          );
      } else if (op === 2 && volunteers < accounts.length) {
        await t.db
          .insertInto('volunteer')
          .values({
            town_id: town.townId,
            account_id: accounts[volunteers++]!,
            region_id: pick(regions()),
            name: '志愿者',
            sex: 'male',
            birth_date: '1990-01-01',
            id_type: 'resident_id',
            id_cipher: 'x',
            id_hash: randomUUID(),
            id_masked: 'x',
            status: pick(['pending', 'approved']),
            registered_at: at(pick(DAYS)),
          } as never)
          .execute();
      } else if (op === 3) {
        await sql`update volunteer set status = ${pick(['approved', 'rejected', 'pending'])} where town_id = ${town.townId} and id = (select id from volunteer where town_id = ${town.townId} order by random() limit 1)`.execute(
          t.db,
        );
      } else if (op === 4) {
        await insertHelp(pick(regions()), pick(HELP_STATUSES), at(pick(DAYS)));
      } else if (op === 5) {
        // A request moves on: status, overdue, taken, done, reviewed — several rows in one statement.
        const status = pick(HELP_STATUSES);
        await sql`update help_request set status = ${status},
            overdue_since = case when random() < 0.5 then now() end,
            claimed_at = case when ${status} in ('claimed', 'in_service', 'done', 'reviewed', 'closed') then created_at + interval '37 minutes' end,
            done_at = case when ${status} in ('done', 'reviewed', 'closed') then ${at(pick(DAYS))}::timestamptz end,
            review_stars = case when ${status} in ('reviewed', 'closed') then ${1 + rand(5)}::smallint end
          where id in (select id from help_request where town_id = ${town.townId} order by random() limit 2)`.execute(t.db);
      } else if (op === 6) {
        const v = await t.db.selectFrom('volunteer').select('id').where('town_id', '=', town.townId).executeTakeFirst();
        if (v) {
          const day = pick(DAYS);
          await insertServiceRecord(t.db, {
            townId: town.townId,
            regionId: pick(regions()),
            teamId,
            volunteerId: v.id,
            title: '清扫',
            servedOn: day,
            dueOn: day,
            minutes: 30 + rand(200),
            status: pick(['pending', 'confirmed']),
          });
        }
      } else if (op === 7) {
        await sql`update service_record set status = 'confirmed', minutes = minutes + 15 where id in (select id from service_record where town_id = ${town.townId} order by random() limit 2)`.execute(
          t.db,
        );
        await sql`update activity_occurrence set status = ${pick(['cancelled', 'scheduled'])} where id in (select id from activity_occurrence where town_id = ${town.townId} order by random() limit 1)`.execute(
          t.db,
        );
      } else {
        await sql`delete from help_request where id in (select id from help_request where town_id = ${town.townId} order by random() limit 1)`.execute(
          t.db,
        );
      }
      await expectRollupMatchesSource();
    }
    // A subgrid (with its grid and everything filed there) moves from the west community to the east.
    const westSub = west().subgridId;
    await t.db.updateTable('region').set({ name: '西小区（迁入）' }).where('id', '=', westSub).execute();
    await insertHelp(west().gridId, 'open', at('2026-11-23'));
    const before = await get(townAdmin, `/api/figures?regionId=${east().id}&period=all`);
    const moved = await t.app.inject({
      method: 'POST',
      url: `/api/regions/${westSub}/move`,
      headers: townAdmin.headers,
      payload: { parentId: east().id },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await expectRollupMatchesSource()).toBeGreaterThan(10);
    const after = await get(townAdmin, `/api/figures?regionId=${east().id}&period=all`);
    expect(after.helpByStatus.open).toBeGreaterThan(before.helpByStatus.open);
    // Back where it was, for the tests below.
    await t.app.inject({
      method: 'POST',
      url: `/api/regions/${westSub}/move`,
      headers: townAdmin.headers,
      payload: { parentId: west().id },
    });
    await expectRollupMatchesSource();
  });

  it('answers a region and a period from the rollup with the same numbers a direct count gives', async () => {
    await insertHelp(east().gridId, 'done', at('2026-11-02'));
    await sql`update help_request set done_at = ${at('2026-11-03')}, claimed_at = created_at + interval '30 minutes', review_stars = 4
      where town_id = ${town.townId} and status = 'done' and done_at is null`.execute(t.db);
    for (const [who, regionId] of [
      [townAdmin, town.townId],
      [townAdmin, east().id],
      [eastAdmin, east().gridId],
      [gridWorker, east().gridId],
    ] as const) {
      for (const period of ['month', 'year', 'all'] as const) {
        const f = await get(who, `/api/figures?regionId=${regionId}&period=${period}&month=2026-11`);
        const range = period === 'month' ? ['2026-11-01', '2026-11-30'] : period === 'year' ? ['2026-01-01', '2026-12-31'] : null;
        expect([f.from, f.to]).toEqual(range ?? [null, null]);
        const inRange = (column: string) =>
          range ? sql`(${sql.ref(column)} at time zone 'Asia/Shanghai')::date between ${range[0]}::date and ${range[1]}::date` : sql`true`;
        const under = sql`region_id in (select id from region where path like ${`${(await t.db.selectFrom('region').select('path').where('id', '=', regionId).executeTakeFirstOrThrow()).path}%`})`;
        const count = async (q: ReturnType<typeof sql>) => Number((await sql<{ n: string }>`${q}`.execute(t.db)).rows[0]!.n);
        expect(f.participations).toBe(
          await count(
            sql`select count(*) as n from service_record where ${under} and ${range ? sql`served_on between ${range[0]}::date and ${range[1]}::date` : sql`true`}`,
          ),
        );
        expect(f.serviceHours).toBe(
          Math.round(
            (await count(
              sql`select coalesce(sum(minutes), 0) as n from service_record where ${under} and status = 'confirmed' and ${range ? sql`served_on between ${range[0]}::date and ${range[1]}::date` : sql`true`}`,
            )) / 6,
          ) / 10,
        );
        expect(f.occurrences).toBe(
          await count(
            sql`select count(*) as n from activity_occurrence where ${under} and status = 'scheduled' and ${inRange('starts_at')}`,
          ),
        );
        expect(f.helpRequests).toBe(await count(sql`select count(*) as n from help_request where ${under} and ${inRange('created_at')}`));
        expect(f.peopleServed).toBe(
          await count(
            sql`select count(*) as n from help_request where ${under} and status in ('done', 'reviewed', 'closed') and done_at is not null and ${inRange('done_at')}`,
          ),
        );
        expect(f.newResidents).toBe(await count(sql`select count(*) as n from resident where ${under} and ${inRange('created_at')}`));
        expect(f.residents).toBe(await count(sql`select count(*) as n from resident where ${under}`));
        expect(f.volunteers).toBe(await count(sql`select count(*) as n from volunteer where ${under} and status = 'approved'`));
        expect(f.helpByStatus.done).toBe(await count(sql`select count(*) as n from help_request where ${under} and status = 'done'`));
        expect(f.helpOverdue).toBe(await count(sql`select count(*) as n from help_request where ${under} and overdue_since is not null`));
        if (period === 'all' && regionId === town.townId) {
          expect(f.satisfaction).toBeGreaterThanOrEqual(1);
          expect(f.avgResponseMinutes).toBeGreaterThan(0);
        }
      }
    }
    // The help summary counts the same way.
    const summary = await get(townAdmin, `/api/help-requests/summary?regionId=${east().id}`);
    const all = await get(townAdmin, `/api/figures?regionId=${east().id}&period=all`);
    expect(summary.counts).toEqual(all.helpByStatus);
    expect(summary.overdue).toBe(all.helpOverdue);
  });

  it('stays inside the caller’s scope; without a region, the whole scope; this month by default', async () => {
    expect((await get(eastAdmin, `/api/figures?regionId=${west().id}`, 404)).code).toBe('NOT_FOUND');
    expect((await get(gridWorker, `/api/figures?regionId=${east().id}`, 404)).code).toBe('NOT_FOUND');
    const mine = await get(gridWorker, '/api/figures');
    const grid = await get(townAdmin, `/api/figures?regionId=${east().gridId}`);
    expect(mine).toEqual({ ...grid, regionId: null });
    expect(mine.from).toBe('2026-11-01');
    const whole = await get(townAdmin, '/api/figures?period=all');
    const town_ = await get(townAdmin, `/api/figures?regionId=${town.townId}&period=all`);
    expect({ ...whole, regionId: town.townId }).toEqual(town_);
    const resident = await t.caller(town.townId, east().gridId, 'resident');
    expect((await get(resident, '/api/figures', 403)).code).toBe('FORBIDDEN');
    expect((await get(townAdmin, '/api/figures?month=2026-13', 400)).code).toBe('VALIDATION_FAILED');
  });

  it.runIf(backend === 'postgres')('stays exact under concurrent writers on PostgreSQL', async () => {
    for (let i = 0; i < 20; i++) await insertHelp(east().gridId, 'open', at('2026-11-23'));
    const ids = (
      await t.db.selectFrom('help_request').select('id').where('town_id', '=', town.townId).where('status', '=', 'open').execute()
    ).map((r) => r.id);
    // Each id claimed in its own transaction, all at once, over the pool.
    await Promise.all(
      ids.map((id, i) =>
        t.db.transaction().execute(async (trx) => {
          await sql`update help_request set status = 'claimed', claimed_at = now() where id = ${id}`.execute(trx);
          if (i % 3 === 0) await insertHelp(west().gridId, 'submitted', at('2026-11-23'), trx);
        }),
      ),
    );
    await expectRollupMatchesSource();
  });
});
