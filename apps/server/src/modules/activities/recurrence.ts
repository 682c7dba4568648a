import ICAL from 'ical.js';
import { MAX_OCCURRENCES } from '@tongxin/shared';
import { AppError } from '../../platform/errors.js';
import { addDays } from '../../platform/time.js';

const ALLOWED_FREQ = new Set(['DAILY', 'WEEKLY', 'MONTHLY']);
const ALLOWED_PARTS = new Set(['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'COUNT']);

function invalid(message: string): AppError {
  return new AppError('ACTIVITY_RRULE_INVALID', { details: [{ path: 'body/rrule', message }] });
}

/** Parse and check an RRULE (RFC 5545, without DTSTART/UNTIL: the form's until date bounds it). */
export function parseRule(rule: string): ICAL.Recur {
  const text = rule
    .trim()
    .replace(/^RRULE:/i, '')
    .toUpperCase();
  for (const part of text.split(';')) {
    const [key] = part.split('=');
    if (!key || !ALLOWED_PARTS.has(key)) throw invalid(`unsupported part ${key ?? ''}`);
  }
  let recur: ICAL.Recur;
  try {
    recur = ICAL.Recur.fromString(text);
  } catch {
    throw invalid('cannot be read');
  }
  if (!ALLOWED_FREQ.has(recur.freq)) throw invalid('FREQ must be DAILY, WEEKLY or MONTHLY');
  if (recur.interval < 1 || recur.interval > 12) throw invalid('INTERVAL must be 1 to 12');
  return recur;
}

/**
 * The local dates a series falls on: from the first date to the until date (inclusive), at most
 * MAX_OCCURRENCES. Without a rule, just the first date. With BY-parts (first Saturday…), the first
 * date counts only when the rule itself produces it, so "the first Saturday of every month"
 * starting on a Wednesday begins on the next first Saturday.
 */
export function ruleDates(firstDate: string, rule: string | null, untilDate: string): string[] {
  if (!rule) return [firstDate];
  const recur = parseRule(rule);
  const hasBy = Object.keys(recur.parts ?? {}).length > 0;
  // RFC 5545 always yields DTSTART first; start a day early and drop it so the rule decides.
  const start = hasBy ? addDays(firstDate, -1) : firstDate;
  const iterator = recur.iterator(ICAL.Time.fromDateString(start));
  const out: string[] = [];
  let guard = 0;
  for (let next = iterator.next(); next && guard < 5000; next = iterator.next(), guard++) {
    const date = next.toString().slice(0, 10);
    if (date < firstDate) continue;
    if (date > untilDate) break;
    out.push(date);
    if (out.length >= MAX_OCCURRENCES) break;
  }
  if (out.length === 0) throw invalid('the rule produces no date before the until date');
  return out;
}
