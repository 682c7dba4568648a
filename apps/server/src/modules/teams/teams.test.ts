import { idCheckDigit } from '@tongxin/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, uniqueMobile, type Caller, type TestContext, type TestTown } from '../../../test/helpers.js';

let t: TestContext;
let town: TestTown;
let townAdmin: Caller;
let eastAdmin: Caller;
const east = () => town.communities[0]!;
let seq = 301;

beforeAll(async () => {
  t = await createTestApp();
  town = await t.createTown();
  townAdmin = await t.caller(town.townId, town.townId, 'town_admin');
  eastAdmin = await t.caller(town.townId, east().id, 'community_admin');
});
afterAll(() => t?.close());

const call = (c: Caller, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: c.headers, payload: payload as never });

/** An approved volunteer, logged in. */
async function volunteer(): Promise<Caller> {
  seq += 2;
  const first17 = `44060519880808${String(seq).padStart(3, '0')}`;
  const mobile = uniqueMobile();
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/volunteers/register',
    payload: {
      name: `队员${seq}`,
      idNumber: first17 + idCheckDigit(first17),
      regionId: east().gridId,
      skills: [],
      serviceCategories: ['care'],
      availability: ['weekend'],
      mobile,
      password: 'Volunteer2026',
    },
  });
  await call(eastAdmin, 'POST', `/api/volunteers/${res.json().id}/approve`);
  return t.login(mobile, 'Volunteer2026');
}

describe('teams: 1 + 33 + X and pioneer teams', () => {
  it('keeps one headquarters per town and one team per community, pioneer teams under their headquarters', async () => {
    const hq = await call(townAdmin, 'POST', '/api/teams', {
      kind: 'headquarters',
      name: '镇志愿服务总队',
      regionId: town.townId,
      serviceCategories: [],
    });
    expect(hq.statusCode, hq.body).toBe(201);
    expect(
      (
        await call(townAdmin, 'POST', '/api/teams', {
          kind: 'headquarters',
          name: '第二总队',
          regionId: town.townId,
          serviceCategories: [],
        })
      ).json().code,
    ).toBe('TEAM_KIND_TAKEN');
    const c = await call(eastAdmin, 'POST', '/api/teams', {
      kind: 'community',
      name: '东社区志愿服务队',
      regionId: east().id,
      serviceCategories: ['care'],
    });
    expect(c.statusCode, c.body).toBe(201);
    expect(
      (
        await call(eastAdmin, 'POST', '/api/teams', { kind: 'community', name: '东社区二队', regionId: east().id, serviceCategories: [] })
      ).json().code,
    ).toBe('TEAM_KIND_TAKEN');
    const x = await call(eastAdmin, 'POST', '/api/teams', {
      kind: 'professional',
      name: '卫生院医疗志愿队',
      regionId: east().id,
      organiser: '青樵镇卫生院',
      serviceCategories: ['health'],
    });
    expect(x.json()).toMatchObject({ organiser: '青樵镇卫生院', kind: 'professional' });
    expect(
      (
        await call(townAdmin, 'POST', '/api/teams', { kind: 'pioneer', name: '先锋一队', regionId: east().id, serviceCategories: [] })
      ).json().code,
    ).toBe('TEAM_PARENT_INVALID');
    const phq = (
      await call(townAdmin, 'POST', '/api/teams', {
        kind: 'pioneer_headquarters',
        name: '党员先锋队总队',
        regionId: town.townId,
        serviceCategories: [],
      })
    ).json();
    const p = await call(townAdmin, 'POST', '/api/teams', {
      kind: 'pioneer',
      name: '先锋一队',
      regionId: east().id,
      parentId: phq.id,
      serviceCategories: [],
    });
    expect(p.statusCode, p.body).toBe(201);
    // The east community admin sees its community's teams, not the town-level ones.
    const list = (await call(eastAdmin, 'GET', '/api/teams')).json().items.map((x: { name: string }) => x.name);
    expect(list).toEqual(expect.arrayContaining(['东社区志愿服务队', '卫生院医疗志愿队', '先锋一队']));
    expect(list).not.toContain('镇志愿服务总队');
  });

  it('lets approved volunteers ask to join; the leader approves; members leave', async () => {
    const leaderAccount = await t.createAccount(town.townId, east().id, 'team_leader', '队长老周');
    const leader = await t.login(leaderAccount.mobile);
    const team = (
      await call(eastAdmin, 'POST', '/api/teams', {
        kind: 'professional',
        name: '维修队',
        regionId: east().id,
        leaderAccountId: leaderAccount.id,
        serviceCategories: [],
      })
    ).json();
    const stranger = await t.caller(town.townId, east().gridId, 'resident');
    const directory = (await call(stranger, 'GET', '/api/teams/directory')).json().items.map((x: { name: string }) => x.name);
    expect(directory).toEqual(expect.arrayContaining(['维修队', '镇志愿服务总队']));
    const elsewhere = await t.createTown();
    const outsider = await t.caller(elsewhere.townId, elsewhere.townId, 'resident');
    expect((await call(outsider, 'GET', '/api/teams/directory')).json().items).toEqual([]);
    expect((await call(stranger, 'POST', `/api/teams/${team.id}/join`)).json().code).toBe('NOT_A_VOLUNTEER');

    const v = await volunteer();
    const asked = await call(v, 'POST', `/api/teams/${team.id}/join`);
    expect(asked.statusCode, asked.body).toBe(201);
    expect((await call(v, 'POST', `/api/teams/${team.id}/join`)).json().code).toBe('TEAM_MEMBERSHIP_EXISTS');
    // Another volunteer may not decide; the leader may.
    const other = await volunteer();
    expect((await call(other, 'POST', `/api/teams/${team.id}/members/${asked.json().id}/approve`)).statusCode).toBe(404);
    const ok = await call(leader, 'POST', `/api/teams/${team.id}/members/${asked.json().id}/approve`);
    expect(ok.json()).toMatchObject({ status: 'active' });
    expect((await call(leader, 'POST', `/api/teams/${team.id}/members/${asked.json().id}/approve`)).json().code).toBe(
      'TEAM_MEMBERSHIP_STATE',
    );
    expect((await call(eastAdmin, 'GET', `/api/teams/${team.id}`)).json().memberCount).toBe(1);
    const mine = (await call(v, 'GET', '/api/me/teams')).json();
    expect(mine.items[0].team.name).toBe('维修队');
    expect((await call(eastAdmin, 'DELETE', `/api/teams/${team.id}`)).json().code).toBe('TEAM_NOT_EMPTY');
    expect((await call(v, 'POST', `/api/teams/${team.id}/leave`)).json().status).toBe('left');
    // After leaving, one may ask again; the old membership stays in the history.
    expect((await call(v, 'POST', `/api/teams/${team.id}/join`)).statusCode).toBe(201);
    const members = (await call(eastAdmin, 'GET', `/api/teams/${team.id}/members`)).json().items;
    expect(members.map((m: { status: string }) => m.status)).toEqual(['left', 'pending']);
  });
});
