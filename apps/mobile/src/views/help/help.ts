import {
  HELP_ACTION_LABELS,
  HELP_POOL_LABELS,
  HELP_STATUS_LABELS,
  type HelpAction,
  type HelpPool,
  type HelpStatus,
  type Locale,
} from '@tongxin/shared';
import type { HelpEvent, HelpRequest } from '@tongxin/shared/schemas';
import { formatClock } from '../activities/activities';

export { formatDistance } from '../activities/activities';

const lang = (locale: Locale) => (locale === 'en' ? 'en' : 'zh');

export const statusLabel = (status: HelpStatus, locale: Locale): string => HELP_STATUS_LABELS[status][lang(locale)];
export const actionLabel = (action: HelpAction, locale: Locale): string => HELP_ACTION_LABELS[action][lang(locale)];
export const poolLabel = (pool: HelpPool, locale: Locale): string => HELP_POOL_LABELS[pool][lang(locale)];

/**
 * The colour of a status tag: waiting for someone to pick it up, someone on it, waiting for a
 * rating or the community, done, or ended without help.
 */
export type StatusTone = 'waiting' | 'moving' | 'review' | 'closed' | 'ended';

export function statusTone(status: HelpStatus): StatusTone {
  switch (status) {
    case 'submitted':
    case 'accepted':
    case 'assigned':
    case 'open':
      return 'waiting';
    case 'claimed':
    case 'in_service':
      return 'moving';
    case 'done':
    case 'reviewed':
      return 'review';
    case 'closed':
      return 'closed';
    default:
      return 'ended';
  }
}

/** A Vant icon per category tile; unknown (a town's own) categories get a general one. */
const CATEGORY_ICONS: Record<string, string> = {
  errand: 'shopping-cart-o',
  repair: 'setting-o',
  companion: 'friends-o',
  cleaning: 'brush-o',
  tutoring: 'notes-o',
  other: 'more-o',
};
export const categoryIcon = (code: string): string => CATEGORY_ICONS[code] ?? 'service-o';

/** The deadline of the step the request is in now, or null when nothing is due. */
export function currentDue(r: Pick<HelpRequest, 'status' | 'acceptDueAt' | 'claimDueAt' | 'completeDueAt'>): string | null {
  switch (r.status) {
    case 'submitted':
      return r.acceptDueAt;
    case 'accepted':
    case 'assigned':
    case 'open':
      return r.claimDueAt;
    case 'claimed':
    case 'in_service':
      return r.completeDueAt;
    default:
      return null;
  }
}

/**
 * A moment the way a notice says it: "3月5日 周四 09:00", "Thu, Mar 5, 09:00"; the year only when it
 * is not this year. In the phone's time zone unless one is given (tests).
 */
export function formatMoment(iso: string, locale: Locale, opts: { timeZone?: string; now?: Date } = {}): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const { timeZone } = opts;
  const year = (d: Date) => new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(d);
  const withYear = year(at) !== year(opts.now ?? new Date());
  const en = locale === 'en';
  const date = new Intl.DateTimeFormat(locale, {
    timeZone,
    year: withYear ? 'numeric' : undefined,
    month: en ? 'short' : 'long',
    day: 'numeric',
  }).format(at);
  const weekday = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short' }).format(at);
  const clock = formatClock(at.toISOString(), timeZone);
  return en ? `${weekday}, ${date}, ${clock}` : `${date} ${weekday} ${clock}`;
}

/** The timeline, newest first (as a parcel's tracking reads), ties in the server's order. */
export function timelineNewestFirst(events: readonly HelpEvent[]): HelpEvent[] {
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => b.e.at.localeCompare(a.e.at) || b.i - a.i)
    .map(({ e }) => e);
}

// ------------------------------------------------------------------ actions

/** What a button needs before it can be sent. */
export type ActionForm =
  | 'none' // one tap
  | 'reason' // a reason is required
  | 'optionalReason' // cancel: asked to confirm, a reason may be given
  | 'review' // stars and words
  | 'finish' // a note and photos
  | 'checkIn' // the phone's position, when it can tell
  | 'confirm' // community confirms: minutes and a note, both optional
  | 'dispatch'; // to the claim hall of the grid, community or town

export interface ActionUi {
  form: ActionForm;
  /** The main thing to do now: a filled button; others are outlined. */
  primary?: boolean;
  danger?: boolean;
}

/** The actions the phone offers, in the order their buttons show. The rest are done on the console. */
export const PHONE_ACTIONS: ReadonlyArray<readonly [HelpAction, ActionUi]> = [
  ['claim', { form: 'none', primary: true }],
  ['check_in', { form: 'checkIn', primary: true }],
  ['finish', { form: 'finish', primary: true }],
  ['review', { form: 'review', primary: true }],
  ['accept', { form: 'none', primary: true }],
  ['dispatch', { form: 'dispatch', primary: true }],
  ['confirm', { form: 'confirm', primary: true }],
  ['send_back', { form: 'reason' }],
  ['refuse', { form: 'reason', danger: true }],
  ['recall', { form: 'reason' }],
  ['widen', { form: 'none' }],
  ['decline', { form: 'reason' }],
  ['release', { form: 'reason' }],
  ['reopen', { form: 'reason' }],
  ['cancel', { form: 'optionalReason', danger: true }],
];

