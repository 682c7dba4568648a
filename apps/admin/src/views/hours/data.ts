import type { FormRules } from 'element-plus';
import type { Locale, ServiceCorrectionStatus } from '@tongxin/shared';
import type {
  ConfirmHoursBody,
  CreateAwardBody,
  CreateEvaluationBody,
  CreateTrainingBody,
  ServiceRecord,
  ServiceRecordQuery,
} from '@tongxin/shared/schemas';
import { maxLengthRule, requiredRule } from '../../utils/form-rules';
import { textOrNull } from '../../utils/people';

type Translate = (key: string, params?: Record<string, unknown>) => string;

export const PAGE_SIZES = [20, 50, 100, 200];
/** A day is the most one record may hold. */
export const MAX_MINUTES = 1440;

// ── Minutes as people read them ─────────────────────────────────────────────────────────────────

export function splitMinutes(total: number): { hours: number; minutes: number } {
  const m = Math.max(0, Math.round(total));
  return { hours: Math.floor(m / 60), minutes: m % 60 };
}

/** Hours and minutes back to minutes, kept within 0…1440. */
export function joinMinutes(hours: number | null | undefined, minutes: number | null | undefined): number {
  const total = Math.round((hours ?? 0) * 60 + (minutes ?? 0));
  return Math.min(MAX_MINUTES, Math.max(0, total));
}

/** "2 小时 30 分" / "2 h 30 min"; "45 分"; "0 分". */
export function durationText(total: number, locale: Locale): string {
  const { hours, minutes } = splitMinutes(total);
  const en = locale === 'en';
  const h = en ? `${hours} h` : `${hours} 小时`;
  const m = en ? `${minutes} min` : `${minutes} 分`;
  if (hours === 0) return m;
  return minutes === 0 ? h : `${h} ${m}`;
}

// ── The queue ───────────────────────────────────────────────────────────────────────────────────

export interface HoursFilters {
  regionId: string;
  /** Only records past their confirm-by date. */
  overdue: boolean;
  /** One occurrence's records (from a row's link or the occurrence drawer). */
  occurrenceId: string;
}

export function emptyHoursFilters(occurrenceId = ''): HoursFilters {
  return { regionId: '', overdue: false, occurrenceId };
}

export function hoursQuery(f: HoursFilters): Omit<ServiceRecordQuery, 'page' | 'pageSize'> {
  return {
    status: 'pending',
    regionId: f.regionId || undefined,
    occurrenceId: f.occurrenceId || undefined,
    overdue: f.overdue ? true : undefined,
  };
}

/** `?occurrenceId=` of the page (the occurrence drawer links here); '' when missing. */
export function occurrenceFromQuery(value: unknown): string {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v) ? v : '';
}

/** Only pending records of an activity occurrence are confirmed here. */
export function canConfirm(r: Pick<ServiceRecord, 'status' | 'occurrenceId'>): boolean {
  return r.status === 'pending' && !!r.occurrenceId;
}

/**
 * The chosen rows as confirm-hours requests, one per occurrence (the endpoint confirms one
 * occurrence's records), each with the minutes as edited (or as measured when untouched).
 */
export function confirmBatches(
  rows: readonly Pick<ServiceRecord, 'id' | 'occurrenceId' | 'status' | 'minutes'>[],
  edited: Readonly<Record<string, number>>,
): Array<{ occurrenceId: string; body: ConfirmHoursBody }> {
  const byOccurrence = new Map<string, ConfirmHoursBody['items']>();
  for (const r of rows) {
    if (!canConfirm(r)) continue;
    const items = byOccurrence.get(r.occurrenceId!) ?? [];
    items.push({ recordId: r.id, minutes: Math.min(MAX_MINUTES, Math.max(0, edited[r.id] ?? r.minutes)) });
    byOccurrence.set(r.occurrenceId!, items);
  }
  return [...byOccurrence].map(([occurrenceId, items]) => ({ occurrenceId, body: { items } }));
}

/** Rows whose minutes were changed from what was measured. */
export function isAdjusted(r: Pick<ServiceRecord, 'id' | 'measuredMinutes'>, edited: Readonly<Record<string, number>>): boolean {
  const m = edited[r.id];
  return m !== undefined && m !== r.measuredMinutes;
}

export function correctionTagType(status: ServiceCorrectionStatus): 'warning' | 'success' | 'info' {
  return status === 'pending' ? 'warning' : status === 'accepted' ? 'success' : 'info';
}

// ── Adding to a volunteer's record ──────────────────────────────────────────────────────────────

export type RecordEntryKind = 'training' | 'award' | 'evaluation';

export interface RecordEntryForm {
  name: string;
  content: string;
  hours: number;
  minutes: number;
  organiser: string;
  date: string;
  stars: number;
  comment: string;
}

export function emptyRecordEntry(date: string): RecordEntryForm {
  return { name: '', content: '', hours: 2, minutes: 0, organiser: '', date, stars: 0, comment: '' };
}

export function trainingBody(f: RecordEntryForm): CreateTrainingBody {
  return {
    name: f.name.trim(),
    content: textOrNull(f.content),
    minutes: Math.min(6000, Math.max(1, Math.round(f.hours * 60 + f.minutes))),
    organiser: f.organiser.trim(),
    heldOn: f.date,
  };
}

export function awardBody(f: RecordEntryForm): CreateAwardBody {
  return { name: f.name.trim(), awardedOn: f.date, awardedBy: f.organiser.trim() };
}

/** No stars (0) sends null: an evaluation may be words only. */
export function evaluationBody(f: RecordEntryForm): CreateEvaluationBody {
  return {
    stars: f.stars >= 1 && f.stars <= 5 ? f.stars : null,
    comment: f.comment.trim(),
    evaluatedOn: f.date,
    evaluator: f.organiser.trim(),
  };
}

/** The fields each kind asks for, with the i18n keys of their labels. */
export function recordEntryRules(t: Translate, kind: RecordEntryKind, form: RecordEntryForm): FormRules {
  const date = [requiredRule(t, `hours.entry.${kind}.date`, 'change')];
  const organiser = [requiredRule(t, `hours.entry.${kind}.organiser`), maxLengthRule(t, 60)];
  if (kind === 'training') {
    return {
      name: [requiredRule(t, 'hours.entry.training.name'), maxLengthRule(t, 80)],
      content: [maxLengthRule(t, 400)],
      minutes: [
        {
          trigger: 'change',
          validator: (_r, _v, cb) =>
            cb(form.hours * 60 + form.minutes < 1 ? new Error(t('hours.entry.training.minutesRequired')) : undefined),
        },
      ],
      organiser,
      date,
    };
  }
  if (kind === 'award') return { name: [requiredRule(t, 'hours.entry.award.name'), maxLengthRule(t, 80)], organiser, date };
  return { comment: [requiredRule(t, 'hours.entry.evaluation.comment'), maxLengthRule(t, 400)], organiser, date };
}
