import type { FormItemRule, FormRules } from 'element-plus';
import {
  CHECK_IN_CLOSES_MINUTES,
  CHECK_IN_OPENS_MINUTES,
  RECURRENCE_LABELS,
  RECURRENCE_PRESETS,
  type ActivityEligibility,
  type ActivityStatus,
  type Locale,
  type RecurrencePreset,
  type SignupStatus,
} from '@tongxin/shared';
import type {
  Activity,
  ActivityListQuery,
  CreateActivityBody,
  Occurrence,
  Signup,
  UpdateActivityBody,
  UpdateOccurrenceBody,
} from '@tongxin/shared/schemas';
import { maxLengthRule, problemText, requiredRule } from '../../utils/form-rules';
import { enumLabel, textOrNull } from '../../utils/people';
import { parseCentre } from '../../utils/validators';

type Translate = (key: string, params?: Record<string, unknown>) => string;

export const PAGE_SIZES = [10, 20, 50, 100];

// ── The list ────────────────────────────────────────────────────────────────────────────────────

export interface ActivityFilters {
  regionId: string;
  teamId: string;
  status: ActivityStatus | '';
  category: string;
  q: string;
}

export function emptyActivityFilters(): ActivityFilters {
  return { regionId: '', teamId: '', status: '', category: '', q: '' };
}

export function activityQuery(f: ActivityFilters): Omit<ActivityListQuery, 'page' | 'pageSize'> {
  return {
    regionId: f.regionId || undefined,
    teamId: f.teamId || undefined,
    status: f.status || undefined,
    category: f.category || undefined,
    q: f.q.trim() || undefined,
  };
}

export function statusTagType(status: ActivityStatus): 'info' | 'success' | 'danger' {
  return status === 'published' ? 'success' : status === 'cancelled' ? 'danger' : 'info';
}

/** What a row offers: a draft can be published; anything not yet cancelled can be cancelled. */
export function activityActions(a: Pick<Activity, 'status'>): { publish: boolean; cancel: boolean; edit: boolean } {
  return { publish: a.status === 'draft', cancel: a.status !== 'cancelled', edit: a.status !== 'cancelled' };
}

/** The region without the town (every organiser works in one town), or the town itself. */
export function placePath(regionPath: readonly string[]): string {
  return (regionPath.length > 1 ? regionPath.slice(1) : regionPath).join(' / ');
}

// ── Recurrence ──────────────────────────────────────────────────────────────────────────────────

export type Recurrence = RecurrencePreset | 'custom';
export const RECURRENCES: readonly Recurrence[] = [...(Object.keys(RECURRENCE_PRESETS) as RecurrencePreset[]), 'custom'];

/** A rule as the server keeps it: upper case, no "RRULE:" prefix, no spaces. */
export function normaliseRule(text: string): string {
  return text
    .trim()
    .replace(/^RRULE:/i, '')
    .replace(/\s+/g, '')
    .toUpperCase();
}

/** The preset a stored rule is, or custom. */
export function recurrenceOf(rrule: string | null | undefined): Recurrence {
  if (!rrule) return 'none';
  const rule = normaliseRule(rrule);
  for (const [key, value] of Object.entries(RECURRENCE_PRESETS) as Array<[RecurrencePreset, string | null]>) {
    if (value && value === rule) return key;
  }
  return 'custom';
}

/** The rule to send for a choice in the form; null for a one-off. */
export function rruleOf(recurrence: Recurrence, custom: string): string | null {
  if (recurrence === 'custom') return normaliseRule(custom) || null;
  return RECURRENCE_PRESETS[recurrence];
}

/** "每月第一个星期六（红色星期六）", or the rule itself when it is not a preset. */
export function recurrenceText(rrule: string | null | undefined, locale: Locale): string {
  const r = recurrenceOf(rrule);
  return r === 'custom' ? normaliseRule(rrule ?? '') : enumLabel(RECURRENCE_LABELS, r, locale);
}

