import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestContext, type TestTown } from '../../../test/helpers.js';

let t: TestContext;
let town: TestTown;
let eastAdmin: Caller;
const east = () => town.communities[0]!;
const west = () => town.communities[1]!;

beforeAll(async () => {
  t = await createTestApp();
  town = await t.createTown();
  eastAdmin = await t.caller(town.townId, east().id, 'community_admin');
});
afterAll(() => t?.close());

const call = (caller: Caller, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: caller.headers, payload: payload as never });

async function post(caller: Caller, url: string, payload: unknown) {
  const res = await call(caller, 'POST', url, payload);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('party organisations and members', () => {
  it('builds the tree, refuses wrong levels, warns on branch size, computes tenure and 双报到', async () => {
    const committee = await post(eastAdmin, '/api/party-orgs', { kind: 'committee', name: '东社区党委', regionId: east().id });
    const branch = await post(eastAdmin, '/api/party-orgs', {
      kind: 'branch',
      name: '第一党支部',
      regionId: east().subgridId,
      parentId: committee.id,
    });
    const badGroup = await call(eastAdmin, 'POST', '/api/party-orgs', {
      kind: 'group',
      name: '错层',
      regionId: east().gridId,
      parentId: committee.id,
    });
    expect(badGroup.json().code).toBe('PARTY_ORG_PLACEMENT');
    const group = await post(eastAdmin, '/api/party-orgs', {
      kind: 'group',
      name: '第一网格党小组',
      regionId: east().gridId,
      parentId: branch.id,
    });
    const second = await call(eastAdmin, 'POST', '/api/party-orgs', {
      kind: 'group',
      name: '又一个',
      regionId: east().gridId,
      parentId: branch.id,
    });
    expect(second.json().code).toBe('PARTY_GROUP_EXISTS');
    expect(group.kind).toBe('group');

    const h = await post(eastAdmin, '/api/households', { regionId: east().gridId, address: '党建路1号' });
    const r = await post(eastAdmin, '/api/residents', { householdId: h.id, name: '老党员', sex: 'male', birthDate: '1940-01-01' });
    const veteran = await post(eastAdmin, '/api/party-members', {
      orgId: branch.id,
      residentId: r.id,
      joinDate: '1960-07-01',
      fullDate: '1961-07-01',
      status: 'full',
    });
    expect(veteran).toMatchObject({ name: '老党员', status: 'full' });
    expect(veteran.tenureYears).toBeGreaterThanOrEqual(65);
    expect((await call(eastAdmin, 'GET', `/api/residents/${r.id}`)).json().politicalStatus).toBe('party_member');
    const dupe = await call(eastAdmin, 'POST', '/api/party-members', {
      orgId: branch.id,
      residentId: r.id,
      joinDate: '1960-07-01',
      status: 'full',
    });
    expect(dupe.json().code).toBe('PARTY_MEMBER_EXISTS');
    const badDates = await call(eastAdmin, 'POST', '/api/party-members', {
      orgId: branch.id,
      name: '某',
      joinDate: '2020-07-01',
      fullDate: '2019-01-01',
      status: 'full',
    });
    expect(badDates.json().code).toBe('PARTY_MEMBER_DATES');

    // An in-service member from elsewhere reports to the west community (双报到).
    const worker = await post(eastAdmin, '/api/party-members', {
      orgId: branch.id,
      name: '在职党员甲',
      joinDate: '2020-07-01',
      status: 'probationary',
      communityReport: { regionId: west().id, reportedOn: '2026-03-05', workUnit: '镇卫生院', pledgedServices: ['义诊', '健康讲座'] },
    });
    expect(worker.tenureYears).toBe(0);
    expect(worker.communityReport).toMatchObject({ regionPath: [expect.any(String), '西社区'], pledgedServices: ['义诊', '健康讲座'] });
    // The west community's admin sees the member who reported to it.
    const westAdmin = await t.caller(town.townId, west().id, 'community_admin');
    const reported = (await call(westAdmin, 'GET', '/api/party-members?communityReported=true')).json();
    expect(reported.items.map((m: { id: string }) => m.id)).toEqual([worker.id]);

    const fifty = (await call(eastAdmin, 'GET', '/api/party-members?minTenure=50')).json();
    expect(fifty.items.map((m: { id: string }) => m.id)).toEqual([veteran.id]);

    const orgs = (await call(eastAdmin, 'GET', '/api/party-orgs')).json().items as Array<{ id: string; warnings: Array<{ code: string }> }>;
    expect(orgs.find((o) => o.id === branch.id)!.warnings.map((w) => w.code)).toContain('BRANCH_TOO_SMALL');
    const del = await call(eastAdmin, 'DELETE', `/api/party-orgs/${branch.id}`);
    expect(del.json().code).toBe('PARTY_ORG_NOT_EMPTY');
  });
});

describe('grid duties and household contact', () => {
  it('lists a grid worker’s households care-tagged first and logs a visit', async () => {
    const worker = await t.createAccount(town.townId, east().gridId, 'volunteer', '网格员小何');
    const caller = await t.login(worker.mobile);
    expect((await call(caller, 'GET', '/api/me/households')).json().items).toEqual([]);

    const plain = await post(eastAdmin, '/api/households', { regionId: east().gridId, address: '网格路1号' });
    const cared = await post(eastAdmin, '/api/households', { regionId: east().gridId, address: '网格路2号' });
    await post(eastAdmin, '/api/residents', { householdId: plain.id, name: '普通户', sex: 'male' });
    await post(eastAdmin, '/api/residents', { householdId: cared.id, name: '独居老人', sex: 'female', careTags: ['living_alone'] });
    const outside = await post(eastAdmin, '/api/households', { regionId: east().subgridId, address: '网格路3号' });

    const duty = await post(eastAdmin, '/api/grid-duties', { regionId: east().gridId, duty: 'grid_worker', accountId: worker.id });
    expect(duty).toMatchObject({ personName: '网格员小何', duty: 'grid_worker' });
    const again = await call(eastAdmin, 'POST', '/api/grid-duties', { regionId: east().gridId, duty: 'grid_worker', accountId: worker.id });
    expect(again.json().code).toBe('DUTY_EXISTS');
    const noPerson = await call(eastAdmin, 'POST', '/api/grid-duties', { regionId: east().gridId, duty: 'party_center_household' });
    expect(noPerson.json().code).toBe('DUTY_PERSON_REQUIRED');

    const list = (await call(caller, 'GET', '/api/me/households')).json().items as Array<{ id: string; careTags: string[] }>;
    const ids = list.map((h) => h.id);
    expect(ids[0]).toBe(cared.id);
    expect(ids).toContain(plain.id);
    expect(ids).not.toContain(outside.id);
    expect(list[0]!.careTags).toEqual(['独居老人']);

    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const logged = await post(caller, `/api/me/households/${plain.id}/contacts`, {
      contactedOn: today,
      way: 'visit',
      raised: '楼道灯坏了',
      needsFollowUp: true,
    });
    expect(logged).toMatchObject({ way: 'visit', raised: '楼道灯坏了', followUp: 'open', loggedByName: '网格员小何' });
    const row = await t.db.selectFrom('household_contact').select('raised_cipher').where('id', '=', logged.id).executeTakeFirstOrThrow();
    expect(row.raised_cipher).not.toContain('楼道');
    const detail = (await call(caller, 'GET', `/api/me/households/${plain.id}`)).json();
    expect(detail.contacts[0].id).toBe(logged.id);
    expect(detail.household.lastContactOn).toBe(today);
    // Not on my list: invisible.
    expect((await call(caller, 'GET', `/api/me/households/${outside.id}`)).statusCode).toBe(404);
    expect((await call(caller, 'POST', `/api/me/households/${outside.id}/contacts`, { contactedOn: today, way: 'phone' })).statusCode).toBe(
      404,
    );
    // The console sees the log.
    const contacts = (await call(eastAdmin, 'GET', `/api/households/${plain.id}/contacts`)).json();
    expect(contacts.items).toHaveLength(1);
  });

  it('lists a party member’s 户联系 households on their phone', async () => {
    const branch = await post(eastAdmin, '/api/party-orgs', { kind: 'branch', name: '联系户支部', regionId: east().id });
    const account = await t.createAccount(town.townId, east().gridId, 'volunteer', '党员小李');
    const member = await post(eastAdmin, '/api/party-members', {
      orgId: branch.id,
      accountId: account.id,
      joinDate: '2015-07-01',
      status: 'full',
    });
    const h = await post(eastAdmin, '/api/households', { regionId: east().subgridId, address: '联系路8号' });
    const set = await call(eastAdmin, 'PUT', `/api/party-members/${member.id}/contact-households`, { householdIds: [h.id] });
    expect(set.statusCode, set.body).toBe(200);
    const caller = await t.login(account.mobile);
    const mine = (await call(caller, 'GET', '/api/me/households')).json();
    expect(mine.partyMemberId).toBe(member.id);
    expect(mine.items).toEqual([expect.objectContaining({ id: h.id, via: 'contact' })]);
    const linked = (await call(eastAdmin, 'GET', `/api/party-members/${member.id}/contact-households`)).json();
    expect(linked.items.map((x: { id: string }) => x.id)).toEqual([h.id]);
    const logged = await post(caller, `/api/me/households/${h.id}/contacts`, { contactedOn: '2026-11-01', way: 'phone' });
    expect(logged.partyMemberId).toBe(member.id);
  });
});
