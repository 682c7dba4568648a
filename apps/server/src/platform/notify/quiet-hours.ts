/** Minutes since local midnight in a time zone. */
function localMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const h = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const m = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return h * 60 + m;
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * When outbound messages may go: `at` itself outside quiet hours, otherwise the end of the quiet
 * period (town time). Quiet hours may wrap midnight (22:00–07:00). Equal start and end mean none.
 */
export function afterQuietHours(at: Date, quiet: { start: string; end: string } | null, timeZone: string): Date {
  if (!quiet) return at;
  const start = toMinutes(quiet.start);
  const end = toMinutes(quiet.end);
  if (start === end) return at;
  const now = localMinutes(at, timeZone);
  const inside = start < end ? now >= start && now < end : now >= start || now < end;
  if (!inside) return at;
  const wait = (end - now + 1440) % 1440;
  const next = new Date(at.getTime() + wait * 60_000);
  next.setUTCSeconds(0, 0);
  return next;
}
