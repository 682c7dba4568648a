import chineseDays from 'chinese-days';

const { findWorkday } = chineseDays;

/**
 * Dates and times as a town lives them. The server runs in UTC; a town's calendar day, the time of
 * day on an activity and "10 working days" are all in the town's own time zone and calendar.
 */

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function parts(timeZone: string, at: Date): Record<string, string> {
  let f = dateFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    dateFormats.set(timeZone, f);
  }
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(at)) out[p.type] = p.value;
  return out;
}

/** The calendar date (YYYY-MM-DD) in the time zone at that moment. */
export function localDate(timeZone: string, at: Date = new Date()): string {
  const p = parts(timeZone, at);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The time of day (HH:MM) in the time zone at that moment. */
export function localTime(timeZone: string, at: Date): string {
  const p = parts(timeZone, at);
  return `${p.hour}:${p.minute}`;
}

/** The instant at which the wall clock in the time zone shows that date and time (HH:MM). */
export function zonedToUtc(date: string, time: string, timeZone: string): Date {
  const guess = new Date(`${date}T${time}:00Z`);
  // Offset of the zone at about that moment; a second pass settles a DST edge.
  let at = guess;
  for (let i = 0; i < 2; i++) {
    const p = parts(timeZone, at);
    const shown = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
    at = new Date(guess.getTime() - (shown - at.getTime()));
  }
  return at;
}

/** The date n Chinese working days after `date` (holidays and make-up working days included). */
export function addWorkingDays(date: string, n: number): string {
  return findWorkday(n, date);
}

/** Add calendar days to a YYYY-MM-DD date. */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Working hours of a working day, local time: 09:00–12:00 and 13:00–17:00. */
export const WORKING_WINDOWS: ReadonlyArray<readonly [string, string]> = [
  ['09:00', '12:00'],
  ['13:00', '17:00'],
];

/**
 * The instant `hours` working hours after `from`, counting only the working windows of Chinese
 * working days (holidays off, make-up Saturdays on) in the town's time zone.
 */
export function addWorkingHours(from: Date, hours: number, timeZone: string): Date {
  let remaining = Math.round(hours * 3_600_000);
  let day = localDate(timeZone, from);
  for (let i = 0; i < 800; i++) {
    if (isWorkday(day)) {
      for (const [start, end] of WORKING_WINDOWS) {
        const s = Math.max(zonedToUtc(day, start, timeZone).getTime(), from.getTime());
        const e = zonedToUtc(day, end, timeZone).getTime();
        if (e <= s) continue;
        if (remaining <= e - s) return new Date(s + remaining);
        remaining -= e - s;
      }
    }
    day = addDays(day, 1);
  }
  throw new Error('addWorkingHours: no working time found within 800 days');
}

/**
 * The end of the working day `n` working days after the day of `from` (n = 1: tomorrow's close
 * if tomorrow is a working day), in the town's time zone.
 */
export function workingDaysLater(from: Date, n: number, timeZone: string): Date {
  const day = addWorkingDays(localDate(timeZone, from), n);
  return zonedToUtc(day, WORKING_WINDOWS[WORKING_WINDOWS.length - 1]![1], timeZone);
}

export function isWorkday(date: string): boolean {
  return chineseDays.isWorkday(date);
}
