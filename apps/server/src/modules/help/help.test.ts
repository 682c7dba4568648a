import { idCheckDigit } from '@tongxin/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { createTestApp, uniqueMobile, type Caller, type TestContext, type TestTown } from '../../../test/helpers.js';
import { ManualClock } from '../../platform/clock.js';
import { scheduleJob } from '../../platform/jobs.js';
import { zonedToUtc } from '../../platform/time.js';
import { due } from './service.js';

// Monday 23 November 2026, 10:00 in Beijing: a working day.
const MONDAY_10 = zonedToUtc('2026-11-23', '10:00', 'Asia/Shanghai');
const clock = new ManualClock(MONDAY_10);
let t: TestContext;
let town: TestTown;
let admin: Caller;
let gridWorker: Caller;
let seq = 700;
const east = () => town.communities[0]!;
const HOME = { lat: 23.0301, lng: 113.1201 };

beforeAll(async () => {
  t = await createTestApp({ clock });
  town = await t.createTown();
  admin = await t.caller(town.townId, east().id, 'community_admin');
  gridWorker = await t.caller(town.townId, east().gridId, 'grid_worker');
}, 60_000);
afterAll(() => t?.close());

type Method = 'GET' | 'POST' | 'PATCH';
const call = (c: Caller, method: Method, url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: c.headers, payload: payload as never });

async function ok(c: Caller, method: Method, url: string, payload?: unknown, status = 200) {
  const res = await call(c, method, url, payload);
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
  return res.json();
}

/** A resident with a phone account and a household (with a location) in the east grid. */
async function resident(): Promise<Caller & { residentId: string }> {
  const account = await t.createAccount(town.townId, east().gridId, 'resident', '关阿婆');
  const hh = await ok(
    admin,
    'POST',
    '/api/households',
    { regionId: east().gridId, address: `东社区幸福路${seq++}号`, location: HOME },
    201,
  );
  // The resident's mobile is the account's: that is how the phone finds "my household".
  const r = await ok(
    admin,
    'POST',
    '/api/residents',
    { householdId: hh.id, name: '关阿婆', sex: 'female', birthDate: '1946-03-02', mobile: account.mobile },
    201,
  );
  return { ...(await t.login(account.mobile)), residentId: r.id };
}

