import { describe, expect, it } from 'vitest';
import type { Activity, Occurrence, Signup } from '@tongxin/shared/schemas';
import {
  activityActions,
  activityQuery,
  activityToForm,
  attendanceActions,
  attendanceCounts,
  calendarRange,
  checkInOpen,
  createActivityBody,
  emptyActivityFilters,
  emptyActivityForm,
  groupByDay,
  isFirstSaturday,
  isOver,
  localDay,
  nextFirstSaturday,
  normaliseRule,
  occurrenceToForm,
  recurrenceOf,
  recurrenceText,
  ruleProblem,
  rruleOf,
  seatsText,
  sortSignups,
  updateActivityBody,
  updateOccurrenceBody,
} from './data';

const activity: Activity = {
  id: 'a1',
  townId: 't',
  regionId: 'c1',
  regionPath: ['青樵镇', '上金湾社区'],
  organiserTeamId: 'team1',
  organiserTeamName: '上金湾社区志愿服务队',
  partnerTeamId: null,
  partnerTeamName: null,
  title: '红色星期六·清洁家园',
  description: '',
  category: 'environment',
  categoryLabel: '人居环境',
  monthlyTheme: null,
  site: '上金湾社区党群服务中心',
  lat: null,
  lng: null,
  geofenceM: null,
  capacity: 30,
  eligibility: 'everyone',
  eligibilityTeamId: null,
  eligibilityTeamName: null,
  eligibilitySkill: null,
  insuranceRequired: false,
  firstDate: '2026-03-07',
  startTime: '09:00',
  endTime: '11:00',
  rrule: 'FREQ=MONTHLY;BYDAY=1SA',
  untilDate: '2026-12-31',
  status: 'published',
  occurrenceCount: 10,
  nextOccurrenceAt: '2026-03-07T01:00:00.000Z',
  createdByName: '陈慧敏',
  createdAt: '2026-02-01T00:00:00.000Z',
};

const occurrence = (startsAt: string, endsAt: string, extra: Partial<Occurrence> = {}): Occurrence =>
  ({
    id: startsAt,
    activityId: 'a1',
    title: '红色星期六',
    startsAt,
    endsAt,
    capacity: 20,
    signedUp: 3,
    site: '上金湾社区党群服务中心',
    note: null,
    ...extra,
  }) as Occurrence;

describe('activities list', () => {
  it('leaves empty filters out of the query', () => {
    expect(activityQuery(emptyActivityFilters())).toEqual({
      regionId: undefined,
      teamId: undefined,
      status: undefined,
      category: undefined,
      q: undefined,
    });
    expect(activityQuery({ regionId: 'r', teamId: 'tm', status: 'draft', category: 'care', q: ' 清洁 ' })).toEqual({
      regionId: 'r',
      teamId: 'tm',
      status: 'draft',
      category: 'care',
      q: '清洁',
    });
  });

  it('offers publish on drafts and cancel until cancelled', () => {
    expect(activityActions({ status: 'draft' })).toEqual({ publish: true, cancel: true, edit: true });
    expect(activityActions({ status: 'published' })).toEqual({ publish: false, cancel: true, edit: true });
    expect(activityActions({ status: 'cancelled' })).toEqual({ publish: false, cancel: false, edit: false });
  });
});

