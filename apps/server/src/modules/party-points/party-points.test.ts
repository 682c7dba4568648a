import { cappedPoints, pioneerIndex } from '@tongxin/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, insertServiceRecord, type Caller, type TestContext, type TestTown } from '../../../test/helpers.js';

let t: TestContext;
let town: TestTown;
let townAdmin: Caller;
let eastAdmin: Caller;
let westAdmin: Caller;
let branchId: string;
const east = () => town.communities[0]!;
const west = () => town.communities[1]!;

type Method = 'GET' | 'POST' | 'PATCH';
const call = (c: Caller, method: Method, url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: c.headers, payload: payload as never });
async function ok(c: Caller, method: Method, url: string, payload?: unknown, status = 200) {
  const res = await call(c, method, url, payload);
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
  return res.json();
}

async function member(name: string): Promise<{ id: string; caller: Caller }> {
  const account = await t.createAccount(town.townId, east().gridId, 'resident', name);
  const m = await ok(
    eastAdmin,
    'POST',
    '/api/party-members',
    { orgId: branchId, accountId: account.id, joinDate: '2010-07-01', status: 'full' },
    201,
  );
  return { id: m.id, caller: await t.login(account.mobile) };
}

beforeAll(async () => {
  t = await createTestApp();
  town = await t.createTown();
  townAdmin = await t.caller(town.townId, town.townId, 'town_admin');
  eastAdmin = await t.caller(town.townId, east().id, 'community_admin');
  westAdmin = await t.caller(town.townId, west().id, 'community_admin');
  branchId = (await ok(eastAdmin, 'POST', '/api/party-orgs', { kind: 'branch', name: '东社区第一党支部', regionId: east().id }, 201)).id;
}, 60_000);
afterAll(() => t?.close());