/** The buttons for these actions (request.actions), and whether some can only be done on the console. */
export function phoneActions(actions: readonly HelpAction[]): { buttons: Array<{ action: HelpAction } & ActionUi>; elsewhere: boolean } {
  const offered = new Set(actions);
  const buttons = PHONE_ACTIONS.filter(([a]) => offered.has(a)).map(([action, ui]) => ({ action, ...ui }));
  const known = new Set(PHONE_ACTIONS.map(([a]) => a));
  return { buttons, elsewhere: actions.some((a) => !known.has(a)) };
}

// ------------------------------------------------------------------ when

/** Hours on the wanted-time picker: daytime, when helpers come. */
export const WANTED_HOURS = { first: 7, last: 21 } as const;
/** Days ahead the picker offers. */
export const WANTED_DAYS_AHEAD = 60;

/** A sensible first choice for "pick a time": the next half hour at least an hour away, within daytime. */
export function defaultWantedAt(now: Date = new Date()): Date {
  const at = new Date(now.getTime() + 60 * 60_000);
  at.setSeconds(0, 0);
  const m = at.getMinutes();
  if (m > 0 && m <= 30) at.setMinutes(30);
  else if (m > 30) at.setHours(at.getHours() + 1, 0);
  if (at.getHours() < WANTED_HOURS.first) at.setHours(9, 0);
  if (at.getHours() > WANTED_HOURS.last || (at.getHours() === WANTED_HOURS.last && at.getMinutes() > 0)) {
    at.setDate(at.getDate() + 1);
    at.setHours(9, 0);
  }
  return at;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A local moment ↔ the pickers' values: ['YYYY', 'MM', 'DD'] and ['HH', 'mm']. */
export function toPickerParts(at: Date): { date: string[]; time: string[] } {
  return {
    date: [String(at.getFullYear()), pad(at.getMonth() + 1), pad(at.getDate())],
    time: [pad(at.getHours()), pad(at.getMinutes())],
  };
}

export function fromPickerParts(date: readonly string[], time: readonly string[]): Date {
  const [y, mo, d] = date.map(Number) as [number, number, number];
  const [h, mi] = time.map(Number) as [number, number];
  return new Date(y, mo - 1, d, h, mi, 0, 0);
}

// ------------------------------------------------------------------ photos and voice

/** The long side of a photo after compression, and the size above which a photo is re-encoded anyway. */
export const PHOTO_MAX_SIDE = 1600;
export const PHOTO_MAX_BYTES = 1_500_000;
/** What the server takes (POST /attachments), at most 5 MB. */
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const VOICE_TYPES = ['audio/webm', 'audio/mp4', 'audio/mpeg', 'audio/ogg', 'audio/wav'] as const;

/** Scale (width, height) down so the longer side is at most `max`; never up; whole pixels, at least 1. */
export function fitWithin(width: number, height: number, max: number = PHOTO_MAX_SIDE): { width: number; height: number } {
  if (!(width > 0) || !(height > 0)) return { width: 0, height: 0 };
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * Whether a photo must go through the canvas: too many pixels, too many bytes, or a type the server
 * does not take (e.g. HEIC). A small JPEG, PNG or WebP goes as it is.
 */
export function needsReencode(file: { type: string; size: number }, width: number, height: number, max: number = PHOTO_MAX_SIDE): boolean {
  if (!(PHOTO_TYPES as readonly string[]).includes(baseType(file.type))) return true;
  return Math.max(width, height) > max || file.size > PHOTO_MAX_BYTES;
}

/** "audio/webm;codecs=opus" → "audio/webm": the server matches the bare type. */
export const baseType = (mime: string): string => mime.split(';')[0]!.trim().toLowerCase();

/** The first recording format the browser offers that the server takes (Chrome: webm, Safari: mp4). */
export function pickVoiceType(isTypeSupported: (mime: string) => boolean): string | null {
  for (const mime of ['audio/webm;codecs=opus', 'audio/webm', 'audio/mp4', 'audio/ogg;codecs=opus', 'audio/ogg']) {
    try {
      if (isTypeSupported(mime)) return mime;
    } catch {
      // some browsers throw for types they do not know
    }
  }
  return null;
}

/** "0:07", "1:00": the length of a recording. */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${pad(s % 60)}`;
}

// ------------------------------------------------------------------ lists

/** Text to trim to one short line on a card (the card's CSS clamps too; this is for the label). */
export function shortText(text: string, max = 60): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
}