const RULE_PARTS: Record<string, RegExp> = {
  FREQ: /^(DAILY|WEEKLY|MONTHLY)$/,
  INTERVAL: /^[1-9]\d{0,2}$/,
  COUNT: /^[1-9]\d{0,2}$/,
  BYDAY: /^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)(,([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU))*$/,
  BYMONTHDAY: /^-?([1-9]|[12]\d|3[01])(,-?([1-9]|[12]\d|3[01]))*$/,
};

/**
 * Whether a typed rule is one the server understands (FREQ=DAILY|WEEKLY|MONTHLY with INTERVAL,
 * BYDAY, BYMONTHDAY, COUNT); the i18n key of the problem, or null. The server checks again.
 */
export function ruleProblem(text: string): string | null {
  const rule = normaliseRule(text);
  if (!rule) return 'activities.ruleRequired';
  const seen = new Set<string>();
  for (const part of rule.split(';')) {
    const [key, value, extra] = part.split('=');
    const pattern = key ? RULE_PARTS[key] : undefined;
    if (!pattern || value === undefined || extra !== undefined || !pattern.test(value) || seen.has(key!)) return 'activities.ruleInvalid';
    seen.add(key!);
  }
  return seen.has('FREQ') ? null : 'activities.ruleInvalid';
}

function utcDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Is the date (YYYY-MM-DD) the first Saturday of its month? */
export function isFirstSaturday(date: string): boolean {
  const d = utcDate(date);
  return d.getUTCDay() === 6 && d.getUTCDate() <= 7;
}

/** The first first-Saturday-of-a-month on or after the date: the next 红色星期六. */
export function nextFirstSaturday(date: string): string {
  const d = utcDate(date);
  for (let i = 0; i < 3; i++) {
    const first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + i, 1));
    first.setUTCDate(1 + ((6 - first.getUTCDay() + 7) % 7));
    if (first.getTime() >= d.getTime()) return isoDate(first);
  }
  return date;
}

// ── The form ────────────────────────────────────────────────────────────────────────────────────

export interface ActivityFormModel {
  title: string;
  description: string;
  category: string;
  monthlyTheme: string;
  organiserTeamId: string;
  partnerTeamId: string;
  regionId: string;
  site: string;
  lat: number | null;
  lng: number | null;
  geofenceM: number | null;
  capacity: number;
  eligibility: ActivityEligibility;
  eligibilityTeamId: string;
  eligibilitySkill: string;
  insuranceRequired: boolean;
  firstDate: string;
  startTime: string;
  endTime: string;
  recurrence: Recurrence;
  customRule: string;
  untilDate: string;
}

export function emptyActivityForm(): ActivityFormModel {
  return {
    title: '',
    description: '',
    category: '',
    monthlyTheme: '',
    organiserTeamId: '',
    partnerTeamId: '',
    regionId: '',
    site: '',
    lat: null,
    lng: null,
    geofenceM: null,
    capacity: 20,
    eligibility: 'everyone',
    eligibilityTeamId: '',
    eligibilitySkill: '',
    insuranceRequired: false,
    firstDate: '',
    startTime: '09:00',
    endTime: '11:00',
    recurrence: 'none',
    customRule: '',
    untilDate: '',
  };
}

export function activityToForm(a: Activity): ActivityFormModel {
  const recurrence = recurrenceOf(a.rrule);
  return {
    title: a.title,
    description: a.description,
    category: a.category,
    monthlyTheme: a.monthlyTheme ?? '',
    organiserTeamId: a.organiserTeamId,
    partnerTeamId: a.partnerTeamId ?? '',
    regionId: a.regionId,
    site: a.site,
    lat: a.lat,
    lng: a.lng,
    geofenceM: a.geofenceM,
    capacity: a.capacity,
    eligibility: a.eligibility,
    eligibilityTeamId: a.eligibilityTeamId ?? '',
    eligibilitySkill: a.eligibilitySkill ?? '',
    insuranceRequired: a.insuranceRequired,
    firstDate: a.firstDate,
    startTime: a.startTime,
    endTime: a.endTime,
    recurrence,
    customRule: recurrence === 'custom' ? (a.rrule ?? '') : '',
    untilDate: a.untilDate ?? '',
  };
}

