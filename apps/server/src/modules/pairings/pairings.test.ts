import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestContext, type TestTown } from '../../../test/helpers.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoIfEmpty } from '../../seed/demo.js';

let t: TestContext;
let town: TestTown;
let other: TestTown;
let townAdmin: Caller;
let eastAdmin: Caller;
let eastLeader: Caller;
const east = () => town.communities[0]!;
const west = () => town.communities[1]!;
let eastTeam: string;
let hospital: string;
let lawyers: string;
let headquarters: string;
let foreignTeam: string;
let mentorId: string;

const call = (c: Caller, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: c.headers, payload: payload as never });

async function team(townId: string, kind: string, name: string, regionId: string): Promise<string> {
  return (
    await t.db
      .insertInto('team')
      .values({
        town_id: townId,
        kind,
        name,
        region_id: regionId,
        organiser: kind === 'professional' ? '镇卫生院' : null,
        parent_id: null,
        leader_account_id: null,
        mentor_account_id: null,
        service_categories: [],
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

/** A dated occurrence of an activity, written straight into the tables the activities module owns. */
async function occurrence(o: {
  regionId: string;
  organiser: string;
  partner?: string | null;
  startsAt: string;
  activityStatus?: 'draft' | 'published' | 'cancelled';
  status?: 'scheduled' | 'cancelled';
}): Promise<string> {
  const startsAt = new Date(o.startsAt);
  const a = await t.db
    .insertInto('activity')
    .values({
      town_id: town.townId,
      region_id: o.regionId,
      organiser_team_id: o.organiser,
      partner_team_id: o.partner ?? null,
      title: `红色星期六${randomUUID().slice(0, 4)}`,
      category: 'governance',
      site: '社区广场',
      capacity: 20,
      first_date: '2026-03-07',
      start_time: '09:00',
      end_time: '11:00',
      status: o.activityStatus ?? 'published',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return (
    await t.db
      .insertInto('activity_occurrence')
      .values({
        town_id: town.townId,
        activity_id: a.id,
        region_id: o.regionId,
        rule_date: '2026-03-07',
        starts_at: startsAt,
        ends_at: new Date(startsAt.getTime() + 2 * 3600_000),
        capacity: 20,
        status: o.status ?? 'scheduled',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

beforeAll(async () => {
  t = await createTestApp();
  town = await t.createTown();
  other = await t.createTown();
  townAdmin = await t.caller(town.townId, town.townId, 'town_admin');
  eastAdmin = await t.caller(town.townId, east().id, 'community_admin');
  eastLeader = await t.caller(town.townId, east().id, 'team_leader');
  eastTeam = await team(town.townId, 'community', '东社区志愿服务队', east().id);
  hospital = await team(town.townId, 'professional', '卫生院医疗志愿队', town.townId);
  lawyers = await team(town.townId, 'professional', '法律服务志愿队', town.townId);
  headquarters = await team(town.townId, 'headquarters', '镇志愿服务总队', town.townId);
  foreignTeam = await team(other.townId, 'professional', '外镇专业队', other.townId);
  mentorId = (await t.createAccount(town.townId, town.townId, 'volunteer', '社工李导师')).id;
});
afterAll(() => t?.close());

describe('pairings: the three kinds and their rules', () => {
  it('pairs a community team with a professional team of the same town, and nothing else', async () => {
    const base = { kind: 'team', communityId: east().id, startDate: '2026-01-01' };
    // The partner must be a professional team of the same town.
    for (const partnerTeamId of [headquarters, eastTeam, foreignTeam, randomUUID()]) {
      const res = await call(townAdmin, 'POST', '/api/pairings', { ...base, partnerTeamId });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().code).toBe('PAIRING_TEAMS_INVALID');
    }
    // A community with no community team cannot pair a team yet.
    const noTeam = await call(townAdmin, 'POST', '/api/pairings', { ...base, communityId: west().id, partnerTeamId: hospital });
    expect(noTeam.json().code).toBe('PAIRING_NO_COMMUNITY_TEAM');
    // Only a village or community is paired, not a grid.
    const grid = await call(townAdmin, 'POST', '/api/pairings', { ...base, communityId: east().gridId, partnerTeamId: hospital });
    expect(grid.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'body/communityId' }] });
    // The end date cannot come before the start.
    const dates = await call(townAdmin, 'POST', '/api/pairings', { ...base, partnerTeamId: hospital, endDate: '2025-12-31' });
    expect(dates.json().code).toBe('PAIRING_DATES_INVALID');
    // Fields of another kind are refused.
    const mixed = await call(townAdmin, 'POST', '/api/pairings', { ...base, partnerTeamId: hospital, mentorAccountId: mentorId });
    expect(mixed.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'body/mentorAccountId' }] });
    const missing = await call(townAdmin, 'POST', '/api/pairings', base);
    expect(missing.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'body/partnerTeamId' }] });

    const ok = await call(eastAdmin, 'POST', '/api/pairings', { ...base, partnerTeamId: hospital, note: '  每月第一个周六  ' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({
      kind: 'team',
      communityName: '东社区',
      communityTeamId: eastTeam,
      communityTeamName: '东社区志愿服务队',
      partnerTeamId: hospital,
      partnerName: '卫生院医疗志愿队',
      startDate: '2026-01-01',
      endDate: null,
      active: true,
      note: '每月第一个周六',
      monthlyThemes: [],
      quarterLists: [],
    });
    const audit = await t.db.selectFrom('audit_log').selectAll().where('entity_id', '=', ok.json().id).execute();
    expect(audit.map((a) => a.action)).toEqual(['pairing.create']);

    // The same partner again for an overlapping period is refused; a later period is fine once this one ends.
    const again = await call(townAdmin, 'POST', '/api/pairings', { ...base, startDate: '2026-06-01', partnerTeamId: hospital });
    expect(again.json().code).toBe('PAIRING_EXISTS');
  });

  it('pairs a mentor (an account of the town) and a resource provider (a named unit)', async () => {
    const mentor = await call(eastAdmin, 'POST', '/api/pairings', {
      kind: 'mentor',
      communityId: east().id,
      mentorAccountId: mentorId,
      startDate: '2026-01-01',
    });
    expect(mentor.statusCode, mentor.body).toBe(201);
    expect(mentor.json()).toMatchObject({ kind: 'mentor', mentorName: '社工李导师', partnerName: '社工李导师', communityTeamId: eastTeam });
    const stranger = (await t.createAccount(other.townId, other.townId, 'volunteer')).id;
    const outside = await call(eastAdmin, 'POST', '/api/pairings', {
      kind: 'mentor',
      communityId: east().id,
      mentorAccountId: stranger,
      startDate: '2026-01-01',
    });
    expect(outside.statusCode).toBe(404);

    const resource = await call(eastAdmin, 'POST', '/api/pairings', {
      kind: 'resource',
      communityId: east().id,
      providerName: ' 樵山登山健身会所 ',
      providerContact: '李经理 0757-86880000',
      startDate: '2026-02-01',
    });
    expect(resource.statusCode, resource.body).toBe(201);
    expect(resource.json()).toMatchObject({
      kind: 'resource',
      providerName: '樵山登山健身会所',
      providerContact: '李经理 0757-86880000',
      communityTeamId: null,
      partnerName: '樵山登山健身会所',
    });
    const blank = await call(eastAdmin, 'POST', '/api/pairings', {
      kind: 'resource',
      communityId: east().id,
      providerName: '   ',
      startDate: '2026-02-01',
    });
    expect(blank.json().code).toBe('VALIDATION_FAILED');
    // A mentor pairing needs the community team too.
    const westMentor = await call(townAdmin, 'POST', '/api/pairings', {
      kind: 'mentor',
      communityId: west().id,
      mentorAccountId: mentorId,
      startDate: '2026-01-01',
    });
    expect(westMentor.json().code).toBe('PAIRING_NO_COMMUNITY_TEAM');
  });

  it('edits, ends and deletes a pairing, keeping dates in order', async () => {
    const p = (
      await call(eastAdmin, 'POST', '/api/pairings', {
        kind: 'team',
        communityId: east().id,
        partnerTeamId: lawyers,
        startDate: '2026-02-01',
      })
    ).json();
    const bad = await call(eastAdmin, 'PATCH', `/api/pairings/${p.id}`, { endDate: '2026-01-31' });
    expect(bad.json().code).toBe('PAIRING_DATES_INVALID');
    const provider = await call(eastAdmin, 'PATCH', `/api/pairings/${p.id}`, { providerName: '某商家' });
    expect(provider.json().code).toBe('VALIDATION_FAILED');
    const edited = await call(eastAdmin, 'PATCH', `/api/pairings/${p.id}`, { startDate: '2026-01-15', note: '法律进社区' });
    expect(edited.json()).toMatchObject({ startDate: '2026-01-15', note: '法律进社区' });
    expect((await call(eastAdmin, 'POST', `/api/pairings/${p.id}/end`, { endDate: '2026-01-14' })).json().code).toBe(
      'PAIRING_DATES_INVALID',
    );
    const ended = await call(eastAdmin, 'POST', `/api/pairings/${p.id}/end`, { endDate: '2026-02-28' });
    expect(ended.json()).toMatchObject({ endDate: '2026-02-28', active: false });
    // No body at all: the end date defaults to today.
    expect((await call(eastAdmin, 'POST', `/api/pairings/${p.id}/end`)).json().code).toBe('PAIRING_ENDED');
    // Once ended, the same partner may be paired again from the next day on, but not overlapping.
    const overlap = await call(eastAdmin, 'POST', '/api/pairings', {
      kind: 'team',
      communityId: east().id,
      partnerTeamId: lawyers,
      startDate: '2026-02-28',
    });
    expect(overlap.json().code).toBe('PAIRING_EXISTS');
    const next = await call(eastAdmin, 'POST', '/api/pairings', {
      kind: 'team',
      communityId: east().id,
      partnerTeamId: lawyers,
      startDate: '2026-12-01',
    });
    expect(next.statusCode, next.body).toBe(201);
    expect(next.json().active).toBe(false); // starts after today
    const upcoming = (await call(eastAdmin, 'GET', `/api/pairings?status=upcoming`)).json().items.map((x: { id: string }) => x.id);
    expect(upcoming).toEqual([next.json().id]);
    const endedList = (await call(eastAdmin, 'GET', `/api/pairings?status=ended`)).json().items.map((x: { id: string }) => x.id);
    expect(endedList).toEqual([p.id]);
    const del = await call(eastAdmin, 'DELETE', `/api/pairings/${next.json().id}`);
    expect(del.statusCode).toBe(200);
    expect((await call(eastAdmin, 'GET', `/api/pairings/${next.json().id}`)).statusCode).toBe(404);
    const actions = await t.db.selectFrom('audit_log').select('action').where('entity_id', '=', p.id).orderBy('at').execute();
    expect(actions.map((a) => a.action)).toEqual(['pairing.create', 'pairing.update', 'pairing.end']);
  });

  it('keeps monthly themes and quarterly lists inside the pairing’s period', async () => {
    const p = (await call(eastAdmin, 'GET', `/api/pairings?kind=team&status=active`)).json().items[0];
    expect(p.partnerTeamId).toBe(hospital);
    const theme = await call(eastAdmin, 'PUT', `/api/pairings/${p.id}/themes/2026-03`, { theme: ' 人居环境整治 ' });
    expect(theme.statusCode, theme.body).toBe(200);
    expect(theme.json().monthlyThemes).toMatchObject([{ month: '2026-03', theme: '人居环境整治' }]);
    await call(eastAdmin, 'PUT', `/api/pairings/${p.id}/themes/2026-03`, { theme: '防洪防汛' });
    await call(eastAdmin, 'PUT', `/api/pairings/${p.id}/themes/2026-02`, { theme: '关爱长者' });
    const themes = (await call(eastAdmin, 'GET', `/api/pairings/${p.id}`)).json().monthlyThemes;
    expect(themes.map((x: { month: string; theme: string }) => `${x.month} ${x.theme}`)).toEqual(['2026-02 关爱长者', '2026-03 防洪防汛']);
    expect((await call(eastAdmin, 'PUT', `/api/pairings/${p.id}/themes/2025-12`, { theme: '太早' })).json().code).toBe(
      'PAIRING_PERIOD_MISMATCH',
    );
    expect((await call(eastAdmin, 'PUT', `/api/pairings/${p.id}/themes/2026-13`, { theme: '无效' })).statusCode).toBe(400);
    expect((await call(eastAdmin, 'PUT', `/api/pairings/${p.id}/themes/2026-04`, { theme: 'x'.repeat(41) })).statusCode).toBe(400);
    const removed = await call(eastAdmin, 'DELETE', `/api/pairings/${p.id}/themes/2026-02`);
    expect(removed.json().monthlyThemes).toHaveLength(1);
    expect((await call(eastAdmin, 'DELETE', `/api/pairings/${p.id}/themes/2026-02`)).statusCode).toBe(404);

    const empty = await call(eastAdmin, 'PUT', `/api/pairings/${p.id}/lists/2026-Q1`, { needList: ['  '], serviceList: [] });
    expect(empty.json().code).toBe('VALIDATION_FAILED');
    const list = await call(eastAdmin, 'PUT', `/api/pairings/${p.id}/lists/2026-Q1`, {
      needList: ['独居老人助餐', ' ', '小区路灯维修'],
      serviceList: ['义诊', '健康讲座'],
    });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().quarterLists).toMatchObject([
      { quarter: '2026-Q1', needList: ['独居老人助餐', '小区路灯维修'], serviceList: ['义诊', '健康讲座'] },
    ]);
    expect(list.json().quarterLists[0].updatedByName).toBe('测试用户');
    expect((await call(eastAdmin, 'PUT', `/api/pairings/${p.id}/lists/2025-Q4`, { needList: ['x'], serviceList: [] })).json().code).toBe(
      'PAIRING_PERIOD_MISMATCH',
    );
    expect((await call(eastAdmin, 'PUT', `/api/pairings/${p.id}/lists/2026-Q5`, { needList: ['x'], serviceList: [] })).statusCode).toBe(
      400,
    );
    const actions = await t.db.selectFrom('audit_log').select('action').where('entity_id', '=', p.id).orderBy('at').execute();
    expect(actions.map((a) => a.action)).toEqual([
      'pairing.create',
      'pairing.theme_set',
      'pairing.theme_set',
      'pairing.theme_set',
      'pairing.theme_delete',
      'pairing.list_set',
    ]);
  });
});

describe('pairings: scope', () => {
  let westPairing: string;
  beforeAll(async () => {
    westPairing = (
      await call(townAdmin, 'POST', '/api/pairings', {
        kind: 'resource',
        communityId: west().id,
        providerName: '西社区爱心超市',
        startDate: '2026-01-01',
      })
    ).json().id;
  });

  it('shows a community admin its own community only, and lets a team leader read but not write', async () => {
    const mine = (await call(eastAdmin, 'GET', '/api/pairings')).json().items;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((p: { communityId: string }) => p.communityId === east().id)).toBe(true);
    expect((await call(townAdmin, 'GET', '/api/pairings')).json().items.some((p: { id: string }) => p.id === westPairing)).toBe(true);
    expect((await call(eastAdmin, 'GET', `/api/pairings/${westPairing}`)).statusCode).toBe(404);
    expect((await call(eastAdmin, 'PATCH', `/api/pairings/${westPairing}`, { note: 'x' })).statusCode).toBe(404);
    expect((await call(eastAdmin, 'PUT', `/api/pairings/${westPairing}/themes/2026-03`, { theme: 'x' })).statusCode).toBe(404);
    expect((await call(eastAdmin, 'GET', `/api/pairings?regionId=${west().id}`)).statusCode).toBe(404);
    const create = await call(eastAdmin, 'POST', '/api/pairings', {
      kind: 'resource',
      communityId: west().id,
      providerName: '越界商家',
      startDate: '2026-01-01',
    });
    expect(create.statusCode).toBe(404);
    // A region below the community narrows to the community holding it.
    const byGrid = (await call(eastAdmin, 'GET', `/api/pairings?regionId=${east().gridId}`)).json().items;
    expect(byGrid.length).toBe(mine.length);

    expect((await call(eastLeader, 'GET', '/api/pairings')).json().items.length).toBe(mine.length);
    expect((await call(eastLeader, 'GET', '/api/pairings/coverage')).statusCode).toBe(200);
    const denied = await call(eastLeader, 'POST', '/api/pairings', {
      kind: 'resource',
      communityId: east().id,
      providerName: '队长的商家',
      startDate: '2026-01-01',
    });
    expect(denied.statusCode).toBe(403);
  });

  it('offers mentors from the community’s town only, for a community in scope', async () => {
    const found = (await call(eastAdmin, 'GET', `/api/pairings/mentor-candidates?communityId=${east().id}&q=李导师`)).json().items;
    expect(found).toMatchObject([{ id: mentorId, name: '社工李导师' }]);
    expect(found[0].mobileMasked).toMatch(/\*{4}/);
    expect((await call(eastAdmin, 'GET', `/api/pairings/mentor-candidates?communityId=${west().id}`)).statusCode).toBe(404);
  });
});

