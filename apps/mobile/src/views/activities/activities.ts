import { ACTIVITY_ELIGIBILITY_LABELS, wgs84ToGcj02, type Locale } from '@tongxin/shared';
import type { CheckInCode, MySignupState, Occurrence, Signup } from '@tongxin/shared/schemas';

/**
 * Dates and times are shown in the phone's own time zone (the town's, for the people who use it);
 * tests pass one explicitly.
 */
export interface ZoneOptions {
  timeZone?: string;
  now?: Date;
}

interface DayParts {
  year: string;
  date: string;
  weekday: string;
  clock: string;
}

function partsOf(at: Date, locale: Locale, timeZone: string | undefined, withYear: boolean): DayParts {
  const en = locale === 'en';
  const date = new Intl.DateTimeFormat(locale, {
    timeZone,
    year: withYear ? 'numeric' : undefined,
    month: en ? 'short' : 'long',
    day: 'numeric',
  }).format(at);
  const weekday = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short' }).format(at);
  const year = new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(at);
  return { year, date, weekday, clock: formatClock(at.toISOString(), timeZone) };
}

/** "09:05": the time of day, 24-hour, in the given (or the phone's) time zone. */
export function formatClock(iso: string, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(
    new Date(iso),
  );
  const hour = parts.find((p) => p.type === 'hour')?.value ?? '00';
  const minute = parts.find((p) => p.type === 'minute')?.value ?? '00';
  return `${hour}:${minute}`;
}

/**
 * When an occurrence happens, the way a notice board says it: "12月5日 周六 09:00–11:30",
 * "Sat, Dec 5, 09:00–11:30". The year only when it is not this year; both days when it ends on
 * another day.
 */
export function formatWhen(startsAt: string, endsAt: string, locale: Locale, opts: ZoneOptions = {}): string {
  const { timeZone } = opts;
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  const thisYear = new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(opts.now ?? new Date());
  const probe = partsOf(start, locale, timeZone, false);
  const withYear = probe.year !== thisYear;
  const s = partsOf(start, locale, timeZone, withYear);
  const e = partsOf(end, locale, timeZone, withYear);
  const day = (p: DayParts) => (locale === 'en' ? `${p.weekday}, ${p.date}` : `${p.date} ${p.weekday}`);
  if (s.date === e.date) return locale === 'en' ? `${day(s)}, ${s.clock}–${e.clock}` : `${day(s)} ${s.clock}–${e.clock}`;
  return locale === 'en' ? `${day(s)}, ${s.clock} – ${day(e)}, ${e.clock}` : `${day(s)} ${s.clock} – ${day(e)} ${e.clock}`;
}

/** "350 米", "1.2 公里" / "350 m", "1.2 km". */
export function formatDistance(metres: number, locale: Locale): string {
  const en = locale === 'en';
  if (metres < 1000) return en ? `${Math.round(metres)} m` : `${Math.round(metres)} 米`;
  const km = metres < 10_000 ? (Math.round(metres / 100) / 10).toString() : Math.round(metres / 1000).toString();
  return en ? `${km} km` : `${km} 公里`;
}

/** Where I stand with an occurrence: the badge on cards and the detail page. */
export type MyStatus =
  | { kind: 'signedUp' }
  | { kind: 'waitlisted'; position: number | null }
  | { kind: 'checkedIn'; at: string }
  | { kind: 'checkedOut'; at: string }
  | { kind: 'cancelled' };

export function myStatusOf(signup: MySignupState | null): MyStatus | null {
  if (!signup) return null;
  if (signup.status === 'cancelled') return { kind: 'cancelled' };
  if (signup.checkedOutAt) return { kind: 'checkedOut', at: signup.checkedOutAt };
  if (signup.checkedInAt) return { kind: 'checkedIn', at: signup.checkedInAt };
  if (signup.status === 'waitlisted') return { kind: 'waitlisted', position: signup.waitlistPosition };
  return { kind: 'signedUp' };
}

const isOpen = (o: Occurrence) => o.status === 'scheduled' && o.activityStatus === 'published';
const isActive = (s: MySignupState | null): s is MySignupState => s !== null && s.status !== 'cancelled';

/** 报名: open, not started yet, and I have no place or waitlist entry. */
export function canSignUp(o: Occurrence, now: Date = new Date()): boolean {
  return isOpen(o) && new Date(o.startsAt) > now && !isActive(o.mySignup);
}

