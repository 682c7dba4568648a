import { describe, expect, it } from 'vitest';
import type { MySignupState, Occurrence, Signup } from '@tongxin/shared/schemas';
import {
  attendanceOf,
  canCancel,
  canSignUp,
  codeFromScan,
  eligibilityText,
  formatClock,
  formatDistance,
  formatWhen,
  isFull,
  mapLink,
  myStatusOf,
  nextRefreshMs,
  rosterOf,
  webcalUrl,
} from './activities';

const SH = { timeZone: 'Asia/Shanghai', now: new Date('2026-11-20T00:00:00Z') };

function occurrence(over: Partial<Occurrence> = {}): Occurrence {
  return {
    id: '00000000-0000-4000-8000-000000000301',
    activityId: '00000000-0000-4000-8000-000000000300',
    townId: 't',
    regionId: 'r',
    regionPath: ['青樵镇', '上金湾社区'],
    title: '红色星期六 · 清洁家园',
    category: 'environment',
    categoryLabel: '人居环境',
    monthlyTheme: '清洁家园',
    description: '',
    organiserTeamId: 'team',
    organiserTeamName: '上金湾社区志愿服务队',
    partnerTeamName: null,
    site: '上金湾社区党群服务中心',
    lat: 22.5,
    lng: 113.1,
    geofenceM: null,
    startsAt: '2026-12-05T01:00:00.000Z',
    endsAt: '2026-12-05T03:30:00.000Z',
    capacity: 20,
    signedUp: 3,
    waitlisted: 0,
    eligibility: 'everyone',
    eligibilityTeamName: null,
    eligibilitySkill: null,
    insuranceRequired: false,
    activityStatus: 'published',
    status: 'scheduled',
    note: null,
    detached: false,
    distanceM: null,
    canManage: false,
    mySignup: null,
    ...over,
  };
}

const mine = (over: Partial<MySignupState> = {}): MySignupState => ({
  signupId: 's',
  status: 'confirmed',
  waitlistPosition: null,
  checkedInAt: null,
  checkedOutAt: null,
  ...over,
});

describe('formatWhen', () => {
  it('reads like a notice board, in the town’s time zone', () => {
    expect(formatWhen('2026-12-05T01:00:00Z', '2026-12-05T03:30:00Z', 'zh-CN', SH)).toBe('12月5日 周六 09:00–11:30');
    expect(formatWhen('2026-12-05T01:00:00Z', '2026-12-05T03:30:00Z', 'en', SH)).toBe('Sat, Dec 5, 09:00–11:30');
  });

  it('adds the year when it is not this year, and both days when it runs overnight', () => {
    expect(formatWhen('2027-01-02T01:00:00Z', '2027-01-02T03:00:00Z', 'zh-CN', SH)).toBe('2027年1月2日 周六 09:00–11:00');
    expect(formatWhen('2026-12-05T12:00:00Z', '2026-12-06T01:00:00Z', 'zh-CN', SH)).toBe('12月5日 周六 20:00 – 12月6日 周日 09:00');
  });

  it('uses the town’s day, not UTC’s', () => {
    // 00:30 in Shanghai on the 6th is still the 5th in UTC.
    expect(formatWhen('2026-12-05T16:30:00Z', '2026-12-05T17:30:00Z', 'zh-CN', SH)).toBe('12月6日 周日 00:30–01:30');
  });
});

describe('formatClock and formatDistance', () => {
  it('gives a 24-hour time of day', () => {
    expect(formatClock('2026-12-05T01:05:00Z', 'Asia/Shanghai')).toBe('09:05');
    expect(formatClock('2026-12-05T13:40:00Z', 'Asia/Shanghai')).toBe('21:40');
  });

  it('says metres, then kilometres with one decimal', () => {
    expect(formatDistance(350, 'zh-CN')).toBe('350 米');
    expect(formatDistance(1249, 'zh-CN')).toBe('1.2 公里');
    expect(formatDistance(12_600, 'en')).toBe('13 km');
    expect(formatDistance(80, 'en')).toBe('80 m');
  });
});

describe('myStatusOf', () => {
  it('names where I stand', () => {
    expect(myStatusOf(null)).toBeNull();
    expect(myStatusOf(mine())).toEqual({ kind: 'signedUp' });
    expect(myStatusOf(mine({ status: 'waitlisted', waitlistPosition: 2 }))).toEqual({ kind: 'waitlisted', position: 2 });
    expect(myStatusOf(mine({ checkedInAt: '2026-12-05T01:02:00Z' }))).toEqual({ kind: 'checkedIn', at: '2026-12-05T01:02:00Z' });
    expect(myStatusOf(mine({ checkedInAt: 'a', checkedOutAt: 'b' }))).toEqual({ kind: 'checkedOut', at: 'b' });
    expect(myStatusOf(mine({ status: 'cancelled' }))).toEqual({ kind: 'cancelled' });
  });
});

