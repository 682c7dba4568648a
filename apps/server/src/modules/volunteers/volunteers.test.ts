import { idCheckDigit } from '@tongxin/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, uniqueMobile, type Caller, type TestContext, type TestTown } from '../../../test/helpers.js';

let t: TestContext;
let town: TestTown;
let eastAdmin: Caller;
const east = () => town.communities[0]!;
let seq = 101; // odd sequence numbers: men (GB 11643)

/** A valid ID number for someone born on this day. */
function idFor(birth: string): string {
  seq += 2;
  const first17 = `440605${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckDigit(first17);
}
const yearsAgo = (n: number) => `${new Date().getFullYear() - n}-01-01`;

beforeAll(async () => {
  t = await createTestApp();
  town = await t.createTown();
  eastAdmin = await t.caller(town.townId, east().id, 'community_admin');
});
afterAll(() => t?.close());

const register = (extra: Record<string, unknown> = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/api/volunteers/register',
    payload: {
      name: '新志愿者',
      idNumber: idFor('1990-05-01'),
      regionId: east().gridId,
      skills: ['维修', ' 维修 ', '驾驶'],
      serviceCategories: ['elderly', 'care'],
      availability: ['weekend'],
      mobile: uniqueMobile(),
      password: 'Volunteer2026',
      ...extra,
    },
  });

describe('volunteer registration and review', () => {
  it('registers from the phone, notifies the reviewers, and the community approves with a volunteer number', async () => {
    const mobile = uniqueMobile();
    const res = await register({ name: '王志愿', mobile });
    expect(res.statusCode, res.body).toBe(201);
    const v = res.json();
    expect(v).toMatchObject({ status: 'pending', volunteerNo: null, sex: 'male', skills: ['维修', '驾驶'], partyMember: false });
    expect(v.idNumberMasked).toMatch(/^440605\*+\d{3}[\dX]$/);
    const inbox = (await t.app.inject({ method: 'GET', url: '/api/notifications', headers: eastAdmin.headers })).json();
    expect(inbox.items.some((n: { kind: string }) => n.kind === 'volunteer.applied')).toBe(true);

    // The applicant can log in and sees the application, with no volunteer role yet.
    const me = await t.login(mobile, 'Volunteer2026');
    const mine = (await t.app.inject({ method: 'GET', url: '/api/me/volunteer', headers: me.headers })).json();
    expect(mine.volunteer.id).toBe(v.id);

    const pending = (await t.app.inject({ method: 'GET', url: '/api/volunteers?status=pending', headers: eastAdmin.headers })).json();
    expect(pending.items.map((x: { id: string }) => x.id)).toContain(v.id);
    const ok = await t.app.inject({ method: 'POST', url: `/api/volunteers/${v.id}/approve`, headers: eastAdmin.headers });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().volunteerNo).toMatch(/^V\d{4}\d{6}$/);
    const again = await t.app.inject({ method: 'POST', url: `/api/volunteers/${v.id}/approve`, headers: eastAdmin.headers });
    expect(again.json().code).toBe('VOLUNTEER_NOT_PENDING');
    const roles = (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: me.headers })).json().grants;
    expect(roles.map((g: { role: string }) => g.role)).toContain('volunteer');
  });

  it('refuses under-14s, needs a guardian for 14–17, and one registration per person', async () => {
    expect((await register({ idNumber: idFor(yearsAgo(12)) })).json().code).toBe('VOLUNTEER_TOO_YOUNG');
    expect((await register({ idNumber: idFor(yearsAgo(16)) })).json().code).toBe('GUARDIAN_CONSENT_REQUIRED');
    const teen = await register({
      idNumber: idFor(yearsAgo(16)),
      guardianConsent: { guardianName: '李家长', relation: '母亲', consentedOn: '2026-11-01' },
    });
    expect(teen.statusCode, teen.body).toBe(201);
    const id = idFor('1985-03-03');
    expect((await register({ idNumber: id })).statusCode).toBe(201);
    expect((await register({ idNumber: id })).json().code).toBe('VOLUNTEER_EXISTS');
    expect((await register({ idNumber: '440605198503030000' })).json().code).toBe('ID_NUMBER_INVALID');
  });

  it('gives volunteer numbers in order, never twice, however many approvals run at once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await register({ idNumber: idFor(`1980-02-${String(10 + i).padStart(2, '0')}`) })).json().id);
    const results = await Promise.all(
      ids.map((id) => t.app.inject({ method: 'POST', url: `/api/volunteers/${id}/approve`, headers: eastAdmin.headers })),
    );
    const numbers = results.map((r) => r.json().volunteerNo as string);
    expect(new Set(numbers).size).toBe(ids.length);
  });

  it('rejects with a reason the applicant reads, and keeps other communities out', async () => {
    const v = (await register({ name: '被拒者' })).json();
    const noReason = await t.app.inject({
      method: 'POST',
      url: `/api/volunteers/${v.id}/reject`,
      headers: eastAdmin.headers,
      payload: { reason: '' },
    });
    expect(noReason.statusCode).toBe(400);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/volunteers/${v.id}/reject`,
      headers: eastAdmin.headers,
      payload: { reason: '证件信息与本人不符' },
    });
    expect(res.json()).toMatchObject({ status: 'rejected', rejectReason: '证件信息与本人不符' });
    const westAdmin = await t.caller(town.townId, town.communities[1]!.id, 'community_admin');
    expect((await t.app.inject({ method: 'GET', url: `/api/volunteers/${v.id}`, headers: westAdmin.headers })).statusCode).toBe(404);
    const places = (await t.app.inject({ method: 'GET', url: '/api/volunteers/places' })).json();
    expect(places.towns.find((x: { id: string }) => x.id === town.townId).communities.map((c: { name: string }) => c.name)).toEqual([
      '东社区',
      '西社区',
    ]);
  });
});

describe('the volunteer list', () => {
  it('marks party members (by account) on a page read in one pass', async () => {
    const [member, other] = [(await register({ name: '党员志愿者' })).json(), (await register({ name: '群众志愿者' })).json()];
    const org = await t.db
      .insertInto('party_org')
      .values({ town_id: town.townId, kind: 'branch', name: '测试党支部', region_id: east().id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('party_member')
      .values({
        town_id: town.townId,
        org_id: org.id,
        region_id: east().id,
        account_id: member.accountId,
        name: '党员志愿者',
        join_date: '2001-07-01',
        status: 'full',
      })
      .execute();
    const page = (await t.app.inject({ method: 'GET', url: '/api/volunteers?pageSize=100', headers: eastAdmin.headers })).json();
    const byId = new Map(page.items.map((v: { id: string; partyMember: boolean }) => [v.id, v.partyMember]));
    expect(byId.get(member.id)).toBe(true);
    expect(byId.get(other.id)).toBe(false);
    expect(page.items.every((v: { regionPath: string[] }) => v.regionPath.length > 0)).toBe(true);
  });
});