/** 取消报名: before the start and before I checked in. */
export function canCancel(o: Occurrence, now: Date = new Date()): boolean {
  return isOpen(o) && new Date(o.startsAt) > now && isActive(o.mySignup) && !o.mySignup.checkedInAt;
}

/** Every place is taken: a sign-up goes to the waitlist. */
export const isFull = (o: Pick<Occurrence, 'signedUp' | 'capacity'>): boolean => o.signedUp >= o.capacity;

/** Who may sign up, in words: "所有志愿者", "指定队伍队员（上金湾社区志愿服务队）". */
export function eligibilityText(o: Pick<Occurrence, 'eligibility' | 'eligibilityTeamName' | 'eligibilitySkill'>, locale: Locale): string {
  const label = ACTIVITY_ELIGIBILITY_LABELS[o.eligibility][locale === 'en' ? 'en' : 'zh'];
  const detail = o.eligibility === 'team' ? o.eligibilityTeamName : o.eligibility === 'skill' ? o.eligibilitySkill : null;
  if (!detail) return label;
  return locale === 'en' ? `${label} (${detail})` : `${label}（${detail}）`;
}

/**
 * A link that opens the site in a map app (AutoNavi / 高德, which most phones here have, in the
 * browser otherwise). Coordinates are stored WGS-84; AutoNavi reads GCJ-02.
 */
export function mapLink(o: Pick<Occurrence, 'lat' | 'lng' | 'site'>): string | null {
  if (o.lat === null || o.lng === null) return null;
  const [lng, lat] = wgs84ToGcj02([o.lng, o.lat]);
  const params = new URLSearchParams({ position: `${lng.toFixed(6)},${lat.toFixed(6)}`, name: o.site, src: 'tongxin', callnative: '1' });
  return `https://uri.amap.com/marker?${params.toString()}`;
}

/** The calendar link for calendar apps: webcal:// instead of http(s)://. */
export const webcalUrl = (url: string): string => url.replace(/^https?:\/\//i, 'webcal://');

/**
 * What a scanned QR (or a typed code) means: the `c` of a check-in link, or the code itself.
 * Null when there is nothing usable.
 */
export function codeFromScan(text: string): string | null {
  const raw = text.trim();
  if (!raw) return null;
  if (/^https?:\/\//i.test(raw) || raw.startsWith('/')) {
    try {
      const url = new URL(raw, 'http://local.invalid');
      const c = url.searchParams.get('c');
      return c && c.trim() ? c.trim() : null;
    } catch {
      return null;
    }
  }
  return raw;
}

/**
 * When to fetch the next check-in code. A code is accepted in its own period and the next, so
 * fetching one every rotation keeps the code on screen valid whatever the phone's clock says; only
 * if the code would lapse sooner by that clock (a period of one), fetch before it does. Never more
 * often than every 5 s.
 */
export function nextRefreshMs(code: Pick<CheckInCode, 'expiresAt' | 'rotateSeconds'>, now: Date = new Date()): number {
  const rotate = Math.max(5, code.rotateSeconds) * 1000;
  const lapses = new Date(code.expiresAt).getTime() + rotate - now.getTime() - 2000;
  return Math.max(5000, Number.isFinite(lapses) && lapses > 0 ? Math.min(rotate, lapses) : rotate);
}

/** The organiser's roster: who came, who left, who is still expected, and the counts. */
export type Attendance = 'waitlisted' | 'expected' | 'in' | 'out' | 'cancelled';

export function attendanceOf(s: Pick<Signup, 'status' | 'checkedInAt' | 'checkedOutAt'>): Attendance {
  if (s.status === 'cancelled') return 'cancelled';
  if (s.checkedOutAt) return 'out';
  if (s.checkedInAt) return 'in';
  return s.status === 'waitlisted' ? 'waitlisted' : 'expected';
}

export function rosterOf(signups: Signup[]): { rows: Signup[]; present: number; expected: number } {
  const order: Record<Attendance, number> = { expected: 0, in: 1, out: 2, waitlisted: 3, cancelled: 4 };
  const rows = signups
    .filter((s) => s.status !== 'cancelled')
    .sort((a, b) => order[attendanceOf(a)] - order[attendanceOf(b)] || a.requestedAt.localeCompare(b.requestedAt));
  const confirmed = rows.filter((s) => s.status === 'confirmed' || s.checkedInAt);
  return { rows, present: confirmed.filter((s) => s.checkedInAt).length, expected: confirmed.length };
}
