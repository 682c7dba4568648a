import { createHash } from 'node:crypto';
import ICAL from 'ical.js';
import { idCheckDigit } from '@tongxin/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestContext, type TestTown } from '../../../test/helpers.js';
import { escapeText, foldLine, renderCalendar } from './ics.js';

const DAY = 86_400_000;
const HOST = 'tongxin.example:8443';

let t: TestContext;
let town: TestTown;
let volunteer: Caller;
let volunteerId: string;
let eastAdmin: Caller;
let westAdmin: Caller;
const east = () => town.communities[0]!;
const west = () => town.communities[1]!;

/** Whole minutes, so what the database returns compares equal to what went in. */
const at = (days: number, hour = 9) => {
  const d = new Date(Date.now() + days * DAY);
  d.setUTCHours(hour, 0, 0, 0);
  return d;
};

const LONG_DESCRIPTION = [
  '本月“红色星期六”我们走进上金湾社区，开展垃圾分类宣传、楼道清理和独居老人探访；请大家准时集合，穿好红马甲，带上手套、扫帚和垃圾袋。',
  '集合地点：社区党群服务中心门口；联系人：黄书记，电话 138-0000-0000。',
  '注意事项：\\ 反斜杠也要原样显示，逗号,分号;都不能丢。',
  '🎉 活动结束后在服务中心合影留念，欢迎带家属参加！',
].join('\n');
const NOTE = '二楼会议室，自带水杯;雨天改在一楼';

const occ: Record<
  'confirmed' | 'waitlisted' | 'cancelled' | 'west' | 'draft' | 'old' | 'withdrawn',
  { id: string; startsAt: Date; endsAt: Date }
> = {} as never;

