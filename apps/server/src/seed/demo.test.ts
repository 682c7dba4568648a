import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '@tongxin/shared';
import { createTestApp, type TestContext } from '../../test/helpers.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOWN, seedDemoIfEmpty } from './demo.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('demo town', () => {
  it('seeds an empty database once: the town, its tree and one account per role', async () => {
    expect(await seedDemoIfEmpty(t.db, t.cipher)).toBe(true);
    const regions = await t.db.selectFrom('region').select(['name', 'depth']).execute();
    expect(regions.filter((r) => r.depth === 1).map((r) => r.name)).toEqual(DEMO_TOWN.communities.map((c) => c.name));
    expect(regions.filter((r) => r.depth === 3)).toHaveLength(DEMO_TOWN.communities.length * 2 * 2);
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.role))).toEqual(new Set(ROLES));
    // Seeding never runs against a database that already holds data.
    expect(await seedDemoIfEmpty(t.db, t.cipher)).toBe(false);
    expect(await t.db.selectFrom('town').select('id').execute()).toHaveLength(1);
  });

  it('lets every demo account log in with the documented password and find a welcome in its inbox', async () => {
    for (const a of DEMO_ACCOUNTS) {
      const caller = await t.login(a.mobile, DEMO_PASSWORD);
      const me = (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: caller.headers })).json();
      expect(me.name).toBe(a.name);
      expect(me.grants.map((g: { role: string }) => g.role)).toEqual([a.role]);
      const inbox = (await t.app.inject({ method: 'GET', url: '/api/notifications', headers: caller.headers })).json();
      expect(inbox.items[0]).toMatchObject({ kind: 'system.welcome', link: '/m/me' });
      expect(inbox.unread).toBe(1);
    }
  });

  it('gives the people pages something real: households, a grid worker’s list, 户联系, a 50-year veteran', async () => {
    const worker = await t.login(DEMO_ACCOUNTS.find((a) => a.role === 'grid_worker')!.mobile, DEMO_PASSWORD);
    const mine = (await t.app.inject({ method: 'GET', url: '/api/me/households', headers: worker.headers })).json();
    // Five seeded households, and 关玉珍's (the demo resident who asks for help).
    expect(mine.items.length).toBe(6);
    expect(mine.items[0].careTags.length).toBeGreaterThan(0);
    const volunteer = await t.login(DEMO_ACCOUNTS.find((a) => a.role === 'volunteer')!.mobile, DEMO_PASSWORD);
    const linked = (await t.app.inject({ method: 'GET', url: '/api/me/households', headers: volunteer.headers })).json();
    expect(linked.partyMemberId).not.toBeNull();
    expect(linked.items.length).toBeGreaterThanOrEqual(3);
    const admin = await t.login(DEMO_ACCOUNTS.find((a) => a.role === 'town_admin')!.mobile, DEMO_PASSWORD);
    const veterans = (await t.app.inject({ method: 'GET', url: '/api/party-members?minTenure=50', headers: admin.headers })).json();
    expect(veterans.total).toBeGreaterThan(0);
    const residents = (await t.app.inject({ method: 'GET', url: '/api/residents?pageSize=1', headers: admin.headers })).json();
    expect(residents.total).toBeGreaterThan(40);
  });

  it('has an approved demo volunteer and two applications waiting for 上金湾社区', async () => {
    const admin = await t.login(DEMO_ACCOUNTS.find((a) => a.role === 'community_admin')!.mobile, DEMO_PASSWORD);
    const pending = (await t.app.inject({ method: 'GET', url: '/api/volunteers?status=pending', headers: admin.headers })).json();
    expect(pending.total).toBe(2);
    const volunteer = await t.login(DEMO_ACCOUNTS.find((a) => a.role === 'volunteer')!.mobile, DEMO_PASSWORD);
    const me = (await t.app.inject({ method: 'GET', url: '/api/me/volunteer', headers: volunteer.headers })).json();
    expect(me.volunteer).toMatchObject({ status: 'approved', partyMember: true });
    // A new approval takes the next number (黄小敏 has 000001, 罗志坚 000002).
    const ok = await t.app.inject({ method: 'POST', url: `/api/volunteers/${pending.items[0].id}/approve`, headers: admin.headers });
    expect(ok.json().volunteerNo).toMatch(/000003$/);
    const leader = await t.login(DEMO_ACCOUNTS.find((a) => a.role === 'team_leader')!.mobile, DEMO_PASSWORD);
    const teams = (await t.app.inject({ method: 'GET', url: '/api/teams', headers: leader.headers })).json().items;
    expect(teams.find((x: { kind: string }) => x.kind === 'community')).toMatchObject({ leaderName: '周志强', memberCount: 1 });
    const mine = (await t.app.inject({ method: 'GET', url: '/api/me/teams', headers: volunteer.headers })).json();
    expect(mine.items[0].team.name).toBe('上金湾社区志愿服务队');
  });

  it('has help requests at each point of the cycle, and a second volunteer to claim them', async () => {
    const admin = await t.login(DEMO_ACCOUNTS.find((a) => a.role === 'community_admin')!.mobile, DEMO_PASSWORD);
    const summary = (await t.app.inject({ method: 'GET', url: '/api/help-requests/summary', headers: admin.headers })).json();
    expect(summary.counts).toMatchObject({ submitted: 1, open: 1, reviewed: 1, closed: 1 });
    const resident = await t.login(DEMO_ACCOUNTS.find((a) => a.role === 'resident')!.mobile, DEMO_PASSWORD);
    const mine = (await t.app.inject({ method: 'GET', url: '/api/help-requests/mine', headers: resident.headers })).json();
    expect(mine.items.map((r: { status: string }) => r.status)).toEqual(['submitted', 'reviewed', 'closed']);
    expect(mine.items[0].place).toBe('青樵镇金湾花园3栋102');
    const luo = await t.login('13800000014', DEMO_PASSWORD);
    const pool = (await t.app.inject({ method: 'GET', url: '/api/help-requests/pool', headers: luo.headers })).json();
    expect(pool.items.map((r: { status: string }) => r.status)).toEqual(['open']);
  });
});