/** The point, geofence and eligibility as the API wants them: what does not apply is null. */
function commonFields(form: ActivityFormModel) {
  const point = parseCentre(form.lng, form.lat);
  const located = point !== null && !('key' in point);
  return {
    title: form.title.trim(),
    description: form.description.trim(),
    category: form.category,
    monthlyTheme: textOrNull(form.monthlyTheme),
    site: form.site.trim(),
    lat: located ? point.lat : null,
    lng: located ? point.lng : null,
    geofenceM: located && form.geofenceM ? form.geofenceM : null,
    capacity: form.capacity,
    eligibility: form.eligibility,
    eligibilityTeamId: form.eligibility === 'team' ? form.eligibilityTeamId || null : null,
    eligibilitySkill: form.eligibility === 'skill' ? textOrNull(form.eligibilitySkill) : null,
    insuranceRequired: form.insuranceRequired,
    partnerTeamId: form.partnerTeamId || null,
  };
}

export function createActivityBody(form: ActivityFormModel, publish: boolean): CreateActivityBody {
  const rrule = rruleOf(form.recurrence, form.customRule);
  // No point: leave the coordinates out rather than send null (the server's validator coerces a
  // null number to 0, which would place the activity at 0°, 0°).
  const { lat, lng, geofenceM, ...rest } = commonFields(form);
  return {
    ...rest,
    ...(lat !== null && lng !== null ? { lat, lng, geofenceM } : {}),
    organiserTeamId: form.organiserTeamId,
    regionId: form.regionId,
    firstDate: form.firstDate,
    startTime: form.startTime,
    endTime: form.endTime,
    rrule,
    untilDate: rrule ? form.untilDate || null : null,
    publish,
  };
}

/** Only what changed (the series' dates, rule, team and region stay as created). */
export function updateActivityBody(form: ActivityFormModel, a: Activity): UpdateActivityBody {
  const next = { ...commonFields(form), startTime: form.startTime, endTime: form.endTime };
  const before: Record<keyof typeof next, unknown> = {
    title: a.title,
    description: a.description,
    category: a.category,
    monthlyTheme: a.monthlyTheme,
    site: a.site,
    lat: a.lat,
    lng: a.lng,
    geofenceM: a.geofenceM,
    capacity: a.capacity,
    eligibility: a.eligibility,
    eligibilityTeamId: a.eligibilityTeamId,
    eligibilitySkill: a.eligibilitySkill,
    insuranceRequired: a.insuranceRequired,
    partnerTeamId: a.partnerTeamId,
    startTime: a.startTime,
    endTime: a.endTime,
  };
  const body: Record<string, unknown> = {};
  for (const key of Object.keys(next) as Array<keyof typeof next>) if (next[key] !== before[key]) body[key] = next[key];
  return body as UpdateActivityBody;
}

export function activityRules(t: Translate, form: ActivityFormModel): FormRules {
  const point: FormItemRule = {
    trigger: 'blur',
    validator: (_r, _v, cb) => {
      const c = parseCentre(form.lng, form.lat);
      cb(c && 'key' in c ? new Error(problemText(c, t)) : undefined);
    },
  };
  const times: FormItemRule = {
    trigger: 'change',
    validator: (_r, _v, cb) =>
      cb(form.startTime && form.endTime && form.endTime <= form.startTime ? new Error(t('activities.endAfterStart')) : undefined),
  };
  const rules: FormRules = {
    title: [requiredRule(t, 'activities.titleField'), maxLengthRule(t, 80)],
    description: [maxLengthRule(t, 4000)],
    category: [requiredRule(t, 'activities.category', 'change')],
    monthlyTheme: [maxLengthRule(t, 40)],
    organiserTeamId: [requiredRule(t, 'activities.organiser', 'change')],
    regionId: [requiredRule(t, 'activities.region', 'change')],
    site: [requiredRule(t, 'activities.site'), maxLengthRule(t, 120)],
    lng: [point],
    lat: [point],
    capacity: [requiredRule(t, 'activities.capacity', 'change')],
    firstDate: [requiredRule(t, 'activities.firstDate', 'change')],
    startTime: [requiredRule(t, 'activities.startTime', 'change')],
    endTime: [requiredRule(t, 'activities.endTime', 'change'), times],
    untilDate: [
      {
        trigger: 'change',
        validator: (_r, _v, cb) =>
          cb(form.untilDate && form.firstDate && form.untilDate < form.firstDate ? new Error(t('activities.untilAfterFirst')) : undefined),
      },
    ],
  };
  if (form.eligibility === 'team') rules.eligibilityTeamId = [requiredRule(t, 'activities.eligibilityTeam', 'change')];
  if (form.eligibility === 'skill') rules.eligibilitySkill = [requiredRule(t, 'activities.eligibilitySkill'), maxLengthRule(t, 20)];
  if (form.recurrence === 'custom') {
    rules.customRule = [
      {
        trigger: 'blur',
        validator: (_r, _v, cb) => {
          const key = ruleProblem(form.customRule);
          cb(key ? new Error(t(key)) : undefined);
        },
      },
    ];
  }
  return rules;
}