describe('canSignUp and canCancel', () => {
  const before = new Date('2026-12-01T00:00:00Z');
  const after = new Date('2026-12-05T02:00:00Z');

  it('opens sign-up before the start to those without a place', () => {
    expect(canSignUp(occurrence(), before)).toBe(true);
    expect(canSignUp(occurrence(), after)).toBe(false);
    expect(canSignUp(occurrence({ mySignup: mine() }), before)).toBe(false);
    expect(canSignUp(occurrence({ mySignup: mine({ status: 'cancelled' }) }), before)).toBe(true);
    expect(canSignUp(occurrence({ status: 'cancelled' }), before)).toBe(false);
    expect(canSignUp(occurrence({ activityStatus: 'draft' }), before)).toBe(false);
  });

  it('lets me cancel a place or a waitlist entry before the start, not after checking in', () => {
    expect(canCancel(occurrence({ mySignup: mine() }), before)).toBe(true);
    expect(canCancel(occurrence({ mySignup: mine({ status: 'waitlisted', waitlistPosition: 1 }) }), before)).toBe(true);
    expect(canCancel(occurrence({ mySignup: mine({ checkedInAt: '2026-11-30T00:00:00Z' }) }), before)).toBe(false);
    expect(canCancel(occurrence({ mySignup: mine() }), after)).toBe(false);
    expect(canCancel(occurrence(), before)).toBe(false);
  });

  it('knows when every place is taken', () => {
    expect(isFull({ signedUp: 20, capacity: 20 })).toBe(true);
    expect(isFull({ signedUp: 19, capacity: 20 })).toBe(false);
  });
});

describe('eligibilityText and mapLink', () => {
  it('names who may sign up, with the team or skill', () => {
    expect(eligibilityText(occurrence(), 'zh-CN')).toBe('所有志愿者');
    expect(eligibilityText(occurrence({ eligibility: 'team', eligibilityTeamName: '上金湾社区志愿服务队' }), 'zh-CN')).toBe(
      '指定队伍队员（上金湾社区志愿服务队）',
    );
    expect(eligibilityText(occurrence({ eligibility: 'skill', eligibilitySkill: '急救' }), 'en')).toBe('Volunteers with a skill (急救)');
  });

  it('opens AutoNavi at the site, shifted to GCJ-02, or nothing without coordinates', () => {
    const link = new URL(mapLink(occurrence())!);
    expect(link.origin).toBe('https://uri.amap.com');
    expect(link.searchParams.get('name')).toBe('上金湾社区党群服务中心');
    const [lng, lat] = link.searchParams.get('position')!.split(',').map(Number) as [number, number];
    expect(Math.abs(lng - 113.1)).toBeGreaterThan(0.001); // shifted, not the raw WGS-84 point
    expect(Math.abs(lng - 113.1)).toBeLessThan(0.01);
    expect(Math.abs(lat - 22.5)).toBeLessThan(0.01);
    expect(mapLink(occurrence({ lat: null, lng: null }))).toBeNull();
  });
});

describe('webcalUrl and codeFromScan', () => {
  it('turns the calendar link into webcal://', () => {
    expect(webcalUrl('https://tx.example.cn/api/calendar/abc.ics')).toBe('webcal://tx.example.cn/api/calendar/abc.ics');
    expect(webcalUrl('http://127.0.0.1:3000/api/calendar/abc.ics')).toBe('webcal://127.0.0.1:3000/api/calendar/abc.ics');
  });

  it('reads the code from a check-in link or takes a typed code as it is', () => {
    expect(codeFromScan('https://tx.example.cn/m/check-in?c=AbC123xy')).toBe('AbC123xy');
    expect(codeFromScan('/m/check-in?c=AbC123xy')).toBe('AbC123xy');
    expect(codeFromScan('  AbC123xy ')).toBe('AbC123xy');
    expect(codeFromScan('https://elsewhere.example/')).toBeNull();
    expect(codeFromScan('   ')).toBeNull();
  });
});

describe('nextRefreshMs', () => {
  const now = new Date('2026-12-05T01:00:00Z');
  it('fetches a new code every rotation, which keeps the one on screen within its two periods', () => {
    expect(nextRefreshMs({ rotateSeconds: 30, expiresAt: '2026-12-05T01:00:12Z' }, now)).toBe(30_000);
    expect(nextRefreshMs({ rotateSeconds: 30, expiresAt: '2026-12-05T01:00:30Z' }, now)).toBe(30_000);
    // The phone's clock is ahead: the code lapses sooner by its reckoning, so fetch before that.
    expect(nextRefreshMs({ rotateSeconds: 30, expiresAt: '2026-12-05T00:59:50Z' }, now)).toBe(18_000);
    // Far apart clocks: still one rotation, never a tight loop.
    expect(nextRefreshMs({ rotateSeconds: 30, expiresAt: '2026-12-05T00:50:00Z' }, now)).toBe(30_000);
    expect(nextRefreshMs({ rotateSeconds: 30, expiresAt: '2026-12-05T00:59:33Z' }, now)).toBe(5_000);
  });
});

describe('the organiser’s roster', () => {
  const signup = (id: string, over: Partial<Signup> = {}): Signup => ({
    id,
    occurrenceId: 'o',
    volunteerId: `v${id}`,
    volunteerNo: null,
    name: `志愿者${id}`,
    mobileMasked: '138****0000',
    partyMember: false,
    status: 'confirmed',
    waitlistPosition: null,
    requestedAt: `2026-11-0${id}T00:00:00.000Z`,
    checkedInAt: null,
    checkInMethod: null,
    checkInDistanceM: null,
    checkedOutAt: null,
    measuredMinutes: null,
    recordId: null,
    recordStatus: null,
    minutes: null,
    ...over,
  });

  it('puts those still expected first, then present, left, waitlisted; drops cancelled; counts', () => {
    const { rows, present, expected } = rosterOf([
      signup('1', { checkedInAt: 'x' }),
      signup('2', { status: 'waitlisted', waitlistPosition: 1 }),
      signup('3'),
      signup('4', { status: 'cancelled' }),
      signup('5', { checkedInAt: 'x', checkedOutAt: 'y' }),
    ]);
    expect(rows.map((r) => [r.id, attendanceOf(r)])).toEqual([
      ['3', 'expected'],
      ['1', 'in'],
      ['5', 'out'],
      ['2', 'waitlisted'],
    ]);
    expect({ present, expected }).toEqual({ present: 2, expected: 3 });
  });
});