describe('recurrence', () => {
  it('recognises the presets, Red Saturday among them, and keeps other rules as custom', () => {
    expect(recurrenceOf(null)).toBe('none');
    expect(recurrenceOf('FREQ=MONTHLY;BYDAY=1SA')).toBe('first_saturday');
    expect(recurrenceOf(' rrule:freq=weekly ')).toBe('weekly');
    expect(recurrenceOf('FREQ=MONTHLY')).toBe('monthly');
    expect(recurrenceOf('FREQ=WEEKLY;INTERVAL=2')).toBe('custom');
    expect(rruleOf('none', 'FREQ=DAILY')).toBeNull();
    expect(rruleOf('first_saturday', '')).toBe('FREQ=MONTHLY;BYDAY=1SA');
    expect(rruleOf('custom', ' freq=weekly; byday=sa ')).toBe('FREQ=WEEKLY;BYDAY=SA');
    expect(rruleOf('custom', '  ')).toBeNull();
    expect(normaliseRule('RRULE:FREQ=DAILY;COUNT=3')).toBe('FREQ=DAILY;COUNT=3');
    expect(recurrenceText('FREQ=MONTHLY;BYDAY=1SA', 'zh-CN')).toBe('每月第一个星期六（红色星期六）');
    expect(recurrenceText(null, 'en')).toBe('Does not repeat');
    expect(recurrenceText('FREQ=WEEKLY;INTERVAL=2', 'zh-CN')).toBe('FREQ=WEEKLY;INTERVAL=2');
  });

  it('accepts the rules the server understands and refuses others', () => {
    expect(ruleProblem('FREQ=WEEKLY;INTERVAL=2;BYDAY=SA')).toBeNull();
    expect(ruleProblem('FREQ=MONTHLY;BYDAY=-1FR')).toBeNull();
    expect(ruleProblem('FREQ=MONTHLY;BYMONTHDAY=1,15;COUNT=12')).toBeNull();
    expect(ruleProblem('')).toBe('activities.ruleRequired');
    expect(ruleProblem('FREQ=YEARLY')).toBe('activities.ruleInvalid');
    expect(ruleProblem('INTERVAL=2')).toBe('activities.ruleInvalid');
    expect(ruleProblem('FREQ=WEEKLY;BYDAY=XX')).toBe('activities.ruleInvalid');
    expect(ruleProblem('FREQ=WEEKLY;FREQ=DAILY')).toBe('activities.ruleInvalid');
    expect(ruleProblem('FREQ=WEEKLY;UNTIL=20261231')).toBe('activities.ruleInvalid');
    expect(ruleProblem('FREQ=WEEKLY;INTERVAL=0')).toBe('activities.ruleInvalid');
  });

  it('finds the next first Saturday of a month (红色星期六)', () => {
    expect(isFirstSaturday('2026-03-07')).toBe(true);
    expect(isFirstSaturday('2026-03-14')).toBe(false);
    expect(isFirstSaturday('2026-03-06')).toBe(false);
    expect(nextFirstSaturday('2026-03-07')).toBe('2026-03-07');
    expect(nextFirstSaturday('2026-03-01')).toBe('2026-03-07');
    expect(nextFirstSaturday('2026-03-08')).toBe('2026-04-04');
    expect(nextFirstSaturday('2026-12-10')).toBe('2027-01-02');
  });
});

describe('activity form', () => {
  it('creates a Red Saturday series: blanks become null, what does not apply is left out', () => {
    const form = {
      ...emptyActivityForm(),
      title: ' 红色星期六·清洁家园 ',
      category: 'environment',
      organiserTeamId: 'team1',
      regionId: 'c1',
      site: '上金湾社区党群服务中心',
      geofenceM: 200, // no point: no geofence
      eligibilitySkill: '急救', // eligibility is everyone: not sent
      firstDate: '2026-03-07',
      recurrence: 'first_saturday' as const,
      untilDate: '2026-12-31',
    };
    expect(createActivityBody(form, true)).toEqual({
      title: '红色星期六·清洁家园',
      description: '',
      category: 'environment',
      monthlyTheme: null,
      site: '上金湾社区党群服务中心',
      capacity: 20,
      eligibility: 'everyone',
      eligibilityTeamId: null,
      eligibilitySkill: null,
      insuranceRequired: false,
      partnerTeamId: null,
      organiserTeamId: 'team1',
      regionId: 'c1',
      firstDate: '2026-03-07',
      startTime: '09:00',
      endTime: '11:00',
      rrule: 'FREQ=MONTHLY;BYDAY=1SA',
      untilDate: '2026-12-31',
      publish: true,
    });
    // A one-off has no until date; a point keeps its geofence; a skill rule sends the skill.
    const oneOff = createActivityBody(
      { ...form, recurrence: 'none', lng: 113.3, lat: 22.2, eligibility: 'skill', eligibilitySkill: ' 急救 ' },
      false,
    );
    expect(oneOff).toMatchObject({
      rrule: null,
      untilDate: null,
      lng: 113.3,
      lat: 22.2,
      geofenceM: 200,
      eligibilitySkill: '急救',
      publish: false,
    });
  });

  it('edits only what changed', () => {
    const form = activityToForm(activity);
    expect(form.recurrence).toBe('first_saturday');
    expect(updateActivityBody(form, activity)).toEqual({});
    expect(updateActivityBody({ ...form, capacity: 40, monthlyTheme: '垃圾分类', endTime: '11:30' }, activity)).toEqual({
      capacity: 40,
      monthlyTheme: '垃圾分类',
      endTime: '11:30',
    });
    expect(updateActivityBody({ ...form, eligibility: 'team', eligibilityTeamId: 'team2' }, activity)).toEqual({
      eligibility: 'team',
      eligibilityTeamId: 'team2',
    });
  });
});