async function insertOccurrence(
  activity: { id: string; regionId: string },
  startsAt: Date,
  extra: { site?: string; note?: string; status?: string; sequence?: number } = {},
) {
  const endsAt = new Date(startsAt.getTime() + 3 * 3600_000);
  const row = await t.db
    .insertInto('activity_occurrence')
    .values({
      town_id: town.townId,
      activity_id: activity.id,
      region_id: activity.regionId,
      rule_date: startsAt.toISOString().slice(0, 10),
      starts_at: startsAt,
      ends_at: endsAt,
      capacity: 20,
      site: extra.site ?? null,
      note: extra.note ?? null,
      status: extra.status ?? 'scheduled',
      sequence: extra.sequence ?? 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, startsAt, endsAt };
}

async function insertActivity(
  regionId: string,
  teamId: string,
  f: { title: string; status: string; description?: string; theme?: string },
) {
  const row = await t.db
    .insertInto('activity')
    .values({
      town_id: town.townId,
      region_id: regionId,
      organiser_team_id: teamId,
      title: f.title,
      description: f.description ?? '',
      category: 'care',
      monthly_theme: f.theme ?? null,
      site: '上金湾社区广场',
      lat: 23.021548,
      lng: 113.751799,
      capacity: 20,
      first_date: at(1).toISOString().slice(0, 10),
      start_time: '09:00:00',
      end_time: '12:00:00',
      status: f.status,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, regionId };
}

async function signup(occurrenceId: string, status: string, cancelledBy: string | null = null) {
  await t.db
    .insertInto('activity_signup')
    .values({
      town_id: town.townId,
      occurrence_id: occurrenceId,
      volunteer_id: volunteerId,
      status,
      cancelled_at: status === 'cancelled' ? new Date() : null,
      cancelled_by: cancelledBy,
    })
    .execute();
}

beforeAll(async () => {
  t = await createTestApp();
  town = await t.createTown();
  await t.db.updateTable('region').set({ name: '上金湾社区' }).where('id', '=', east().id).execute();
  eastAdmin = await t.caller(town.townId, east().id, 'community_admin');
  westAdmin = await t.caller(town.townId, west().id, 'community_admin');

  // An approved volunteer with an account.
  const account = await t.createAccount(town.townId, east().gridId, 'volunteer', '黄小敏');
  const first17 = '44060519900312002';
  const idNumber = first17 + idCheckDigit(first17);
  volunteerId = (
    await t.db
      .insertInto('volunteer')
      .values({
        town_id: town.townId,
        account_id: account.id,
        region_id: east().gridId,
        volunteer_no: 'V2026000001',
        name: '黄小敏',
        sex: 'female',
        birth_date: '1990-03-12',
        id_type: 'resident_id',
        id_cipher: t.cipher.encrypt(idNumber),
        id_hash: t.cipher.keyedHash(`id:${idNumber}`),
        id_masked: '440605********002X',
        skills: [],
        service_categories: ['care'],
        availability: ['weekend'],
        status: 'approved',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  volunteer = await t.login(account.mobile);

  const team = async (regionId: string, name: string) =>
    (
      await t.db
        .insertInto('team')
        .values({ town_id: town.townId, kind: 'community', name, region_id: regionId, service_categories: ['care'] })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const eastTeam = await team(east().id, '上金湾社区志愿服务队');
  const westTeam = await team(west().id, '西社区志愿服务队');

  // Held in a grid of 上金湾: the community's subtree, not the community node itself.
  const saturday = await insertActivity(east().gridId, eastTeam, {
    title: '红色星期六·环境整治',
    status: 'published',
    description: LONG_DESCRIPTION,
    theme: '垃圾分类月',
  });
  occ.confirmed = await insertOccurrence(saturday, at(5), { sequence: 2 });
  occ.waitlisted = await insertOccurrence(saturday, at(12, 1), { site: '上金湾社区党群服务中心, 二楼;活动室', note: NOTE });
  occ.cancelled = await insertOccurrence(saturday, at(19), { status: 'cancelled', sequence: 3 });
  occ.old = await insertOccurrence(saturday, at(-120));
  occ.withdrawn = await insertOccurrence(saturday, at(26));
  await signup(occ.confirmed.id, 'confirmed');
  await signup(occ.waitlisted.id, 'waitlisted');
  await signup(occ.cancelled.id, 'cancelled', eastAdmin.accountId); // cancelled with the occurrence
  await signup(occ.old.id, 'confirmed');
  await signup(occ.withdrawn.id, 'cancelled', volunteer.accountId); // the volunteer withdrew

  const westActivity = await insertActivity(west().id, westTeam, { title: '西社区义诊', status: 'published' });
  occ.west = await insertOccurrence(westActivity, at(7));
  const draft = await insertActivity(east().id, eastTeam, { title: '草稿活动', status: 'draft' });
  occ.draft = await insertOccurrence(draft, at(8));
});
afterAll(() => t?.close());

const call = (c: Caller, method: 'GET' | 'POST', url: string) => t.app.inject({ method, url, headers: { ...c.headers, host: HOST } });

/** Fetch a feed by its absolute url, as a calendar app would (no session). */
async function fetchFeed(url: string) {
  const u = new URL(url);
  return t.app.inject({ method: 'GET', url: u.pathname, headers: { host: u.host } });
}

function events(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  return {
    cal,
    events: cal.getAllSubcomponents('vevent').map((v) => ({ v, e: new ICAL.Event(v) })),
  };
}

describe('ics text', () => {
  it('escapes backslash, semicolon, comma and line breaks', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
    expect(escapeText('tab\tok\u0001gone')).toBe('tab\tokgone');
  });

  it('folds at 75 octets without splitting a character, continuation lines starting with a space', () => {
    const octets = (s: string) => Buffer.byteLength(s, 'utf8');
    const ascii = 'X'.repeat(75);
    expect(foldLine(ascii)).toBe(ascii);
    expect(foldLine(`${ascii}Y`)).toBe(`${ascii}\r\n Y`);
    // 3-octet characters: 25 fill the first line exactly, then 24 per continuation (1 + 72 octets).
    const han = '志'.repeat(80);
    const folded = foldLine(han).split('\r\n');
    expect(folded.map(octets)).toEqual([75, 73, 73, 1 + 3 * (80 - 25 - 48)]);
    expect(folded.map((l, i) => (i === 0 ? l : l.slice(1))).join('')).toBe(han);
    // A 4-octet emoji after 73 octets does not fit: it moves whole to the next line.
    const mixed = `${'a'.repeat(73)}🎉b`;
    expect(foldLine(mixed).split('\r\n')).toEqual(['a'.repeat(73), ' 🎉b']);
  });

  it('writes CRLF line ends and UTC times', () => {
    const text = renderCalendar({
      name: '测试',
      timezone: 'Asia/Shanghai',
      stamp: new Date('2026-05-01T00:00:00Z'),
      events: [
        {
          uid: 'x@tongxin',
          start: new Date('2026-05-02T01:30:00Z'),
          end: new Date('2026-05-02T04:30:00Z'),
          summary: 's',
          sequence: 1,
          status: 'CONFIRMED',
        },
      ],
    });
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text).toContain('\r\nDTSTART:20260502T013000Z\r\n');
    expect(text).toContain('\r\nDTSTAMP:20260501T000000Z\r\n');
  });
});

describe('volunteer feed', () => {
  it('is refused to a signed-in person who is not a volunteer', async () => {
    const res = await call(eastAdmin, 'GET', '/api/me/calendar');
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('NOT_A_VOLUNTEER');
  });

  it('lists what the volunteer signed up for, and a real parser reads it back exactly', async () => {
    const link = await call(volunteer, 'GET', '/api/me/calendar');
    expect(link.statusCode, link.body).toBe(200);
    const { url } = link.json() as { url: string };
    expect(url).toMatch(new RegExp(`^http://${HOST}/api/calendar/[A-Za-z0-9_-]{43}\\.ics$`));
    // Shown again unchanged: the token is kept sealed, not re-issued.
    expect((await call(volunteer, 'GET', '/api/me/calendar')).json().url).toBe(url);

    const res = await fetchFeed(url);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');

    // Raw form: CRLF only, every physical line at most 75 octets and valid UTF-8 on its own.
    const raw = res.rawPayload;
    const physical: Buffer[] = [];
    let start = 0;
    for (let i = raw.indexOf('\r\n'); i !== -1; i = raw.indexOf('\r\n', start)) {
      physical.push(raw.subarray(start, i));
      start = i + 2;
    }
    expect(start).toBe(raw.length); // ends with CRLF
    const strict = new TextDecoder('utf-8', { fatal: true });
    for (const line of physical) {
      expect(line.length).toBeLessThanOrEqual(75);
      expect(line.includes(0x0a) || line.includes(0x0d)).toBe(false);
      expect(() => strict.decode(line)).not.toThrow();
    }
    expect(
      physical.some((l, i) => i > 0 && l[0] === 0x20),
      'the long description was folded',
    ).toBe(true);
    const unfolded = res.body.replace(/\r\n /g, '');
    expect(unfolded).toContain('\\,');
    expect(unfolded).toContain('\\;');
    expect(unfolded).toContain('\\n');
    expect(unfolded).toContain('\\\\ 反斜杠');

    const { cal, events: evs } = events(res.body);
    expect(cal.getFirstPropertyValue('version')).toBe('2.0');
    expect(cal.getFirstPropertyValue('prodid')).toBe('-//Tongxin//Activities//ZH');
    expect(cal.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(cal.getFirstPropertyValue('x-wr-calname')).toBe('黄小敏的志愿活动');
    expect(cal.getFirstPropertyValue('x-wr-timezone')).toBe('Asia/Shanghai');

    // Confirmed, waitlisted and the cancelled occurrence; not the one from 120 days ago, not the
    // one the volunteer withdrew from, not other communities' or drafts.
    expect(evs.map((x) => x.e.uid)).toEqual([occ.confirmed.id, occ.waitlisted.id, occ.cancelled.id].map((id) => `${id}@tongxin`));
    const [confirmed, waitlisted, cancelled] = evs;

    expect(confirmed!.e.summary).toBe('红色星期六·环境整治（垃圾分类月）');
    expect(confirmed!.e.location).toBe('上金湾社区广场');
    expect(confirmed!.e.startDate.toJSDate().getTime()).toBe(occ.confirmed.startsAt.getTime());
    expect(confirmed!.e.endDate.toJSDate().getTime()).toBe(occ.confirmed.endsAt.getTime());
    expect(confirmed!.e.startDate.zone.tzid).toBe('UTC');
    expect(confirmed!.e.sequence).toBe(2);
    expect(confirmed!.v.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(confirmed!.v.getFirstPropertyValue('geo')).toEqual([23.021548, 113.751799]);
    expect(confirmed!.v.getFirstPropertyValue('url')).toBe(`http://${HOST}/m/activities/${occ.confirmed.id}`);
    expect(confirmed!.e.description).toBe(`组织：上金湾社区志愿服务队\n类别：关爱类\n\n${LONG_DESCRIPTION}`);
    expect(confirmed!.v.getFirstPropertyValue('dtstamp')).toBeTruthy();

    expect(waitlisted!.e.location).toBe('上金湾社区党群服务中心, 二楼;活动室');
    expect(waitlisted!.e.startDate.toJSDate().getTime()).toBe(occ.waitlisted.startsAt.getTime());
    expect(waitlisted!.e.description).toBe(
      `组织：上金湾社区志愿服务队\n类别：关爱类\n报名状态：候补中\n备注：${NOTE}\n\n${LONG_DESCRIPTION}`,
    );

    expect(cancelled!.v.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancelled!.e.sequence).toBe(3);
  });

  it('answers with or without ".ics", and 404 for an unknown token', async () => {
    const { url } = (await call(volunteer, 'GET', '/api/me/calendar')).json() as { url: string };
    const res = await fetchFeed(url.replace(/\.ics$/, ''));
    expect(res.statusCode).toBe(200);
    expect(res.body.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    const unknown = await t.app.inject({ method: 'GET', url: `/api/calendar/${'A'.repeat(43)}.ics` });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('NOT_FOUND');
  });

  it('stores only the hash and the sealed token, and audits without the token', async () => {
    const { url } = (await call(volunteer, 'GET', '/api/me/calendar')).json() as { url: string };
    const token = url.match(/calendar\/([^.]+)\.ics$/)![1]!;
    const row = await t.db
      .selectFrom('calendar_feed')
      .selectAll()
      .where('owner_kind', '=', 'volunteer')
      .where('owner_id', '=', volunteerId)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(row.token_cipher).not.toContain(token);
    expect(t.cipher.decrypt(row.token_cipher!)).toBe(token);
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'calendar_feed')
      .where('entity_id', '=', row.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['calendar.create']);
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it('rotating gives a new link and the old one stops working', async () => {
    const old = (await call(volunteer, 'GET', '/api/me/calendar')).json().url as string;
    const rotated = await call(volunteer, 'POST', '/api/me/calendar/rotate');
    expect(rotated.statusCode, rotated.body).toBe(200);
    const fresh = rotated.json().url as string;
    expect(fresh).not.toBe(old);
    expect((await fetchFeed(old)).statusCode).toBe(404);
    expect((await fetchFeed(fresh)).statusCode).toBe(200);
    expect((await call(volunteer, 'GET', '/api/me/calendar')).json().url).toBe(fresh);
  });

  it('issues a new link when the sealed token cannot be read any more', async () => {
    const old = (await call(volunteer, 'GET', '/api/me/calendar')).json().url as string;
    await t.db.updateTable('calendar_feed').set({ token_cipher: null }).where('owner_id', '=', volunteerId).execute();
    const fresh = (await call(volunteer, 'GET', '/api/me/calendar')).json().url as string;
    expect(fresh).not.toBe(old);
    expect((await fetchFeed(old)).statusCode).toBe(404);
    expect((await fetchFeed(fresh)).statusCode).toBe(200);
  });
});

describe('community feed', () => {
  it("lists the community's published occurrences only", async () => {
    const link = await call(eastAdmin, 'GET', `/api/regions/${east().id}/calendar`);
    expect(link.statusCode, link.body).toBe(200);
    const res = await fetchFeed(link.json().url);
    expect(res.statusCode, res.body).toBe(200);
    const { cal, events: evs } = events(res.body);
    expect(cal.getFirstPropertyValue('x-wr-calname')).toBe('上金湾社区志愿活动');
    // Every occurrence of 上金湾 in the window (the withdrawn one too: the community still holds
    // it), none of 西社区, no draft, nothing from 120 days ago.
    expect(evs.map((x) => x.e.uid)).toEqual(
      [occ.confirmed.id, occ.waitlisted.id, occ.cancelled.id, occ.withdrawn.id].map((id) => `${id}@tongxin`),
    );
    expect(evs.map((x) => x.v.getFirstPropertyValue('status'))).toEqual(['CONFIRMED', 'CONFIRMED', 'CANCELLED', 'CONFIRMED']);
    // No volunteer's sign-up state in the community's calendar.
    expect(evs[1]!.e.description).not.toContain('候补');

    const westLink = await call(westAdmin, 'GET', `/api/regions/${west().id}/calendar`);
    const westEvents = events((await fetchFeed(westLink.json().url)).body).events;
    expect(westEvents.map((x) => x.e.uid)).toEqual([`${occ.west.id}@tongxin`]);
    expect(westEvents[0]!.e.summary).toBe('西社区义诊');
    expect(westEvents[0]!.e.description).toBe('组织：西社区志愿服务队\n类别：关爱类');
  });

  it("is not found for another community's admin, and refused for a node that is not a community", async () => {
    for (const method of ['GET', 'POST'] as const) {
      const res = await call(westAdmin, method, `/api/regions/${east().id}/calendar${method === 'POST' ? '/rotate' : ''}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    }
    const grid = await call(eastAdmin, 'GET', `/api/regions/${east().gridId}/calendar`);
    expect(grid.statusCode).toBe(400);
    expect(grid.json().code).toBe('VALIDATION_FAILED');
    // A volunteer holds no activity.manage.
    expect((await call(volunteer, 'GET', `/api/regions/${east().id}/calendar`)).statusCode).toBe(403);
  });

  it('rotates: the old community link stops working', async () => {
    const old = (await call(eastAdmin, 'GET', `/api/regions/${east().id}/calendar`)).json().url as string;
    const rotated = await call(eastAdmin, 'POST', `/api/regions/${east().id}/calendar/rotate`);
    expect(rotated.statusCode, rotated.body).toBe(200);
    expect((await fetchFeed(old)).statusCode).toBe(404);
    expect((await fetchFeed(rotated.json().url)).statusCode).toBe(200);
    const actions = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'calendar_feed')
      .where('region_id', '=', east().id)
      .orderBy('at')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['calendar.create', 'calendar.rotate']);
  });
});