/** An approved volunteer living in the grid (through the real registration and review). */
async function volunteer(regionId = east().gridId, approver = admin): Promise<Caller & { volunteerId: string }> {
  seq += 1;
  const first17 = `44060519850101${String(seq).padStart(3, '0')}`;
  const mobile = uniqueMobile();
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/volunteers/register',
    payload: {
      name: `志愿者${seq}`,
      idNumber: first17 + idCheckDigit(first17),
      regionId,
      skills: [],
      serviceCategories: ['care'],
      availability: ['weekend'],
      mobile,
      password: 'Volunteer2026',
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  await ok(approver, 'POST', `/api/volunteers/${res.json().id}/approve`);
  return { ...(await t.login(mobile, 'Volunteer2026')), volunteerId: res.json().id };
}

async function ask(who: Caller, extra: Record<string, unknown> = {}) {
  return ok(who, 'POST', '/api/help-requests', { category: 'errand', description: '腿脚不便，请帮忙买降压药', ...extra }, 201);
}

describe('help requests', () => {
  it('runs the whole cycle: ask, dispatch to the grid pool, one claim wins, serve, rate, confirm, hours recorded', async () => {
    const confirmed: unknown[] = [];
    t.app.platform.events.serviceRecordChanged.on(async (_trx, e) => void confirmed.push(e));
    const asker = await resident();
    const [a, b] = [await volunteer(), await volunteer()];
    const live: string[] = [];
    const off = t.app.platform.live.subscribe(asker.accountId, (e) => {
      if (e.type === 'change') live.push((e.data as { status: string }).status);
    });

    const created = await ask(asker);
    const id = created.request.id;
    expect(created.request.status).toBe('submitted');
    expect(created.request.no).toMatch(/^H20261123-\d{4}$/);
    expect(created.request.place).toMatch(/^东社区幸福路/); // the household's address, in clear for the requester
    expect(created.request.lat).toBeCloseTo(HOME.lat);
    expect(created.request.actions).toEqual(['cancel']);
    // 2 working hours from Monday 10:00 → 12:00.
    expect(created.request.acceptDueAt).toBe(zonedToUtc('2026-11-23', '12:00', 'Asia/Shanghai').toISOString());

    // The grid worker was told, and sees it on the board with its buttons.
    const inbox = await ok(gridWorker, 'GET', '/api/notifications');
    expect(inbox.items.some((n: { title: string }) => n.title.includes('新的求助待受理'))).toBe(true);
    const board = await ok(gridWorker, 'GET', `/api/help-requests?status=submitted`);
    const mine = board.items.find((r: { id: string }) => r.id === id);
    expect(mine.actions).toEqual(expect.arrayContaining(['accept', 'refuse', 'dispatch', 'cancel']));

    // A volunteer sees nothing of it until it is dispatched.
    expect((await call(a, 'GET', `/api/help-requests/${id}`)).statusCode).toBe(404);
    const dispatched = await ok(gridWorker, 'POST', `/api/help-requests/${id}/dispatch`, { to: 'pool', pool: 'grid' });
    expect(dispatched.request).toMatchObject({ status: 'open', pool: 'grid', poolRegionName: '第一网格' });

    // In the claim hall, nearest first, the address masked until claimed.
    const hall = await ok(a, 'GET', `/api/help-requests/pool?lat=${HOME.lat + 0.001}&lng=${HOME.lng}`);
    const inHall = hall.items.find((r: { id: string }) => r.id === id);
    expect(inHall.distanceM).toBeGreaterThan(100);
    expect(inHall.distanceM).toBeLessThan(130);
    expect(inHall.place).not.toMatch(/幸福路\d+号$/);
    expect(inHall.actions).toEqual(['claim']);
    // Oldest first without a place; each request as its own page shows it to this volunteer.
    const page = await ok(a, 'GET', '/api/help-requests/pool?limit=5');
    expect(page.items.length).toBeLessThanOrEqual(5);
    const listed = page.items.find((r: { id: string }) => r.id === id);
    expect(listed).toEqual({ ...(await ok(a, 'GET', `/api/help-requests/${id}`)).request, distanceM: null });

    // Two volunteers tap at the same moment: exactly one wins.
    const [ra, rb] = await Promise.all([
      call(a, 'POST', `/api/help-requests/${id}/claim`),
      call(b, 'POST', `/api/help-requests/${id}/claim`),
    ]);
    const codes = [ra.statusCode, rb.statusCode].sort();
    expect(codes).toEqual([200, 409]);
    const loser = ra.statusCode === 409 ? ra : rb;
    expect(loser.json().code).toBe('HELP_ALREADY_CLAIMED');
    const winner = ra.statusCode === 200 ? a : b;
    const claimed = (ra.statusCode === 200 ? ra : rb).json();
    expect(claimed.request.status).toBe('claimed');
    expect(claimed.request.place).toMatch(/幸福路\d+号$/); // the claimant may now see where to go

    // Check-in needs the phone near the place when it says where it is.
    clock.advance(20 * 60_000);
    const far = await call(winner, 'POST', `/api/help-requests/${id}/check-in`, { lat: HOME.lat + 0.05, lng: HOME.lng });
    expect(far.json().code).toBe('HELP_TOO_FAR');
    await ok(winner, 'POST', `/api/help-requests/${id}/check-in`, { lat: HOME.lat + 0.0005, lng: HOME.lng });
    clock.advance(45 * 60_000);
    const done = await ok(winner, 'POST', `/api/help-requests/${id}/finish`, { note: '药已送到，叮嘱按时服用' });
    expect(done.request.status).toBe('done');

    const reviewed = await ok(asker, 'POST', `/api/help-requests/${id}/review`, { stars: 5, words: '小伙子很热心' });
    expect(reviewed.request).toMatchObject({ status: 'reviewed', reviewStars: 5, reviewBy: 'requester' });
    // 社区评单: the grid worker may not confirm; the community admin does.
    expect((await call(gridWorker, 'POST', `/api/help-requests/${id}/confirm`, {})).statusCode).toBe(403);
    const closed = await ok(admin, 'POST', `/api/help-requests/${id}/confirm`, { note: '回访满意' });
    expect(closed.request).toMatchObject({ status: 'closed', minutes: 45 });

    const records = await t.db.selectFrom('service_record').selectAll().where('help_request_id', '=', id).execute();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ source: 'help_request', minutes: 45, status: 'confirmed' });
    expect(records[0]!.volunteer_id).toBe(winner === a ? a.volunteerId : b.volunteerId);
    expect(confirmed).toEqual([{ townId: expect.any(String), recordId: records[0]!.id }]);

    // The whole timeline, with who did what.
    expect(closed.timeline.map((e: { action: string }) => e.action)).toEqual([
      'submit',
      'dispatch',
      'claim',
      'check_in',
      'finish',
      'review',
      'confirm',
    ]);
    // The requester's open page was told of every step.
    await new Promise((r) => setTimeout(r, 100));
    off();
    expect(live).toEqual(expect.arrayContaining(['open', 'claimed', 'in_service', 'done', 'reviewed', 'closed']));
  }, 60_000);

  it('refuses illegal moves with clear errors, and keeps a refusal reason for the requester only', async () => {
    const asker = await resident();
    const v = await volunteer();
    const { request } = await ask(asker);
    const finish = await call(v, 'POST', `/api/help-requests/${request.id}/finish`, { note: 'x' });
    expect(finish.statusCode).toBe(404); // not theirs to see
    // Not dispatched yet: to a volunteer it does not exist.
    const claimEarly = await call(v, 'POST', `/api/help-requests/${request.id}/claim`);
    expect(claimEarly.json().code).toBe('NOT_FOUND');
    const residentClaims = await call(asker, 'POST', `/api/help-requests/${request.id}/claim`);
    expect(residentClaims.json().code).toBe('HELP_NOT_VOLUNTEER');
    const noReason = await call(gridWorker, 'POST', `/api/help-requests/${request.id}/refuse`, {});
    expect(noReason.statusCode).toBe(400);
    const review = await call(asker, 'POST', `/api/help-requests/${request.id}/review`, { stars: 5 });
    expect(review.json().code).toBe('HELP_STATE');

    await ok(gridWorker, 'POST', `/api/help-requests/${request.id}/refuse`, { reason: '不属于志愿服务范围，已转物业' });
    const seen = await ok(asker, 'GET', `/api/help-requests/${request.id}`);
    expect(seen.request).toMatchObject({ status: 'refused', refusedReason: '不属于志愿服务范围，已转物业' });
    expect(seen.timeline.at(-1)).toMatchObject({ action: 'refuse', reason: '不属于志愿服务范围，已转物业' });
    const again = await call(gridWorker, 'POST', `/api/help-requests/${request.id}/accept`);
    expect(again.json().code).toBe('HELP_STATE');

    // Another community's admin does not even see it.
    const west = await t.caller(town.townId, town.communities[1]!.id, 'community_admin');
    expect((await call(west, 'GET', `/api/help-requests/${request.id}`)).statusCode).toBe(404);
    const westBoard = await ok(west, 'GET', '/api/help-requests');
    expect(westBoard.items.some((r: { id: string }) => r.id === request.id)).toBe(false);
  }, 60_000);

  it('files for a resident without a phone, dispatches by name, releases, re-dispatches, reopens within the window only', async () => {
    const asker = await resident();
    const filed = await ask(gridWorker, { forResidentId: asker.residentId, category: 'repair', description: '电饭煲坏了' });
    expect(filed.request).toMatchObject({ channel: 'grid_worker', requesterName: '关阿婆' });
    // The resident sees it among their own requests, though someone else filed it.
    const mine = await ok(asker, 'GET', '/api/help-requests/mine?state=active');
    expect(mine.items.map((r: { id: string }) => r.id)).toContain(filed.request.id);

    const [v1, v2] = [await volunteer(), await volunteer()];
    const id = filed.request.id;
    await ok(gridWorker, 'POST', `/api/help-requests/${id}/dispatch`, { to: 'volunteer', volunteerId: v1.volunteerId });
    // Only the named volunteer may take it.
    expect((await call(v2, 'POST', `/api/help-requests/${id}/claim`)).statusCode).toBe(404);
    await ok(v1, 'POST', `/api/help-requests/${id}/claim`);
    const released = await ok(v1, 'POST', `/api/help-requests/${id}/release`, { reason: '临时出差' });
    expect(released.request).toMatchObject({ status: 'accepted', actions: [] });
    expect(released.request.place).not.toMatch(/幸福路\d+号$/);
    expect((await call(v1, 'GET', `/api/help-requests/${id}`)).statusCode).toBe(404);
    await ok(gridWorker, 'POST', `/api/help-requests/${id}/dispatch`, { to: 'volunteer', volunteerId: v2.volunteerId });
    await ok(v2, 'POST', `/api/help-requests/${id}/claim`);
    await ok(v2, 'POST', `/api/help-requests/${id}/check-in`, {});
    await ok(v2, 'POST', `/api/help-requests/${id}/finish`, { note: '换了保险丝' });
    // A callback by the grid worker stands in for the elderly requester's rating.
    const rated = await ok(gridWorker, 'POST', `/api/help-requests/${id}/review`, { stars: 4, words: '电话回访：满意' });
    expect(rated.request.reviewBy).toBe('callback');
    await ok(admin, 'POST', `/api/help-requests/${id}/confirm`, { minutes: 30 });
    const served = await ok(v2, 'GET', '/api/help-requests/served?state=finished');
    expect(served.items.map((r: { id: string }) => r.id)).toContain(id);

    const reopened = await ok(gridWorker, 'POST', `/api/help-requests/${id}/reopen`, { reason: '又坏了' });
    expect(reopened.request.status).toBe('accepted');
    await ok(gridWorker, 'POST', `/api/help-requests/${id}/dispatch`, { to: 'volunteer', volunteerId: v2.volunteerId });
    await ok(v2, 'POST', `/api/help-requests/${id}/claim`);
    await ok(v2, 'POST', `/api/help-requests/${id}/check-in`, {});
    await ok(v2, 'POST', `/api/help-requests/${id}/finish`, { note: '更换了电源线' });
    clock.advance(8 * 86_400_000);
    const late = await call(asker, 'POST', `/api/help-requests/${id}/reopen`, { reason: '还是不行' });
    expect(late.json().code).toBe('HELP_REOPEN_EXPIRED');
  }, 60_000);

  it('never lets two volunteers claim one request, however many tap at once', async () => {
    const asker = await resident();
    const vols = await Promise.all(Array.from({ length: 24 }, () => volunteer()));
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const { request } = await ask(asker, { description: `第${i + 1}件事` });
      await ok(gridWorker, 'POST', `/api/help-requests/${request.id}/dispatch`, { to: 'pool', pool: 'grid' });
      ids.push(request.id);
    }
    const results = await Promise.all(
      vols.flatMap((v) => ids.map(async (id) => ({ id, v: v.volunteerId, res: await call(v, 'POST', `/api/help-requests/${id}/claim`) }))),
    );
    for (const id of ids) {
      const wins = results.filter((r) => r.id === id && r.res.statusCode === 200);
      expect(wins).toHaveLength(1);
      const row = await t.db
        .selectFrom('help_request')
        .select(['claimant_volunteer_id', 'status'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ claimant_volunteer_id: wins[0]!.v, status: 'claimed' });
      const claims = await t.db.selectFrom('help_event').select('id').where('request_id', '=', id).where('action', '=', 'claim').execute();
      expect(claims).toHaveLength(1);
    }
    const losers = results.filter((r) => r.res.statusCode !== 200);
    expect(new Set(losers.map((r) => r.res.json().code))).toEqual(new Set(['HELP_ALREADY_CLAIMED']));
  }, 120_000);
});