describe('calendar and occurrences', () => {
  it('asks for every day a month view shows', () => {
    expect(calendarRange(new Date(2026, 2, 15))).toEqual({ from: '2026-02-23', to: '2026-04-06' });
    expect(calendarRange(new Date(2026, 0, 1))).toEqual({ from: '2025-12-26', to: '2026-02-06' });
  });

  it('groups occurrences by local day, in order of start', () => {
    const a = occurrence(new Date(2026, 2, 7, 14, 0).toISOString(), new Date(2026, 2, 7, 16, 0).toISOString());
    const b = occurrence(new Date(2026, 2, 7, 9, 0).toISOString(), new Date(2026, 2, 7, 11, 0).toISOString());
    const c = occurrence(new Date(2026, 3, 4, 9, 0).toISOString(), new Date(2026, 3, 4, 11, 0).toISOString());
    const days = groupByDay([a, c, b]);
    expect([...days.keys()]).toEqual(['2026-03-07', '2026-04-04']);
    expect(days.get('2026-03-07')).toEqual([b, a]);
    expect(localDay(new Date(2026, 2, 7, 23, 59))).toBe('2026-03-07');
    expect(seatsText({ signedUp: 3, capacity: 20 })).toBe('3/20');
  });

  it('opens check-in an hour before the start until two hours after the end', () => {
    const o = occurrence('2026-03-07T01:00:00.000Z', '2026-03-07T03:00:00.000Z', { status: 'scheduled' });
    const at = (iso: string) => new Date(iso).getTime();
    expect(checkInOpen(o, at('2026-03-06T23:59:00.000Z'))).toBe(false);
    expect(checkInOpen(o, at('2026-03-07T00:00:00.000Z'))).toBe(true);
    expect(checkInOpen(o, at('2026-03-07T05:00:00.000Z'))).toBe(true);
    expect(checkInOpen(o, at('2026-03-07T05:01:00.000Z'))).toBe(false);
    expect(checkInOpen({ ...o, status: 'cancelled' }, at('2026-03-07T01:30:00.000Z'))).toBe(false);
    expect(isOver(o, at('2026-03-07T02:59:00.000Z'))).toBe(false);
    expect(isOver(o, at('2026-03-07T03:01:00.000Z'))).toBe(true);
  });

  it('sends only the changed fields of one occurrence', () => {
    const o = occurrence('2026-03-07T01:00:00.000Z', '2026-03-07T03:00:00.000Z');
    const form = occurrenceToForm(o);
    expect(updateOccurrenceBody(form, o)).toEqual({});
    const later = { ...form, startsAt: new Date('2026-03-07T01:30:00.000Z'), capacity: 25, note: ' 改到室内 ', site: '' };
    expect(updateOccurrenceBody(later, o)).toEqual({ startsAt: '2026-03-07T01:30:00.000Z', capacity: 25, note: '改到室内', site: null });
  });
});

describe('sign-ups', () => {
  const s = (status: Signup['status'], extra: Partial<Signup> = {}) =>
    ({
      status,
      waitlistPosition: null,
      requestedAt: '2026-03-01T00:00:00.000Z',
      checkedInAt: null,
      checkedOutAt: null,
      ...extra,
    }) as Signup;

  it('lists the signed up, then the waitlist in order, then the cancelled', () => {
    const rows = [
      s('cancelled', { id: 'x' }),
      s('waitlisted', { id: 'w2', waitlistPosition: 2 }),
      s('confirmed', { id: 'c2', requestedAt: '2026-03-02T00:00:00.000Z' }),
      s('waitlisted', { id: 'w1', waitlistPosition: 1 }),
      s('confirmed', { id: 'c1' }),
    ];
    expect(sortSignups(rows).map((r) => r.id)).toEqual(['c1', 'c2', 'w1', 'w2', 'x']);
  });

  it('offers manual check-in, then check-out, to the signed up only', () => {
    expect(attendanceActions(s('confirmed'))).toEqual({ checkIn: true, checkOut: false });
    expect(attendanceActions(s('confirmed', { checkedInAt: '2026-03-07T01:00:00Z' }))).toEqual({ checkIn: false, checkOut: true });
    expect(attendanceActions(s('confirmed', { checkedInAt: 'x', checkedOutAt: 'y' }))).toEqual({ checkIn: false, checkOut: false });
    expect(attendanceActions(s('waitlisted'))).toEqual({ checkIn: false, checkOut: false });
    expect(
      attendanceCounts([s('confirmed', { checkedInAt: 'x' }), s('confirmed', { checkedInAt: 'x', checkedOutAt: 'y' }), s('waitlisted')]),
    ).toEqual({
      confirmed: 2,
      waitlisted: 1,
      checkedIn: 2,
      checkedOut: 1,
    });
  });
});
