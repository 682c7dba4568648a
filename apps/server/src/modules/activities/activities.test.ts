import { randomUUID } from 'node:crypto';
import ExcelJS from '../../platform/exceljs.js';
import { idCheckDigit } from '@tongxin/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestApp, uniqueMobile, type Caller, type TestContext, type TestTown } from '../../../test/helpers.js';
import { addDays, localDate } from '../../platform/time.js';
import type { RequestContext } from '../../platform/context.js';

let t: TestContext;
let town: TestTown;
let eastAdmin: Caller;
let westAdmin: Caller;
let teamId: string;
const east = () => town.communities[0]!;
let seq = 501;

beforeAll(async () => {
  t = await createTestApp();
  town = await t.createTown();
  eastAdmin = await t.caller(town.townId, east().id, 'community_admin');
  westAdmin = await t.caller(town.townId, town.communities[1]!.id, 'community_admin');
  const team = await call(eastAdmin, 'POST', '/api/teams', {
    kind: 'community',
    name: `东社区志愿服务队${seq}`,
    regionId: east().id,
    serviceCategories: [],
  });
  expect(team.statusCode, team.body).toBe(201);
  teamId = team.json().id;
});
afterAll(() => t?.close());

const call = (c: Caller, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: c.headers, payload: payload as never });