describe('deadlines and pools on the job queue (controllable clock)', () => {
  it('counts working hours and days across a weekend, a national holiday and its make-up day', () => {
    const friday = zonedToUtc('2026-11-20', '16:30', 'Asia/Shanghai');
    expect(due(friday, 2, 'working_hours', 'Asia/Shanghai').toISOString()).toBe(
      zonedToUtc('2026-11-23', '10:30', 'Asia/Shanghai').toISOString(),
    );
    expect(due(friday, 1, 'working_days', 'Asia/Shanghai').toISOString()).toBe(
      zonedToUtc('2026-11-23', '17:00', 'Asia/Shanghai').toISOString(),
    );
    // National Day: from 30 September 16:00, two working hours end on 8 October (1–7 are holidays);
    // the make-up Saturday 10 October counts as a working day.
    const beforeHoliday = zonedToUtc('2026-09-30', '16:00', 'Asia/Shanghai');
    expect(due(beforeHoliday, 2, 'working_hours', 'Asia/Shanghai').toISOString()).toBe(
      zonedToUtc('2026-10-08', '10:00', 'Asia/Shanghai').toISOString(),
    );
    expect(due(zonedToUtc('2026-10-09', '16:00', 'Asia/Shanghai'), 1, 'working_days', 'Asia/Shanghai').toISOString()).toBe(
      zonedToUtc('2026-10-10', '17:00', 'Asia/Shanghai').toISOString(),
    );
    // Lunch is not working time: 11:30 + 1 h → 13:30.
    const lateMorning = zonedToUtc('2026-11-23', '11:30', 'Asia/Shanghai');
    expect(due(lateMorning, 1, 'working_hours', 'Asia/Shanghai').toISOString()).toBe(
      zonedToUtc('2026-11-23', '13:30', 'Asia/Shanghai').toISOString(),
    );
  });

  it('reminds, escalates an unaccepted request, tells party members first and widens an unclaimed pool', async () => {
    clock.set(MONDAY_10);
    const asker = await resident();
    // A party group on the grid, with a member who is also a volunteer registered in another community.
    const branch = await ok(admin, 'POST', '/api/party-orgs', { kind: 'branch', name: `东社区党支部${seq}`, regionId: east().id }, 201);
    const group = await ok(
      admin,
      'POST',
      '/api/party-orgs',
      { kind: 'group', name: `第一网格党小组${seq}`, regionId: east().gridId, parentId: branch.id },
      201,
    );
    const westAdmin = await t.caller(town.townId, town.communities[1]!.id, 'community_admin');
    const partyVolunteer = await volunteer(town.communities[1]!.gridId, westAdmin);
    await ok(
      admin,
      'POST',
      '/api/party-members',
      { orgId: group.id, accountId: partyVolunteer.accountId, name: '党员志愿者', joinDate: '2010-07-01', status: 'full' },
      201,
    );
    const neighbour = await volunteer();
    const townWide = await volunteer(town.communities[1]!.gridId, westAdmin);

    const { request } = await ask(asker);
    const id = request.id;
    const runner = t.app.platform.jobs;
    const events = async () =>
      (await t.db.selectFrom('help_event').select(['action', 'reason']).where('request_id', '=', id).orderBy('at').execute()).map(
        (e) => e.action,
      );

    // 2 working hours to accept: a reminder at 11:30, overdue at 12:00.
    clock.set(zonedToUtc('2026-11-23', '11:31', 'Asia/Shanghai'));
    await runner.runDue();
    expect(await events()).toEqual(['submit', 'remind']);
    clock.set(zonedToUtc('2026-11-23', '12:01', 'Asia/Shanghai'));
    await runner.runDue();
    expect(await events()).toEqual(['submit', 'remind', 'escalate']);
    const overdue = await ok(admin, 'GET', '/api/help-requests?overdue=true');
    expect(overdue.items.map((r: { id: string }) => r.id)).toContain(id);
    const adminInbox = await ok(admin, 'GET', '/api/notifications');
    expect(adminInbox.items.some((n: { title: string }) => n.title === '求助受理超时')).toBe(true);

    // Dispatch to the grid pool: the grid's party member hears at once, the others 10 minutes later.
    await ok(gridWorker, 'POST', `/api/help-requests/${id}/dispatch`, { to: 'pool', pool: 'grid' });
    const heard = async (c: Caller) =>
      (await ok(c, 'GET', '/api/notifications')).items.filter((n: { title: string }) => n.title.includes('求助待接单')).length;
    expect(await heard(partyVolunteer)).toBe(1);
    expect(await heard(neighbour)).toBe(0);
    // The party member (registered elsewhere) may claim it from the grid's pool; the town-wide volunteer may not yet.
    expect((await ok(partyVolunteer, 'GET', '/api/help-requests/pool')).items.map((r: { id: string }) => r.id)).toContain(id);
    expect((await ok(townWide, 'GET', '/api/help-requests/pool')).items.map((r: { id: string }) => r.id)).not.toContain(id);
    clock.advance(11 * 60_000);
    await runner.runDue();
    expect(await heard(neighbour)).toBe(1);

    // Unclaimed for the category's widen time (60 min): the community, then the town.
    clock.advance(60 * 60_000);
    await runner.runDue();
    let row = await ok(admin, 'GET', `/api/help-requests/${id}`);
    expect(row.request.pool).toBe('community');
    clock.advance(61 * 60_000);
    await runner.runDue();
    row = await ok(admin, 'GET', `/api/help-requests/${id}`);
    expect(row.request.pool).toBe('town');
    expect(row.timeline.filter((e: { action: string }) => e.action === 'widen')).toHaveLength(2);
    expect((await ok(townWide, 'GET', '/api/help-requests/pool')).items.map((r: { id: string }) => r.id)).toContain(id);
    // Claiming stops the pool's timers and starts the completion deadline.
    await ok(townWide, 'POST', `/api/help-requests/${id}/claim`);
    const pending = await t.db
      .selectFrom('job')
      .select(['key', 'name'])
      .where('key', 'like', `help:${id}:%`)
      .where('done_at', 'is', null)
      .execute();
    expect(pending.map((j) => j.name).sort()).toEqual(['help.deadline', 'help.remind']);
  }, 120_000);

  it('runs each job once with two server instances on one database, and live changes reach both', async () => {
    const second = await buildApp({ config: t.config, database: t.database, startWorkers: false, clock });
    await second.ready();
    try {
      await sql`create table if not exists job_probe (job_id uuid not null)`.execute(t.db);
      for (const app of [t.app, second])
        app.platform.jobs.register<{ n: number }>('test.probe', async (trx, job) => {
          await sql`insert into job_probe (job_id) values (${job.id})`.execute(trx);
        });
      await t.db.transaction().execute(async (trx) => {
        for (let n = 0; n < 40; n++)
          await scheduleJob(trx, { name: 'test.probe', runAt: new Date(clock.now().getTime() - 1000), payload: { n } });
      });
      await Promise.all([t.app.platform.jobs.runDue(), second.platform.jobs.runDue(), t.app.platform.jobs.runDue()]);
      const rows = await sql<{
        n: string;
        distinct_jobs: string;
      }>`select count(*) as n, count(distinct job_id) as distinct_jobs from job_probe`.execute(t.db);
      expect(rows.rows[0]).toEqual({ n: '40', distinct_jobs: '40' });

      // A change made through one instance reaches a page open on the other.
      const asker = await resident();
      const seen: unknown[] = [];
      const off = second.platform.live.subscribe(asker.accountId, (e) => {
        if (e.type === 'change') seen.push(e.data);
      });
      const { request } = await ask(asker);
      await ok(gridWorker, 'POST', `/api/help-requests/${request.id}/accept`);
      await expect.poll(() => seen, { timeout: 5000 }).toContainEqual({ topic: 'help_request', id: request.id, status: 'accepted' });
      off();
    } finally {
      await second.close();
    }
  }, 60_000);
});