// ── Occurrences and the calendar ────────────────────────────────────────────────────────────────

const pad = (n: number) => String(n).padStart(2, '0');

/** The local date (YYYY-MM-DD) of a moment, as the console user's calendar shows it. */
export function localDay(iso: string | Date): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** HH:MM in local time. */
export function localClock(iso: string): string {
  const d = new Date(iso);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "09:00–11:00". */
export function timeRange(o: Pick<Occurrence, 'startsAt' | 'endsAt'>): string {
  return `${localClock(o.startsAt)}–${localClock(o.endsAt)}`;
}

/** "3/20": signed up out of the places. */
export function seatsText(o: Pick<Occurrence, 'signedUp' | 'capacity'>): string {
  return `${o.signedUp}/${o.capacity}`;
}

/**
 * The dates a month view shows (el-calendar fills whole weeks with days of the months around):
 * from six days before the 1st to six days after the last day, which covers any first day of week.
 */
export function calendarRange(month: Date): { from: string; to: string } {
  const first = new Date(month.getFullYear(), month.getMonth(), 1);
  const last = new Date(month.getFullYear(), month.getMonth() + 1, 0);
  first.setDate(first.getDate() - 6);
  last.setDate(last.getDate() + 6);
  return { from: localDay(first), to: localDay(last) };
}

/** Occurrences by local day, each day in order of start. */
export function groupByDay<O extends Pick<Occurrence, 'startsAt'>>(items: readonly O[]): Map<string, O[]> {
  const out = new Map<string, O[]>();
  for (const o of [...items].sort((a, b) => a.startsAt.localeCompare(b.startsAt))) {
    const day = localDay(o.startsAt);
    const list = out.get(day);
    if (list) list.push(o);
    else out.set(day, [o]);
  }
  return out;
}

/** A community (depth 1) has a calendar subscription link; other nodes do not. */
export function isCommunity(region: { depth: number } | null | undefined): boolean {
  return region?.depth === 1;
}

// ── Editing one occurrence ──────────────────────────────────────────────────────────────────────

export interface OccurrenceFormModel {
  startsAt: Date | null;
  endsAt: Date | null;
  capacity: number;
  site: string;
  note: string;
}

export function occurrenceToForm(o: Occurrence): OccurrenceFormModel {
  return { startsAt: new Date(o.startsAt), endsAt: new Date(o.endsAt), capacity: o.capacity, site: o.site, note: o.note ?? '' };
}

/** Only what changed. */
export function updateOccurrenceBody(form: OccurrenceFormModel, o: Occurrence): UpdateOccurrenceBody {
  const body: UpdateOccurrenceBody = {};
  if (form.startsAt && form.startsAt.getTime() !== new Date(o.startsAt).getTime()) body.startsAt = form.startsAt.toISOString();
  if (form.endsAt && form.endsAt.getTime() !== new Date(o.endsAt).getTime()) body.endsAt = form.endsAt.toISOString();
  if (form.capacity !== o.capacity) body.capacity = form.capacity;
  const site = textOrNull(form.site);
  if (site !== o.site) body.site = site;
  const note = textOrNull(form.note);
  if (note !== o.note) body.note = note;
  return body;
}

export function occurrenceRules(t: Translate, form: OccurrenceFormModel): FormRules {
  return {
    startsAt: [requiredRule(t, 'activities.startsAt', 'change')],
    endsAt: [
      requiredRule(t, 'activities.endsAt', 'change'),
      {
        trigger: 'change',
        validator: (_r, _v, cb) =>
          cb(form.startsAt && form.endsAt && form.endsAt <= form.startsAt ? new Error(t('activities.endAfterStart')) : undefined),
      },
    ],
    capacity: [requiredRule(t, 'activities.capacity', 'change')],
    site: [maxLengthRule(t, 120)],
    note: [maxLengthRule(t, 400)],
  };
}

/** Check-in (by QR or by hand) is open from an hour before the start to two hours after the end. */
export function checkInOpen(o: Pick<Occurrence, 'status' | 'startsAt' | 'endsAt'>, now: number = Date.now()): boolean {
  return (
    o.status === 'scheduled' &&
    now >= new Date(o.startsAt).getTime() - CHECK_IN_OPENS_MINUTES * 60_000 &&
    now <= new Date(o.endsAt).getTime() + CHECK_IN_CLOSES_MINUTES * 60_000
  );
}

/** Over: it can no longer be cancelled. */
export function isOver(o: Pick<Occurrence, 'endsAt'>, now: number = Date.now()): boolean {
  return new Date(o.endsAt).getTime() < now;
}

// ── Sign-ups ────────────────────────────────────────────────────────────────────────────────────

export function signupTagType(status: SignupStatus): 'success' | 'warning' | 'info' {
  return status === 'confirmed' ? 'success' : status === 'waitlisted' ? 'warning' : 'info';
}

/** Signed up first (in order of sign-up), then the waitlist in its order, then the cancelled. */
export function sortSignups<S extends Pick<Signup, 'status' | 'waitlistPosition' | 'requestedAt'>>(items: readonly S[]): S[] {
  const order: Record<SignupStatus, number> = { confirmed: 0, waitlisted: 1, cancelled: 2 };
  return [...items].sort(
    (a, b) =>
      order[a.status] - order[b.status] ||
      (a.waitlistPosition ?? 0) - (b.waitlistPosition ?? 0) ||
      a.requestedAt.localeCompare(b.requestedAt),
  );
}

/** Manual attendance: check in someone signed up and not yet in; check out someone in and not yet out. */
export function attendanceActions(s: Pick<Signup, 'status' | 'checkedInAt' | 'checkedOutAt'>): { checkIn: boolean; checkOut: boolean } {
  return {
    checkIn: s.status === 'confirmed' && !s.checkedInAt,
    checkOut: s.status === 'confirmed' && !!s.checkedInAt && !s.checkedOutAt,
  };
}

/** Attendance counts for the sign-ups header: signed up, on the waitlist, checked in, checked out. */
export function attendanceCounts(items: readonly Pick<Signup, 'status' | 'checkedInAt' | 'checkedOutAt'>[]) {
  let confirmed = 0;
  let waitlisted = 0;
  let checkedIn = 0;
  let checkedOut = 0;
  for (const s of items) {
    if (s.status === 'confirmed') confirmed += 1;
    if (s.status === 'waitlisted') waitlisted += 1;
    if (s.checkedInAt) checkedIn += 1;
    if (s.checkedOutAt) checkedOut += 1;
  }
  return { confirmed, waitlisted, checkedIn, checkedOut };
}

/** The insurance roster's file name: "红色星期六 2026-03-07 保险名单.xlsx". */
export function insuranceFileName(o: Pick<Occurrence, 'title' | 'startsAt'>, suffix: string): string {
  return `${o.title} ${localDay(o.startsAt)} ${suffix}.xlsx`;
}