describe('party members’ points', () => {
  it('caps each item per year and weighs the pioneer index', () => {
    expect(cappedPoints(50, 40)).toBe(40);
    expect(cappedPoints(-60, 50)).toBe(-50);
    expect(cappedPoints(7, null)).toBe(7);
    // Full marks on a 60% item, half on a 40% item, 5 points deducted.
    expect(
      pioneerIndex([
        { weight: 60, cap: 10, capped: 10, best: 10 },
        { weight: 40, cap: null, capped: 3, best: 6 },
        { weight: 0, cap: 50, capped: -5, best: 0 },
      ]),
    ).toBe(75);
  });

  it('totals entered items and what the records hold, ranks the branch, lets the secretary see it, and publishes it', async () => {
    const a = await member('党员甲');
    const b = await member('党员乙');
    const c = await member('党员丙');
    const items = (await ok(eastAdmin, 'GET', '/api/party-points/items')).items;
    expect(items.map((i: { code: string }) => i.code)).toContain('meeting');
    expect(items.reduce((s: number, i: { weight: number }) => s + i.weight, 0)).toBe(100);

    // 甲: 12 meetings (24, cap 40), two party days, and 3 hours of confirmed service as a volunteer.
    await ok(
      eastAdmin,
      'POST',
      '/api/party-points/entries',
      { memberId: a.id, item: 'meeting', quantity: 12, on: '2026-06-30', reason: '上半年三会一课' },
      201,
    );
    await ok(
      eastAdmin,
      'POST',
      '/api/party-points/entries',
      { memberId: a.id, item: 'party_day', quantity: 2, on: '2026-07-01', reason: '七一主题党日' },
      201,
    );
    const volunteer = await t.db
      .insertInto('volunteer')
      .values({
        town_id: town.townId,
        account_id: (await t.db.selectFrom('party_member').select('account_id').where('id', '=', a.id).executeTakeFirstOrThrow())
          .account_id!,
        region_id: east().gridId,
        name: '党员甲',
        sex: 'male',
        birth_date: '1980-01-01',
        id_type: 'resident_id',
        id_cipher: 'x',
        id_hash: `h-${a.id}`,
        id_masked: '4406**********0011',
        skills: [],
        service_categories: [],
        availability: [],
        status: 'approved',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const team = await t.db
      .insertInto('team')
      .values({ town_id: town.townId, kind: 'community', name: '东社区服务队', region_id: east().id, service_categories: [] } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    const r = await insertServiceRecord(t.db, {
      townId: town.townId,
      regionId: east().id,
      teamId: team.id,
      volunteerId: volunteer.id,
      title: '清洁家园',
      servedOn: '2026-05-02',
      dueOn: '2026-05-16',
      minutes: 180,
    });
    await t.db.updateTable('service_record').set({ status: 'confirmed' }).where('id', '=', r.recordId).execute();
    // 乙: one meeting and a deduction; 丙: nothing.
    await ok(
      eastAdmin,
      'POST',
      '/api/party-points/entries',
      { memberId: b.id, item: 'meeting', quantity: 1, on: '2026-03-10', reason: '支委会' },
      201,
    );
    const minus = await ok(
      eastAdmin,
      'POST',
      '/api/party-points/entries',
      { memberId: b.id, item: 'absence', quantity: 1, on: '2026-04-10', reason: '无故缺席' },
      201,
    );
    expect(minus.points).toBe(-2);
    // A counted item cannot be entered by hand; West cannot touch an east member.
    expect(
      (
        await call(eastAdmin, 'POST', '/api/party-points/entries', {
          memberId: a.id,
          item: 'volunteer_hours',
          quantity: 1,
          on: '2026-05-01',
          reason: 'x',
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await call(westAdmin, 'POST', '/api/party-points/entries', {
          memberId: a.id,
          item: 'meeting',
          quantity: 1,
          on: '2026-05-01',
          reason: 'x',
        })
      ).statusCode,
    ).toBe(404);

    const ranking = await ok(eastAdmin, 'GET', `/api/party-points/ranking?year=2026&orgId=${branchId}`);
    const byName = Object.fromEntries(ranking.items.map((x: { name: string }) => [x.name, x]));
    expect(byName['党员甲']).toMatchObject({ total: 24 + 6 + 6, rankInBranch: 1, rankInCommunity: 1 });
    expect(byName['党员甲'].lines.find((l: { item: string }) => l.item === 'volunteer_hours')).toMatchObject({ quantity: 3, raw: 6 });
    // 乙's deduction puts them below 丙, who has nothing either way.
    expect(byName['党员丙']).toMatchObject({ total: 0, rankInBranch: 2 });
    expect(byName['党员乙']).toMatchObject({ total: 0, rankInBranch: 3 });
    // 甲: meeting 24/40 × 25 + party day 6/36 × 15 + service 6/60 × 20 = 15 + 2.5 + 2 = 19.5
    expect(byName['党员甲'].index).toBe(19.5);
    // 乙: 2/40 × 25 − 2 = −0.75, shown to one decimal.
    expect(byName['党员乙'].index).toBe(-0.7);
    expect((await call(westAdmin, 'GET', `/api/party-points/ranking?year=2026&orgId=${branchId}`)).statusCode).toBe(404);
    // Another year is empty.
    expect(
      (await ok(eastAdmin, 'GET', `/api/party-points/ranking?year=2025&orgId=${branchId}`)).items.every(
        (x: { total: number }) => x.total === 0,
      ),
    ).toBe(true);

    // A wrong entry is reversed (once).
    await ok(eastAdmin, 'POST', `/api/party-points/entries/${minus.id}/reverse`, { reason: '请假已批准' });
    expect((await call(eastAdmin, 'POST', `/api/party-points/entries/${minus.id}/reverse`, { reason: '再冲' })).statusCode).toBe(409);
    expect((await ok(eastAdmin, 'GET', `/api/party-points/members/${b.id}?year=2026`)).row.total).toBe(2);

    // Before being made secretary, 乙 sees only their own year; afterwards, the whole branch.
    expect((await ok(b.caller, 'GET', '/api/party-points/me?year=2026')).branch).toBeNull();
    await ok(eastAdmin, 'PATCH', `/api/party-orgs/${branchId}`, { secretaryMemberId: b.id });
    const mine = await ok(b.caller, 'GET', '/api/party-points/me?year=2026');
    expect(mine.member.row).toMatchObject({ name: '党员乙', total: 2 });
    expect(mine.branch.map((x: { name: string }) => x.name)).toEqual(['党员甲', '党员乙', '党员丙']);

    // 公示: every member is told, and the notice keeps the ranking as shown.
    const notice = await ok(eastAdmin, 'POST', '/api/party-points/notices', { year: 2026, orgId: branchId }, 201);
    expect(notice.rows).toHaveLength(3);
    const told = await t.db.selectFrom('notification').select('account_id').where('kind', '=', 'party_points.notice').execute();
    expect(told).toHaveLength(3);
    expect((await ok(eastAdmin, 'GET', `/api/party-points/notices?orgId=${branchId}`)).items).toHaveLength(1);
    expect((await call(westAdmin, 'GET', `/api/party-points/notices?orgId=${branchId}`)).statusCode).toBe(404);
    expect((await ok(c.caller, 'GET', '/api/party-points/notices/mine')).items).toEqual([
      expect.objectContaining({ id: notice.id, year: 2026 }),
    ]);

    // The town sets the weights; they may not add up to more than 100.
    expect((await call(townAdmin, 'PATCH', '/api/party-points/items/meeting', { weight: 60 })).statusCode).toBe(400);
    expect(await ok(townAdmin, 'PATCH', '/api/party-points/items/meeting', { weight: 20, yearlyCap: 48 })).toMatchObject({
      weight: 20,
      yearlyCap: 48,
    });
    expect((await call(eastAdmin, 'PATCH', '/api/party-points/items/meeting', { weight: 20 })).statusCode).toBe(403);
  });
});
