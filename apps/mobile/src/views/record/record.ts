import type { RequestCorrectionBody } from '@tongxin/shared/schemas';

/** The server keeps at most this much of a correction's reason. */
export const REASON_MAX = 400;
/** A day's service at most (the server refuses more than 1440 minutes). */
export const HOURS_MAX = 24;

export interface CorrectionForm {
  /** As typed: hours, with a decimal point ("2.5"). */
  hours: string;
  reason: string;
}

/** i18n keys of the form's messages. */
export type CorrectionProblem =
  'record.hoursRequired' | 'record.hoursInvalid' | 'record.hoursSame' | 'record.reasonRequired' | 'record.reasonTooLong';

/**
 * Hours as people type them ("2.5", "3", "1.25", full-width "２．５") → whole minutes; null when it
 * is not a number of hours from 0 to 24 with at most two decimals.
 */
export function minutesOf(hours: string): number | null {
  const text = hours
    .trim()
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, '.');
  if (!/^\d{1,2}(\.\d{1,2})?$/.test(text)) return null;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || value > HOURS_MAX) return null;
  return Math.round(value * 60);
}

/** Problems per field; an empty object means the request can be sent. */
export function checkCorrection(form: CorrectionForm, currentMinutes: number): Partial<Record<keyof CorrectionForm, CorrectionProblem>> {
  const problems: Partial<Record<keyof CorrectionForm, CorrectionProblem>> = {};
  if (!form.hours.trim()) problems.hours = 'record.hoursRequired';
  else {
    const minutes = minutesOf(form.hours);
    if (minutes === null) problems.hours = 'record.hoursInvalid';
    else if (minutes === currentMinutes) problems.hours = 'record.hoursSame';
  }
  const reason = form.reason.trim();
  if (!reason) problems.reason = 'record.reasonRequired';
  else if ([...reason].length > REASON_MAX) problems.reason = 'record.reasonTooLong';
  return problems;
}

/** What the server gets: minutes and the trimmed reason. Call after checkCorrection found nothing. */
export function correctionBody(form: CorrectionForm): RequestCorrectionBody {
  return { minutes: minutesOf(form.hours) ?? 0, reason: form.reason.trim() };
}