/** An approved volunteer, logged in, through the real registration and review. */
async function volunteer(skills: string[] = []): Promise<Caller & { volunteerId: string }> {
  seq += 2;
  const first17 = `44060519900101${String(seq).padStart(3, '0')}`;
  const mobile = uniqueMobile();
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/volunteers/register',
    payload: {
      name: `志愿者${seq}`,
      idNumber: first17 + idCheckDigit(first17),
      regionId: east().gridId,
      skills,
      serviceCategories: ['care'],
      availability: ['weekend'],
      mobile,
      password: 'Volunteer2026',
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  await call(eastAdmin, 'POST', `/api/volunteers/${res.json().id}/approve`);
  return { ...(await t.login(mobile, 'Volunteer2026')), volunteerId: res.json().id };
}

const tomorrow = () => addDays(localDate('Asia/Shanghai'), 1);

async function activity(extra: Record<string, unknown> = {}) {
  const res = await call(eastAdmin, 'POST', '/api/activities', {
    title: '红色星期六·人居环境整治',
    category: 'governance',
    monthlyTheme: '清洁家园',
    site: '东社区党群服务中心',
    capacity: 2,
    organiserTeamId: teamId,
    regionId: east().id,
    firstDate: tomorrow(),
    startTime: '09:00',
    endTime: '11:30',
    publish: true,
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  const occ = await call(eastAdmin, 'GET', `/api/activities/${res.json().id}/occurrences`);
  return {
    activity: res.json(),
    occurrences: occ.json().items as Array<{ id: string; startsAt: string; endsAt: string; detached: boolean }>,
  };
}

/** Move an occurrence so that it runs now (started `minutesAgo` ago, `length` minutes long). */
async function runNow(occurrenceId: string, minutesAgo = 10, length = 150) {
  const start = new Date(Date.now() - minutesAgo * 60_000);
  await t.db
    .updateTable('activity_occurrence')
    .set({ starts_at: start, ends_at: new Date(start.getTime() + length * 60_000) })
    .where('id', '=', occurrenceId)
    .execute();
}

describe('activities: series, occurrences, Red Saturday', () => {
  it('generates the first Saturday of every month at local times; one occurrence can be edited alone', async () => {
    const res = await call(eastAdmin, 'POST', '/api/activities', {
      title: '红色星期六',
      category: 'governance',
      site: '东社区广场',
      capacity: 30,
      organiserTeamId: teamId,
      regionId: east().id,
      firstDate: '2027-01-01',
      startTime: '09:00',
      endTime: '11:00',
      rrule: 'FREQ=MONTHLY;BYDAY=1SA',
      untilDate: '2027-06-30',
    });
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    expect(a).toMatchObject({ status: 'draft', firstDate: '2027-01-02', occurrenceCount: 6, startTime: '09:00' });
    const occ = (await call(eastAdmin, 'GET', `/api/activities/${a.id}/occurrences`)).json().items;
    // Shanghai is UTC+8: 09:00 local is 01:00Z.
    expect(occ.map((o: { startsAt: string }) => o.startsAt)).toEqual([
      '2027-01-02T01:00:00.000Z',
      '2027-02-06T01:00:00.000Z',
      '2027-03-06T01:00:00.000Z',
      '2027-04-03T01:00:00.000Z',
      '2027-05-01T01:00:00.000Z',
      '2027-06-05T01:00:00.000Z',
    ]);
    // Labour Day falls on May's first Saturday: move that one to the 8th.
    const may = occ[4];
    const moved = await call(eastAdmin, 'PATCH', `/api/occurrences/${may.id}`, {
      startsAt: '2027-05-08T01:00:00.000Z',
      endsAt: '2027-05-08T03:00:00.000Z',
      note: '五一顺延一周',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ detached: true, note: '五一顺延一周' });
    // The series moves to 14:00; the edited occurrence stays where it was put.
    const upd = await call(eastAdmin, 'PATCH', `/api/activities/${a.id}`, { startTime: '14:00', endTime: '16:00', capacity: 40 });
    expect(upd.statusCode, upd.body).toBe(200);
    const after = (await call(eastAdmin, 'GET', `/api/activities/${a.id}/occurrences`)).json().items;
    expect(after[0]).toMatchObject({ startsAt: '2027-01-02T06:00:00.000Z', capacity: 40 });
    expect(after[4]).toMatchObject({ startsAt: '2027-05-08T01:00:00.000Z', capacity: 30, detached: true });
    // A point set and then cleared again: null stays null (not 0°, 0°).
    expect((await call(eastAdmin, 'PATCH', `/api/activities/${a.id}`, { lat: 22.93, lng: 112.96, geofenceM: 200 })).json()).toMatchObject({
      lat: 22.93,
      geofenceM: 200,
    });
    expect((await call(eastAdmin, 'PATCH', `/api/activities/${a.id}`, { lat: null, lng: null, geofenceM: null })).json()).toMatchObject({
      lat: null,
      lng: null,
      geofenceM: null,
    });
    // Drafts are not in the phone feed; another community's admin cannot see it at all.
    expect((await call(westAdmin, 'GET', `/api/activities/${a.id}`)).statusCode).toBe(404);
    expect((await call(westAdmin, 'PATCH', `/api/occurrences/${may.id}`, { note: 'x' })).statusCode).toBe(404);
  });

  it('refuses rules it cannot honour and fields that do not fit', async () => {
    const base = {
      title: 'x',
      category: 'governance',
      site: 'y',
      capacity: 5,
      organiserTeamId: teamId,
      regionId: east().id,
      firstDate: tomorrow(),
      startTime: '09:00',
      endTime: '10:00',
    };
    expect((await call(eastAdmin, 'POST', '/api/activities', { ...base, rrule: 'FREQ=YEARLY' })).json().code).toBe(
      'ACTIVITY_RRULE_INVALID',
    );
    expect((await call(eastAdmin, 'POST', '/api/activities', { ...base, rrule: 'FREQ=WEEKLY;UNTIL=20300101' })).json().code).toBe(
      'ACTIVITY_RRULE_INVALID',
    );
    expect((await call(eastAdmin, 'POST', '/api/activities', { ...base, endTime: '08:00' })).json().code).toBe('VALIDATION_FAILED');
    expect((await call(eastAdmin, 'POST', '/api/activities', { ...base, category: 'nope' })).json().code).toBe('VALIDATION_FAILED');
    expect((await call(eastAdmin, 'POST', '/api/activities', { ...base, eligibility: 'skill' })).json().code).toBe('VALIDATION_FAILED');
    expect((await call(westAdmin, 'POST', '/api/activities', base)).statusCode).toBe(404);
    // The organiser team has activities now: deleting it is refused, not a 500.
    expect((await call(eastAdmin, 'DELETE', `/api/teams/${teamId}`)).json().code).toBe('TEAM_IN_USE');
  });
});

describe('activities: sign-up, waitlist, eligibility', () => {
  it('fills places, waitlists the rest in order and promotes on cancel', async () => {
    const { occurrences } = await activity();
    const occ = occurrences[0]!.id;
    const [a, b, c, d] = [await volunteer(), await volunteer(), await volunteer(), await volunteer()];
    expect((await call(a, 'POST', `/api/occurrences/${occ}/signup`)).json()).toMatchObject({ status: 'confirmed' });
    expect((await call(b, 'POST', `/api/occurrences/${occ}/signup`)).json()).toMatchObject({ status: 'confirmed' });
    expect((await call(c, 'POST', `/api/occurrences/${occ}/signup`)).json()).toMatchObject({ status: 'waitlisted' });
    expect((await call(d, 'POST', `/api/occurrences/${occ}/signup`)).json()).toMatchObject({ status: 'waitlisted' });
    expect((await call(c, 'GET', `/api/occurrences/${occ}`)).json().mySignup).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect((await call(a, 'POST', `/api/occurrences/${occ}/signup`)).json().code).toBe('ACTIVITY_SIGNUP_EXISTS');
    const seen = (await call(d, 'GET', `/api/occurrences/${occ}`)).json();
    expect(seen).toMatchObject({
      signedUp: 2,
      waitlisted: 2,
      capacity: 2,
      canManage: false,
      mySignup: { status: 'waitlisted', waitlistPosition: 2 },
    });

    expect((await call(a, 'DELETE', `/api/occurrences/${occ}/signup`)).json()).toMatchObject({ status: 'cancelled' });
    expect((await call(c, 'GET', `/api/occurrences/${occ}`)).json().mySignup).toMatchObject({ status: 'confirmed' });
    expect((await call(d, 'GET', `/api/occurrences/${occ}`)).json().mySignup).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    const inbox = (await call(c, 'GET', '/api/notifications')).json();
    expect(JSON.stringify(inbox)).toContain('候补成功');

    // Raising the capacity promotes the next in line; lowering below the sign-ups is refused.
    expect((await call(eastAdmin, 'PATCH', `/api/occurrences/${occ}`, { capacity: 3 })).json()).toMatchObject({
      capacity: 3,
      signedUp: 3,
      waitlisted: 0,
    });
    expect((await call(eastAdmin, 'PATCH', `/api/occurrences/${occ}`, { capacity: 2 })).json().code).toBe(
      'ACTIVITY_CAPACITY_BELOW_SIGNUPS',
    );
    const list = (await call(eastAdmin, 'GET', `/api/occurrences/${occ}/signups`)).json().items;
    expect(list.filter((s: { status: string }) => s.status === 'confirmed')).toHaveLength(3);
    expect(list[0].mobileMasked).toMatch(/\*/);
    const mine = (await call(d, 'GET', '/api/me/activities')).json().items;
    expect(mine.map((o: { id: string }) => o.id)).toContain(occ);
  });

  it("the phone's feed shows each occurrence as its detail page does, with counts and the caller's own sign-up", async () => {
    const { occurrences } = await activity({ title: '信息流：周周见', category: 'care', rrule: 'FREQ=WEEKLY', capacity: 1 });
    const occ = occurrences[0]!.id;
    const [a, b] = [await volunteer(), await volunteer()];
    expect((await call(a, 'POST', `/api/occurrences/${occ}/signup`)).json()).toMatchObject({ status: 'confirmed' });
    expect((await call(b, 'POST', `/api/occurrences/${occ}/signup`)).json()).toMatchObject({ status: 'waitlisted' });
    for (const [who, query] of [
      [b, '?limit=100'],
      [a, '?scope=community&limit=100'],
      [eastAdmin, '?category=care&limit=100'],
      [b, '?scope=near&lat=22.93&lng=112.96&limit=100'],
    ] as const) {
      const feed = (await call(who, 'GET', `/api/activities/feed${query}`)).json().items as Array<{
        id: string;
        category: string;
        distanceM: number | null;
      }>;
      expect(feed.length).toBeGreaterThan(0);
      expect(feed.length).toBeLessThanOrEqual(100);
      const first = feed.find((o) => o.id === occ);
      expect(first, query).toBeDefined();
      if (query.startsWith('?category=care')) expect(feed.every((o) => o.category === 'care')).toBe(true);
      for (const item of feed.filter((o) => occurrences.some((x) => x.id === o.id)).slice(0, 3)) {
        const detail = (await call(who, 'GET', `/api/occurrences/${item.id}`)).json();
        expect(item).toEqual({ ...detail, distanceM: query.includes('near') ? item.distanceM : null });
      }
    }
    const seen = (await call(b, 'GET', '/api/activities/feed?limit=100')).json().items.find((o: { id: string }) => o.id === occ);
    expect(seen).toMatchObject({ signedUp: 1, waitlisted: 1, canManage: false, mySignup: { status: 'waitlisted', waitlistPosition: 1 } });
    expect(seen.organiserTeamName).toMatch(/东社区志愿服务队/);
    expect(seen.regionPath.slice(1)).toEqual(['东社区']);
    // Another community's volunteer sees it town-wide, but not under "my community".
    const westOnly = await t.caller(town.townId, town.communities[1]!.gridId, 'volunteer');
    expect((await call(westOnly, 'GET', '/api/activities/feed?limit=100')).json().items.some((o: { id: string }) => o.id === occ)).toBe(
      true,
    );
    expect(
      (await call(westOnly, 'GET', '/api/activities/feed?scope=community&limit=100'))
        .json()
        .items.some((o: { id: string }) => o.id === occ),
    ).toBe(false);
  });

  it('pages the feed: 20 at a time by default, each page after the last, no occurrence twice, near me by distance', async () => {
    await activity({ title: '信息流：分页', category: 'care', rrule: 'FREQ=WEEKLY', capacity: 5 });
    const who = await volunteer();
    for (const base of ['/api/activities/feed?', '/api/activities/feed?scope=near&lat=22.93&lng=112.96&']) {
      const all = (await call(who, 'GET', `${base}limit=100`)).json().items.map((o: { id: string }) => o.id);
      expect(all.length).toBeGreaterThan(45);
      const paged: string[] = [];
      let next: string | null = null;
      let pages = 0;
      do {
        const page: { items: Array<{ id: string }>; next: string | null } = (
          await call(who, 'GET', `${base}${pages === 0 ? '' : 'limit=15'}${next ? `&after=${encodeURIComponent(next)}` : ''}`)
        ).json();
        expect(page.items.length).toBeLessThanOrEqual(pages === 0 ? 20 : 15);
        paged.push(...page.items.map((o) => o.id));
        next = page.next;
        pages++;
      } while (next && paged.length < all.length);
      // The same occurrences in the same order as one long page, none twice.
      expect(paged.slice(0, all.length)).toEqual(all);
      expect(new Set(paged).size).toBe(paged.length);
    }
    const first = (await call(who, 'GET', '/api/activities/feed')).json();
    expect(first.items).toHaveLength(20);
    expect(first.next).toMatch(/~/);
    for (const bad of ['2026-13-99T99:99:99.999Z~00000000-0000-4000-8000-000000000000', 'x', 'n9999']) {
      expect((await call(who, 'GET', `/api/activities/feed?after=${encodeURIComponent(bad)}`)).json().code).toBe('VALIDATION_FAILED');
    }
  });

  it('keeps party-member, team and skill activities to those they are for', async () => {
    const party = (await activity({ eligibility: 'party' })).occurrences[0]!.id;
    const skill = (await activity({ eligibility: 'skill', eligibilitySkill: '医护' })).occurrences[0]!.id;
    const plain = await volunteer();
    const nurse = await volunteer(['医护']);
    expect((await call(plain, 'POST', `/api/occurrences/${party}/signup`)).json().code).toBe('ACTIVITY_NOT_ELIGIBLE');
    expect((await call(plain, 'POST', `/api/occurrences/${skill}/signup`)).json().code).toBe('ACTIVITY_NOT_ELIGIBLE');
    expect((await call(nurse, 'POST', `/api/occurrences/${skill}/signup`)).statusCode).toBe(201);
    // Not a volunteer at all.
    const resident = await t.caller(town.townId, east().gridId, 'resident');
    expect((await call(resident, 'POST', `/api/occurrences/${skill}/signup`)).json().code).toBe('NOT_A_VOLUNTEER');
    // Drafts and cancelled occurrences are not open.
    const draft = (await activity({ publish: false })).occurrences[0]!.id;
    expect((await call(plain, 'POST', `/api/occurrences/${draft}/signup`)).statusCode).toBe(404);
    const cancelled = (await activity()).occurrences[0]!.id;
    await call(eastAdmin, 'POST', `/api/occurrences/${cancelled}/cancel`);
    expect((await call(plain, 'POST', `/api/occurrences/${cancelled}/signup`)).json().code).toBe('ACTIVITY_NOT_OPEN');
  });
});

describe('activities: check-in by rotating QR code, hours, confirmation', () => {
  it('checks in and out by scanning, measures minutes within the activity, and the organiser confirms', async () => {
    const { occurrences } = await activity({ capacity: 5, insuranceRequired: true });
    const occ = occurrences[0]!.id;
    const v = await volunteer();
    expect((await call(v, 'POST', `/api/occurrences/${occ}/signup`)).statusCode).toBe(201);
    // Too early: the code works only from an hour before the start.
    const early = (await call(eastAdmin, 'GET', `/api/occurrences/${occ}/check-in-code`)).json();
    expect(early.url).toContain(`/m/check-in?c=`);
    expect((await call(v, 'POST', '/api/check-in', { code: early.code })).json().code).toBe('CHECK_IN_CLOSED');

    await runNow(occ, 10, 150);
    const code = (await call(eastAdmin, 'GET', `/api/occurrences/${occ}/check-in-code`)).json();
    expect(code.shortCode).toMatch(/^\d{6}$/);
    const first = await call(v, 'POST', '/api/check-in', { code: code.code });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ action: 'in', measuredMinutes: null });
    // A second scan straight after is the same scan, not a check-out.
    expect((await call(v, 'POST', '/api/check-in', { code: code.code })).json()).toMatchObject({ action: 'in', repeated: true });
    // A code from two periods ago (a photo) does not work; a forged one neither.
    const old = t.app.activities.service.codes.issue(occ, Date.now() - 120_000);
    expect((await call(v, 'POST', '/api/check-in', { code: old.code })).json().code).toBe('CHECK_IN_CODE_INVALID');
    expect((await call(v, 'POST', '/api/check-in', { code: code.code.slice(0, -2) + 'AA' })).json().code).toBe('CHECK_IN_CODE_INVALID');
    // Someone not signed up cannot check in with a genuine code.
    const stranger = await volunteer();
    expect((await call(stranger, 'POST', '/api/check-in', { code: code.code })).json().code).toBe('CHECK_IN_NOT_SIGNED_UP');

    // She arrived 40 minutes before the start: only the activity's own time counts.
    const started = (await t.db.selectFrom('activity_occurrence').select('starts_at').where('id', '=', occ).executeTakeFirstOrThrow())
      .starts_at;
    await t.db
      .updateTable('activity_signup')
      .set({ checked_in_at: new Date(started.getTime() - 40 * 60_000) })
      .where('occurrence_id', '=', occ)
      .execute();
    const out = await call(v, 'POST', '/api/check-in', { code: code.shortCode });
    expect(out.statusCode, out.body).toBe(200);
    expect(out.json().action).toBe('out');
    expect(out.json().measuredMinutes).toBeGreaterThanOrEqual(10);
    expect(out.json().measuredMinutes).toBeLessThanOrEqual(11);
    expect((await call(v, 'POST', '/api/check-in', { code: code.code })).json().code).toBe('CHECK_IN_STATE');
    expect((await call(v, 'POST', '/api/check-in', { code: code.code, action: 'out' })).json().code).toBe('CHECK_IN_STATE');

    const signups = (await call(eastAdmin, 'GET', `/api/occurrences/${occ}/signups`)).json().items;
    const mine = signups.find((s: { volunteerId: string }) => s.volunteerId === v.volunteerId);
    expect(mine).toMatchObject({ recordStatus: 'pending', checkInMethod: 'qr' });
    const record = await t.db.selectFrom('service_record').selectAll().where('id', '=', mine.recordId).executeTakeFirstOrThrow();
    expect(record).toMatchObject({
      status: 'pending',
      title: '红色星期六·人居环境整治',
      organiser: expect.stringContaining('东社区志愿服务队'),
    });
    expect(record.due_on > localDate('Asia/Shanghai')).toBe(true);

    // More than the activity lasted is refused; then confirmed with an adjustment, audited.
    const tooMuch = await call(eastAdmin, 'POST', `/api/occurrences/${occ}/confirm-hours`, {
      items: [{ recordId: mine.recordId, minutes: 151 }],
    });
    expect(tooMuch.json().code).toBe('VALIDATION_FAILED');
    const ok = await call(eastAdmin, 'POST', `/api/occurrences/${occ}/confirm-hours`, {
      items: [{ recordId: mine.recordId, minutes: 120 }],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ confirmed: 1 });
    expect(
      (
        await call(eastAdmin, 'POST', `/api/occurrences/${occ}/confirm-hours`, { items: [{ recordId: mine.recordId, minutes: 100 }] })
      ).json().code,
    ).toBe('SERVICE_RECORD_STATE');
    const audit = await t.db.selectFrom('audit_log').select(['action', 'after']).where('entity_id', '=', mine.recordId).execute();
    expect(audit.map((a) => a.action)).toContain('service_record.confirm');
    expect(
      (await call(westAdmin, 'POST', `/api/occurrences/${occ}/confirm-hours`, { items: [{ recordId: mine.recordId, minutes: 1 }] }))
        .statusCode,
    ).toBe(404);

    // The insurance roster carries the clear ID number, and its export is audited.
    const xlsx = await call(eastAdmin, 'GET', `/api/occurrences/${occ}/insurance.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const rows: string[][] = [];
    wb.worksheets[0]!.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map(String)));
    expect(rows[0]![0]).toContain('导出人');
    expect(rows[1]).toEqual(expect.arrayContaining(['姓名', '证件号码', '手机号码']));
    expect(rows[2]![2]).toMatch(/^44060519900101\d{3}[\dX]$/);
    const exported = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', occ)
      .where('action', '=', 'personal_data.export')
      .execute();
    expect(exported).toHaveLength(1);
  });

  it('checks the place when the activity has a geofence, and lets the organiser check in by hand', async () => {
    const { occurrences } = await activity({ capacity: 5, lat: 22.9352, lng: 112.9619, geofenceM: 300 });
    const occ = occurrences[0]!.id;
    const v = await volunteer();
    await call(v, 'POST', `/api/occurrences/${occ}/signup`);
    await runNow(occ);
    const { code } = (await call(eastAdmin, 'GET', `/api/occurrences/${occ}/check-in-code`)).json();
    expect((await call(v, 'POST', '/api/check-in', { code })).json().code).toBe('CHECK_IN_LOCATION_REQUIRED');
    expect((await call(v, 'POST', '/api/check-in', { code, lat: 22.96, lng: 112.9619 })).json().code).toBe('CHECK_IN_OUTSIDE_GEOFENCE');
    const near = await call(v, 'POST', '/api/check-in', { code, lat: 22.9362, lng: 112.9619 });
    expect(near.statusCode, near.body).toBe(200);
    // Leaving at once is allowed when the volunteer says so (the page asks after a repeat scan).
    const left = await call(v, 'POST', '/api/check-in', { code, lat: 22.9362, lng: 112.9619, action: 'out' });
    expect(left.json()).toMatchObject({ action: 'out', repeated: false });

    const w = await volunteer();
    await t.db
      .updateTable('activity_occurrence')
      .set({ starts_at: new Date(Date.now() + 3600_000) })
      .where('id', '=', occ)
      .execute();
    await call(w, 'POST', `/api/occurrences/${occ}/signup`);
    await runNow(occ);
    const list = (await call(eastAdmin, 'GET', `/api/occurrences/${occ}/signups`)).json().items;
    const ws = list.find((s: { volunteerId: string }) => s.volunteerId === w.volunteerId);
    const inByHand = await call(eastAdmin, 'POST', `/api/occurrences/${occ}/signups/${ws.id}/check-in`);
    expect(inByHand.json()).toMatchObject({ checkInMethod: 'manual' });
    const outByHand = await call(eastAdmin, 'POST', `/api/occurrences/${occ}/signups/${ws.id}/check-out`);
    expect(outByHand.json()).toMatchObject({ recordStatus: 'pending' });
    expect((await call(eastAdmin, 'POST', `/api/occurrences/${occ}/signups/${ws.id}/check-out`)).json().code).toBe('CHECK_IN_STATE');
  });

  it('reminds volunteers once before the start and organisers once a day about unconfirmed hours', async () => {
    const { occurrences } = await activity({ capacity: 5 });
    const occ = occurrences[0]!.id;
    const v = await volunteer();
    await call(v, 'POST', `/api/occurrences/${occ}/signup`);
    await t.db
      .updateTable('activity_occurrence')
      .set({ starts_at: new Date(Date.now() + 3 * 3600_000), ends_at: new Date(Date.now() + 5 * 3600_000) })
      .where('id', '=', occ)
      .execute();
    const sweeper = t.app.activities.sweeper;
    expect((await sweeper.runOnce()).reminded).toBeGreaterThanOrEqual(1);
    await sweeper.runOnce();
    const reminders = await t.db
      .selectFrom('notification')
      .select('title')
      .where('account_id', '=', v.accountId)
      .where('title', 'like', '活动提醒%')
      .execute();
    expect(reminders).toHaveLength(1);

    // Checked out, not confirmed: the organiser (the admin who created it) is reminded once today.
    await runNow(occ);
    const list = (await call(eastAdmin, 'GET', `/api/occurrences/${occ}/signups`)).json().items;
    await call(eastAdmin, 'POST', `/api/occurrences/${occ}/signups/${list[0].id}/check-in`);
    await call(eastAdmin, 'POST', `/api/occurrences/${occ}/signups/${list[0].id}/check-out`);
    await sweeper.runOnce();
    await sweeper.runOnce();
    const nags = await t.db
      .selectFrom('notification')
      .select('title')
      .where('account_id', '=', eastAdmin.accountId)
      .where('link', '=', `/hours?occurrenceId=${occ}`)
      .execute();
    expect(nags).toHaveLength(1);
    expect(nags[0]!.title).toMatch(/^待确认服务时长/);
  });
});

describe('activities: concurrent sign-ups on the real database', () => {
  it('never gives more places than capacity however many sign up at once; the rest wait in order', async () => {
    // PGlite runs one transaction at a time; the real contention is on PostgreSQL.
    const capacity = 40;
    const people = backend === 'postgres' ? 400 : 120;
    const { occurrences } = await activity({ capacity });
    const occ = occurrences[0]!.id;
    // Volunteers straight into the tables: registration is not what is under test here.
    const accounts = await sql<{ id: string; volunteer_id: string }>`
      with a as (
        insert into account (town_id, home_region_id, name, mobile_hash, mobile_cipher, mobile_masked, password_hash)
        select ${town.townId}, ${east().gridId}, '并发' || g, 'h' || g || ${randomUUID()}, 'x', '139****0000', 'x'
        from generate_series(1, ${people}) g
        returning id, name
      ), v as (
        insert into volunteer (town_id, account_id, region_id, name, sex, birth_date, id_type, id_cipher, id_hash, id_masked, status)
        select ${town.townId}, a.id, ${east().gridId}, a.name, 'female', '1990-01-01', 'resident_id', 'x', 'hash-' || a.id, '4406**', 'approved'
        from a returning id, account_id
      )
      select account_id as id, id as volunteer_id from v`.execute(t.db);
    const ctx = (accountId: string): RequestContext => ({
      actor: { accountId, townId: town.townId, name: '并发', grants: [] } as unknown as RequestContext['actor'],
      ip: null,
      requestId: randomUUID(),
      locale: 'zh-CN',
    });
    const service = t.app.activities.service;
    const results = await Promise.allSettled(accounts.rows.map((a) => service.signUp(ctx(a.id), occ)));
    const failed = results.filter((r) => r.status === 'rejected');
    expect(failed.map((f) => String((f as PromiseRejectedResult).reason))).toEqual([]);
    const statuses = results.map((r) => (r as PromiseFulfilledResult<{ status: string }>).value.status);
    expect(statuses.filter((s) => s === 'confirmed')).toHaveLength(capacity);
    expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(people - capacity);

    const count = async () => {
      const rows = await t.db.selectFrom('activity_signup').select(['status']).where('occurrence_id', '=', occ).execute();
      const slots = await t.db.selectFrom('activity_slot').select(['signup_id']).where('occurrence_id', '=', occ).execute();
      return {
        confirmed: rows.filter((r) => r.status === 'confirmed').length,
        waitlisted: rows.filter((r) => r.status === 'waitlisted').length,
        slots: slots.length,
        taken: new Set(slots.filter((s) => s.signup_id).map((s) => s.signup_id)).size,
      };
    };
    expect(await count()).toEqual({ confirmed: capacity, waitlisted: people - capacity, slots: capacity, taken: capacity });

    // Ten confirmed volunteers cancel at once: exactly ten move up, the earliest waiting first.
    const confirmed = await t.db
      .selectFrom('activity_signup')
      .innerJoin('volunteer', 'volunteer.id', 'activity_signup.volunteer_id')
      .select('volunteer.account_id')
      .where('occurrence_id', '=', occ)
      .where('activity_signup.status', '=', 'confirmed')
      .limit(10)
      .execute();
    const firstWaiting = await t.db
      .selectFrom('activity_signup')
      .select('id')
      .where('occurrence_id', '=', occ)
      .where('status', '=', 'waitlisted')
      .orderBy('requested_at')
      .orderBy('id')
      .limit(10)
      .execute();
    await Promise.all(confirmed.map((c) => service.cancelSignup(ctx(c.account_id), occ)));
    expect(await count()).toEqual({ confirmed: capacity, waitlisted: people - capacity - 10, slots: capacity, taken: capacity });
    const promoted = await t.db
      .selectFrom('activity_signup')
      .select('status')
      .where(
        'id',
        'in',
        firstWaiting.map((w) => w.id),
      )
      .execute();
    expect(promoted.every((p) => p.status === 'confirmed')).toBe(true);
  }, 180_000);
});