describe('pairings: coverage and the "四个一" duties', () => {
  let westTeam: string;
  let westPartner: string;
  beforeAll(async () => {
    westTeam = await team(town.townId, 'community', '西社区志愿服务队', west().id);
    westPartner = await team(town.townId, 'professional', '应急志愿队', town.townId);
    // West was paired with the emergency team for January and February only.
    const w = await call(townAdmin, 'POST', '/api/pairings', {
      kind: 'team',
      communityId: west().id,
      partnerTeamId: westPartner,
      startDate: '2026-01-01',
      endDate: '2026-02-28',
    });
    expect(w.statusCode, w.body).toBe(201);
  });

  const coverage = async (query: string, as: Caller = townAdmin) => {
    const res = await call(as, 'GET', `/api/pairings/coverage?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const row = (c: { items: Array<{ communityId: string }> }, id: string) =>
    c.items.find((i) => i.communityId === id) as never as {
      team: { covered: boolean; partners: string[] };
      mentor: { covered: boolean };
      resource: { covered: boolean; partners: string[] };
      duties: Record<string, boolean>;
      monthlyActivity: { title: string; startsAt: string } | null;
      monthlyTheme: string | null;
      practicalMatterCount: number;
    };

  it('counts the communities covered by each kind on the date', async () => {
    const march = await coverage('date=2026-03-10&month=2026-03&quarter=2026-Q1');
    expect(march).toMatchObject({
      date: '2026-03-10',
      month: '2026-03',
      quarter: '2026-Q1',
      firstSaturday: '2026-03-07',
      targetPercent: 100,
    });
    expect(march.communityCount).toBe(2);
    expect(march.items.map((i: { communityName: string }) => i.communityName)).toEqual(['东社区', '西社区']);
    expect(march.kinds).toEqual({
      team: { covered: 1, percent: 50 },
      mentor: { covered: 1, percent: 50 },
      resource: { covered: 2, percent: 100 },
    });
    expect(row(march, east().id).team.partners).toEqual(['卫生院医疗志愿队']);
    expect(row(march, west().id).team).toEqual({ covered: false, partners: [] });
    expect(row(march, west().id).resource.partners).toEqual(['西社区爱心超市']);
    expect(march.duties.fixedTeam).toEqual({ met: 1, percent: 50 });
    // In February west's team pairing was in force (and the lawyers were paired with east too).
    const feb = await coverage('date=2026-02-10');
    expect(feb).toMatchObject({ month: '2026-02', quarter: '2026-Q1', firstSaturday: '2026-02-07' });
    expect(feb.kinds.team).toEqual({ covered: 2, percent: 100 });
    expect(row(feb, east().id).team.partners.sort()).toEqual(['卫生院医疗志愿队', '法律服务志愿队'].sort());
    // Before anything started, nothing is covered.
    const dec = await coverage('date=2025-12-31');
    expect(dec.kinds.team.percent).toBe(0);
    expect(dec.kinds.resource.percent).toBe(0);
    // Defaults: today in the town's time zone, its month and quarter.
    const now = await coverage('');
    expect(now.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(now.month).toBe(now.date.slice(0, 7));
    expect(now.quarter).toMatch(/^\d{4}-Q[1-4]$/);
  });

  it('finds the joint activity on the first Saturday, in the town’s own calendar day', async () => {
    const q = 'date=2026-03-10&month=2026-03&quarter=2026-Q1';
    const grid = east().gridId;
    expect(row(await coverage(q), east().id).duties.monthlyActivity).toBe(false);
    // None of these count: a team east is not paired with, a draft, a cancelled occurrence, a
    // Saturday in UTC that is already Sunday in China (2026-03-07 16:30Z = 03-08 00:30), a Friday.
    const stranger = await team(town.townId, 'professional', '路过的专业队', town.townId);
    await occurrence({ regionId: grid, organiser: stranger, startsAt: '2026-03-07T01:00:00Z' });
    await occurrence({ regionId: grid, organiser: hospital, startsAt: '2026-03-07T01:00:00Z', activityStatus: 'draft' });
    await occurrence({ regionId: grid, organiser: hospital, startsAt: '2026-03-07T01:00:00Z', status: 'cancelled' });
    await occurrence({ regionId: grid, organiser: hospital, startsAt: '2026-03-07T16:30:00Z' });
    await occurrence({ regionId: grid, organiser: hospital, startsAt: '2026-03-06T15:00:00Z' });
    // In west's subtree, by the team east is paired with: not east's.
    await occurrence({ regionId: west().gridId, organiser: hospital, startsAt: '2026-03-07T01:00:00Z' });
    // West's partner on the Saturday after its pairing ended.
    await occurrence({ regionId: west().gridId, organiser: westPartner, partner: null, startsAt: '2026-03-07T01:00:00Z' });
    let c = await coverage(q);
    expect(row(c, east().id).duties.monthlyActivity).toBe(false);
    expect(row(c, west().id).duties.monthlyActivity).toBe(false);
    expect(c.duties.monthlyActivity).toEqual({ met: 0, percent: 0 });

    // 00:30 on Saturday in China is still Friday in UTC: it counts. The paired team is the partner here.
    await occurrence({ regionId: grid, organiser: eastTeam, partner: hospital, startsAt: '2026-03-06T16:30:00Z' });
    c = await coverage(q);
    expect(row(c, east().id).duties.monthlyActivity).toBe(true);
    expect(row(c, east().id).monthlyActivity?.startsAt).toBe('2026-03-06T16:30:00.000Z');
    expect(row(c, east().id).monthlyTheme).toBe('防洪防汛');
    expect(c.duties.monthlyActivity).toEqual({ met: 1, percent: 50 });

    // The community team with a partner set counts even without a pairing in force (west in March).
    await occurrence({ regionId: west().id, organiser: westTeam, partner: westPartner, startsAt: '2026-03-07T06:00:00Z' });
    c = await coverage(q);
    expect(row(c, west().id).duties.monthlyActivity).toBe(true);
    expect(c.duties.monthlyActivity.percent).toBe(100);
    // Another month has its own first Saturday.
    expect((await coverage('date=2026-04-10')).duties.monthlyActivity.met).toBe(0);
  });

  it('counts the quarterly lists of team pairings and the practical matters solved in the quarter', async () => {
    const q = 'date=2026-03-10&month=2026-03&quarter=2026-Q1';
    let c = await coverage(q);
    expect(row(c, east().id).duties.quarterlyList).toBe(true); // listed above
    expect(row(c, west().id).duties.quarterlyList).toBe(false);
    // A resource pairing's list is not the list drawn up with the paired team.
    const westResource = (await call(townAdmin, 'GET', `/api/pairings?regionId=${west().id}&kind=resource`)).json().items[0];
    await call(townAdmin, 'PUT', `/api/pairings/${westResource.id}/lists/2026-Q1`, { needList: ['冬季取暖'], serviceList: [] });
    expect(row(await coverage(q), west().id).duties.quarterlyList).toBe(false);
    const westTeamPairing = (await call(townAdmin, 'GET', `/api/pairings?regionId=${west().id}&kind=team`)).json().items[0];
    await call(townAdmin, 'PUT', `/api/pairings/${westTeamPairing.id}/lists/2026-Q1`, { needList: [], serviceList: ['应急演练'] });
    c = await coverage(q);
    expect(row(c, west().id).duties.quarterlyList).toBe(true);
    expect(c.duties.quarterlyList).toEqual({ met: 2, percent: 100 });
    expect((await coverage('date=2026-04-10')).duties.quarterlyList.met).toBe(0);

    // Practical matters: solved in the quarter count; unsolved and earlier ones do not.
    const m = async (communityId: string, title: string, solvedOn: string | null) => {
      const res = await call(townAdmin, 'POST', '/api/practical-matters', { communityId, title, solvedOn, note: '居民反映' });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    await m(east().id, '修复小区路灯', '2026-02-15');
    await m(east().id, '加装扶手', '2026-03-31');
    await m(west().id, '清理河涌', '2025-12-20');
    const open = await m(west().id, '解决停车难', null);
    expect(open).toMatchObject({ communityName: '西社区', solvedOn: null, note: '居民反映' });
    c = await coverage(q);
    expect(row(c, east().id).practicalMatterCount).toBe(2);
    expect(row(c, east().id).duties.practicalMatter).toBe(true);
    expect(row(c, west().id).duties.practicalMatter).toBe(false);
    expect(c.duties.practicalMatter).toEqual({ met: 1, percent: 50 });
    const solved = await call(townAdmin, 'PATCH', `/api/practical-matters/${open.id}`, { solvedOn: '2026-01-05' });
    expect(solved.json().solvedOn).toBe('2026-01-05');
    expect((await coverage(q)).duties.practicalMatter.percent).toBe(100);
    const inQ1 = (await call(townAdmin, 'GET', '/api/practical-matters?quarter=2026-Q1')).json().items;
    expect(inQ1.map((x: { title: string }) => x.title).sort()).toEqual(['修复小区路灯', '加装扶手', '解决停车难'].sort());
    // Not in the future, and not outside the caller's scope.
    expect(
      (await call(townAdmin, 'POST', '/api/practical-matters', { communityId: east().id, title: '未来', solvedOn: '2099-01-01' })).json()
        .code,
    ).toBe('VALIDATION_FAILED');
    expect((await call(eastAdmin, 'POST', '/api/practical-matters', { communityId: west().id, title: '越界' })).statusCode).toBe(404);
    expect((await call(eastAdmin, 'PATCH', `/api/practical-matters/${open.id}`, { title: '越界' })).statusCode).toBe(404);
    expect(
      (await call(eastAdmin, 'GET', '/api/practical-matters'))
        .json()
        .items.every((x: { communityId: string }) => x.communityId === east().id),
    ).toBe(true);
    const gone = await call(townAdmin, 'DELETE', `/api/practical-matters/${open.id}`);
    expect(gone.statusCode).toBe(200);
    const audit = await t.db.selectFrom('audit_log').select('action').where('entity_id', '=', open.id).orderBy('at').execute();
    expect(audit.map((a) => a.action)).toEqual(['practical_matter.create', 'practical_matter.update', 'practical_matter.delete']);
  });

  it('answers a community admin for its own community, and 404 for a region outside its scope', async () => {
    const mine = await coverage('date=2026-03-10', eastAdmin);
    expect(mine.communityCount).toBe(1);
    expect(mine.items[0].communityId).toBe(east().id);
    expect(mine.kinds.team).toEqual({ covered: 1, percent: 100 });
    expect((await call(eastAdmin, 'GET', `/api/pairings/coverage?regionId=${west().id}`)).statusCode).toBe(404);
    const byGrid = await coverage(`date=2026-03-10&regionId=${west().gridId}`);
    expect(byGrid.items.map((i: { communityId: string }) => i.communityId)).toEqual([west().id]);
    expect((await call(townAdmin, 'GET', '/api/pairings/coverage?month=2026-13')).statusCode).toBe(400);
    expect((await call(townAdmin, 'GET', '/api/pairings/coverage?quarter=2026-Q0')).statusCode).toBe(400);
  });
});

describe('pairings: the demo town', () => {
  it('seeds pairings part-way done, so the coverage page has something to show', async () => {
    const demo = await createTestApp();
    try {
      expect(await seedDemoIfEmpty(demo.db, demo.cipher)).toBe(true);
      const admin = await demo.login(DEMO_ACCOUNTS.find((a) => a.role === 'town_admin')!.mobile, DEMO_PASSWORD);
      const c = (await demo.app.inject({ method: 'GET', url: '/api/pairings/coverage', headers: admin.headers })).json();
      expect(c.communityCount).toBe(4);
      expect(c.kinds).toEqual({
        team: { covered: 2, percent: 50 },
        mentor: { covered: 3, percent: 75 },
        resource: { covered: 2, percent: 50 },
      });
      expect(c.duties.quarterlyList.met).toBe(1);
      expect(c.duties.practicalMatter.met).toBe(1);
      expect(c.items[0]).toMatchObject({ communityName: '上金湾社区', monthlyTheme: '关爱独居长者' });
      const list = (await demo.app.inject({ method: 'GET', url: '/api/pairings', headers: admin.headers })).json().items;
      expect(list).toHaveLength(7);
      expect(list.every((p: { active: boolean }) => p.active)).toBe(true);
    } finally {
      await demo.close();
    }
  });
});
