import { idCheckDigit } from '@tongxin/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  insertServiceRecord,
  insertTeam,
  uniqueMobile,
  type Caller,
  type TestContext,
  type TestTown,
} from '../../../test/helpers.js';

let t: TestContext;
let town: TestTown;
let townAdmin: Caller;
let eastAdmin: Caller;
let westAdmin: Caller;
let leader: Caller;
let teamId: string;
const east = () => town.communities[0]!;
const west = () => town.communities[1]!;
let seq = 501;

beforeAll(async () => {
  t = await createTestApp();
  town = await t.createTown();
  townAdmin = await t.caller(town.townId, town.townId, 'town_admin');
  eastAdmin = await t.caller(town.townId, east().id, 'community_admin');
  westAdmin = await t.caller(town.townId, west().id, 'community_admin');
  leader = await t.caller(town.townId, east().id, 'team_leader');
  teamId = await insertTeam(t.db, {
    townId: town.townId,
    regionId: east().id,
    leaderAccountId: leader.accountId,
    name: '东社区志愿服务队',
  });
});
afterAll(() => t?.close());

const call = (c: Caller, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: c.headers, payload: payload as never });

/** An approved volunteer of the east community, logged in. */
async function volunteer(): Promise<Caller & { volunteerId: string }> {
  seq += 2;
  const first17 = `44060519900909${String(seq).padStart(3, '0')}`;
  const mobile = uniqueMobile();
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/volunteers/register',
    payload: {
      name: `志愿者${seq}`,
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
  const ok = await call(eastAdmin, 'POST', `/api/volunteers/${res.json().id}/approve`);
  expect(ok.statusCode, ok.body).toBe(200);
  return { ...(await t.login(mobile, 'Volunteer2026')), volunteerId: res.json().id };
}

/** An activity of the east team with one occurrence, the volunteer's attended sign-up and its service record. */
function serviceRecord(
  volunteerId: string,
  r: { servedOn: string; dueOn: string; minutes: number; status?: 'pending' | 'confirmed'; title?: string },
): Promise<{ recordId: string; occurrenceId: string; checkedInAt: Date }> {
  return insertServiceRecord(t.db, {
    townId: town.townId,
    regionId: east().id,
    teamId,
    volunteerId,
    title: r.title ?? `清洁家园${seq++}`,
    ...r,
  });
}

async function notificationsOf(accountId: string, kind: string) {
  return t.db.selectFrom('notification').selectAll().where('account_id', '=', accountId).where('kind', '=', kind).execute();
}

const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as Record<string, unknown>;

describe('service records: the confirmation queue', () => {
  it('lists pending records in scope, marks overdue ones, and filters by overdue and occurrence', async () => {
    const v = await volunteer();
    const late = await serviceRecord(v.volunteerId, { servedOn: '2020-01-04', dueOn: '2020-01-17', minutes: 100 });
    const fresh = await serviceRecord(v.volunteerId, { servedOn: '2099-01-03', dueOn: '2099-01-17', minutes: 110 });
    const done = await serviceRecord(v.volunteerId, { servedOn: '2020-02-01', dueOn: '2020-02-17', minutes: 60, status: 'confirmed' });

    const res = await call(eastAdmin, 'GET', '/api/service-records?status=pending&pageSize=200');
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    const ids = page.items.map((r: { id: string }) => r.id);
    expect(ids).toContain(late.recordId);
    expect(ids).toContain(fresh.recordId);
    expect(ids).not.toContain(done.recordId);
    // The earliest due comes first.
    expect(ids.indexOf(late.recordId)).toBeLessThan(ids.indexOf(fresh.recordId));
    const lateItem = page.items.find((r: { id: string }) => r.id === late.recordId);
    expect(lateItem).toMatchObject({
      volunteerId: v.volunteerId,
      volunteerNo: expect.stringMatching(/^V\d{10}$/),
      status: 'pending',
      overdue: true,
      minutes: 100,
      measuredMinutes: 100,
      dueOn: '2020-01-17',
      pendingCorrection: null,
      checkedInAt: late.checkedInAt.toISOString(),
    });
    expect(page.items.find((r: { id: string }) => r.id === fresh.recordId).overdue).toBe(false);

    const overdue = (await call(eastAdmin, 'GET', '/api/service-records?overdue=true&pageSize=200')).json();
    expect(overdue.items.map((r: { id: string }) => r.id)).toContain(late.recordId);
    expect(overdue.items.every((r: { overdue: boolean }) => r.overdue)).toBe(true);
    expect(overdue.items.map((r: { id: string }) => r.id)).not.toContain(fresh.recordId);

    const one = (await call(eastAdmin, 'GET', `/api/service-records?occurrenceId=${done.occurrenceId}`)).json();
    expect(one).toMatchObject({ total: 1, items: [{ id: done.recordId, status: 'confirmed', overdue: false }] });

    // A team leader on the community sees the queue; a town admin too.
    expect((await call(leader, 'GET', `/api/service-records?occurrenceId=${late.occurrenceId}`)).json().total).toBe(1);
    expect((await call(townAdmin, 'GET', `/api/service-records?regionId=${east().id}&status=pending`)).json().total).toBeGreaterThanOrEqual(
      2,
    );
  });

  it('keeps another community out: its admin sees none of them, and asking for the community is 404', async () => {
    const v = await volunteer();
    const r = await serviceRecord(v.volunteerId, { servedOn: '2020-03-07', dueOn: '2020-03-20', minutes: 90 });
    const west = (await call(westAdmin, 'GET', `/api/service-records?occurrenceId=${r.occurrenceId}`)).json();
    expect(west).toEqual({ items: [], total: 0 });
    expect((await call(westAdmin, 'GET', `/api/service-records?regionId=${east().id}`)).statusCode).toBe(404);
    expect((await call(westAdmin, 'GET', `/api/volunteers/${v.volunteerId}/record`)).statusCode).toBe(404);
    expect((await call(v, 'GET', '/api/service-records')).statusCode).toBe(403);
  });
});

describe('service records: corrections', () => {
  it('a volunteer asks once; the admin accepts: minutes change, audited, volunteer told', async () => {
    const v = await volunteer();
    const r = await serviceRecord(v.volunteerId, { servedOn: '2020-04-04', dueOn: '2099-04-17', minutes: 90, title: '关爱老人' });

    const asked = await call(v, 'POST', `/api/me/service-records/${r.recordId}/correction`, {
      minutes: 120,
      reason: '签退时手机没电，实际服务到 11 点',
    });
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.json()).toMatchObject({ recordId: r.recordId, currentMinutes: 90, requestedMinutes: 120, status: 'pending' });
    const second = await call(v, 'POST', `/api/me/service-records/${r.recordId}/correction`, { minutes: 150, reason: '再申请一次' });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('SERVICE_CORRECTION_EXISTS');
    // The organiser team's leader is told.
    expect((await notificationsOf(leader.accountId, 'service_correction.requested')).some((n) => n.body.includes('关爱老人'))).toBe(true);
    // Somebody else's record is unknown to another volunteer; a non-volunteer is refused.
    const other = await volunteer();
    expect((await call(other, 'POST', `/api/me/service-records/${r.recordId}/correction`, { minutes: 1, reason: 'x' })).statusCode).toBe(
      404,
    );
    const nobody = await t.caller(town.townId, east().gridId, 'resident');
    const refused = await call(nobody, 'POST', `/api/me/service-records/${r.recordId}/correction`, { minutes: 1, reason: 'x' });
    expect(refused.json().code).toBe('NOT_A_VOLUNTEER');

    // The queue shows the pending correction.
    const queued = (await call(eastAdmin, 'GET', `/api/service-records?occurrenceId=${r.occurrenceId}`)).json().items[0];
    expect(queued.pendingCorrection).toMatchObject({ id: asked.json().id, requestedMinutes: 120 });
    const list = (await call(eastAdmin, 'GET', '/api/service-corrections?status=pending')).json();
    expect(list.items.map((c: { id: string }) => c.id)).toContain(asked.json().id);
    expect((await call(westAdmin, 'GET', '/api/service-corrections')).json().items.map((c: { id: string }) => c.id)).not.toContain(
      asked.json().id,
    );
    expect((await call(westAdmin, 'GET', `/api/service-corrections?regionId=${east().id}`)).statusCode).toBe(404);

    // Another community's admin cannot decide it.
    expect((await call(westAdmin, 'POST', `/api/service-corrections/${asked.json().id}/accept`)).statusCode).toBe(404);

    const accepted = await call(eastAdmin, 'POST', `/api/service-corrections/${asked.json().id}/accept`);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', currentMinutes: 120, decidedByName: expect.any(String) });
    const record = await t.db.selectFrom('service_record').selectAll().where('id', '=', r.recordId).executeTakeFirstOrThrow();
    expect(record).toMatchObject({ minutes: 120, status: 'confirmed', confirmed_by: eastAdmin.accountId, measured_minutes: 90 });
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', r.recordId)
      .where('action', '=', 'service_correction.accept')
      .execute();
    expect(audit).toHaveLength(1);
    expect(json(audit[0]!.before)).toMatchObject({ minutes: 90, status: 'pending' });
    expect(json(audit[0]!.after)).toMatchObject({ minutes: 120, status: 'confirmed' });
    expect(audit[0]!.actor_id).toBe(eastAdmin.accountId);
    expect((await notificationsOf(v.accountId, 'service_correction.accepted')).length).toBe(1);

    // Deciding again is refused.
    const again = await call(eastAdmin, 'POST', `/api/service-corrections/${asked.json().id}/accept`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('SERVICE_RECORD_STATE');
    expect((await call(eastAdmin, 'POST', `/api/service-corrections/${asked.json().id}/refuse`, { reason: '晚了' })).json().code).toBe(
      'SERVICE_RECORD_STATE',
    );
  });

  it('refusing needs a reason, leaves the minutes alone and tells the volunteer why', async () => {
    const v = await volunteer();
    const r = await serviceRecord(v.volunteerId, { servedOn: '2020-05-02', dueOn: '2020-05-18', minutes: 60, status: 'confirmed' });
    const asked = (
      await call(v, 'POST', `/api/me/service-records/${r.recordId}/correction`, { minutes: 240, reason: '还帮忙搬了桌椅' })
    ).json();

    const missing = await call(eastAdmin, 'POST', `/api/service-corrections/${asked.id}/refuse`, {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().code).toBe('VALIDATION_FAILED');
    const blank = await call(eastAdmin, 'POST', `/api/service-corrections/${asked.id}/refuse`, { reason: '   ' });
    expect(blank.statusCode).toBe(400);

    const res = await call(eastAdmin, 'POST', `/api/service-corrections/${asked.id}/refuse`, { reason: '活动 11 点已结束' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'refused', decisionReason: '活动 11 点已结束', currentMinutes: 60 });
    const record = await t.db
      .selectFrom('service_record')
      .select(['minutes', 'status'])
      .where('id', '=', r.recordId)
      .executeTakeFirstOrThrow();
    expect(record).toEqual({ minutes: 60, status: 'confirmed' });
    const told = await notificationsOf(v.accountId, 'service_correction.refused');
    expect(told).toHaveLength(1);
    expect(told[0]!.body).toContain('活动 11 点已结束');
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', r.recordId)
      .where('action', '=', 'service_correction.refuse')
      .execute();
    expect(audit).toHaveLength(1);
    // Once decided, the volunteer may ask again.
    expect(
      (await call(v, 'POST', `/api/me/service-records/${r.recordId}/correction`, { minutes: 90, reason: '补充说明' })).statusCode,
    ).toBe(201);
  });
});

describe('service records: the whole record', () => {
  it('counts confirmed minutes only, lists services newest first, with trainings, awards and evaluations', async () => {
    const v = await volunteer();
    const older = await serviceRecord(v.volunteerId, { servedOn: '2021-01-02', dueOn: '2021-01-18', minutes: 120, status: 'confirmed' });
    const newer = await serviceRecord(v.volunteerId, { servedOn: '2021-03-06', dueOn: '2021-03-19', minutes: 30, status: 'confirmed' });
    const pending = await serviceRecord(v.volunteerId, { servedOn: '2021-02-06', dueOn: '2099-02-20', minutes: 45 });

    const training = await call(eastAdmin, 'POST', `/api/volunteers/${v.volunteerId}/trainings`, {
      name: '急救培训',
      content: '心肺复苏',
      minutes: 180,
      organiser: '镇卫生院',
      heldOn: '2021-04-01',
    });
    expect(training.statusCode, training.body).toBe(201);
    expect(training.json()).toMatchObject({ name: '急救培训', minutes: 180, heldOn: '2021-04-01' });
    const award = await call(eastAdmin, 'POST', `/api/volunteers/${v.volunteerId}/awards`, {
      name: '优秀志愿者',
      awardedOn: '2021-12-01',
      awardedBy: '镇志愿服务总队',
    });
    expect(award.statusCode, award.body).toBe(201);
    const evaluation = await call(eastAdmin, 'POST', `/api/volunteers/${v.volunteerId}/evaluations`, {
      stars: 5,
      comment: '认真负责',
      evaluatedOn: '2021-12-15',
      evaluator: '东社区',
    });
    expect(evaluation.statusCode, evaluation.body).toBe(201);
    expect(
      await t.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', v.volunteerId)
        .where('action', 'like', 'volunteer.%.add')
        .execute(),
    ).toHaveLength(3);
    // Out of scope, or without volunteer.manage: refused.
    const body = { name: '培训', minutes: 60, organiser: '某处', heldOn: '2021-04-01' };
    expect((await call(westAdmin, 'POST', `/api/volunteers/${v.volunteerId}/trainings`, body)).statusCode).toBe(404);
    expect((await call(leader, 'POST', `/api/volunteers/${v.volunteerId}/trainings`, body)).statusCode).toBe(403);
    expect(
      (await call(eastAdmin, 'POST', `/api/volunteers/${v.volunteerId}/awards`, { name: ' ', awardedOn: '2021-01-01', awardedBy: 'x' }))
        .statusCode,
    ).toBe(400);

    const mine = await call(v, 'GET', '/api/me/service-record');
    expect(mine.statusCode, mine.body).toBe(200);
    const rec = mine.json();
    expect(rec).toMatchObject({
      volunteerId: v.volunteerId,
      name: expect.stringMatching(/^志愿者/),
      regionPath: expect.arrayContaining(['东社区']),
      partyMember: false,
      totalMinutes: 150,
      pendingMinutes: 45,
      activityCount: 2,
    });
    expect(rec.services.map((s: { id: string }) => s.id)).toEqual([newer.recordId, pending.recordId, older.recordId]);
    expect(rec.trainings).toEqual([training.json()]);
    expect(rec.awards).toEqual([award.json()]);
    expect(rec.evaluations).toEqual([evaluation.json()]);

    // The console sees the same record.
    const console = (await call(eastAdmin, 'GET', `/api/volunteers/${v.volunteerId}/record`)).json();
    expect(console).toMatchObject({ totalMinutes: 150, pendingMinutes: 45, activityCount: 2 });

    // An accepted correction on the pending record moves its minutes into the total.
    const asked = (
      await call(v, 'POST', `/api/me/service-records/${pending.recordId}/correction`, { minutes: 60, reason: '多服务了一刻钟' })
    ).json();
    await call(eastAdmin, 'POST', `/api/service-corrections/${asked.id}/accept`);
    expect((await call(v, 'GET', '/api/me/service-record')).json()).toMatchObject({
      totalMinutes: 210,
      pendingMinutes: 0,
      activityCount: 3,
    });
  });

  it('answers NOT_A_VOLUNTEER to a signed-in person who is not one', async () => {
    const resident = await t.caller(town.townId, east().gridId, 'resident');
    const res = await call(resident, 'GET', '/api/me/service-record');
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('NOT_A_VOLUNTEER');
  });
});
