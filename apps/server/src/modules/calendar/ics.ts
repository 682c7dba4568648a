/**
 * iCalendar (RFC 5545) text, written by hand: the feed needs a handful of properties and the
 * three things that go wrong in practice are done here once, exactly:
 * - TEXT values escape backslash, semicolon, comma and line breaks (§3.3.11);
 * - content lines are folded at 75 octets, counting UTF-8 bytes and never splitting a character
 *   (a Chinese character is 3 octets, an emoji 4) (§3.1);
 * - every line ends with CRLF.
 * Times are written in UTC (`…Z`), so no VTIMEZONE is needed.
 */

const CRLF = '\r\n';
const MAX_OCTETS = 75;

export interface IcsEvent {
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  location?: string | null;
  geo?: { lat: number; lng: number } | null;
  description?: string | null;
  categories?: string[];
  sequence: number;
  status: 'CONFIRMED' | 'CANCELLED';
  url?: string | null;
}

export interface IcsCalendar {
  /** X-WR-CALNAME: what calendar apps show as the subscription's name. */
  name: string;
  /** X-WR-TIMEZONE: the town's IANA zone, for apps that show times in the calendar's zone. */
  timezone: string;
  /** When the text was produced (DTSTAMP of every event). */
  stamp: Date;
  /** Suggested polling interval for subscribers. */
  refreshMinutes?: number;
  events: IcsEvent[];
}

/** A TEXT value: backslash first, then ; and , ; any line break becomes the two characters \n. */
export function escapeText(value: string): string {
  return (
    value
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n')
      // Other control characters are not allowed in TEXT (HTAB is).
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
  );
}

/**
 * Fold one content line: at most 75 octets per physical line, continuation lines start with one
 * space (which counts toward their 75). Splits fall between characters, never inside one.
 */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= MAX_OCTETS) return line;
  const out: string[] = [];
  let current = '';
  let octets = 0;
  let limit = MAX_OCTETS;
  // for…of walks code points, so a surrogate pair (4-octet character) stays whole.
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
      limit = MAX_OCTETS - 1; // the leading space of a continuation line
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join(`${CRLF} `);
}

/** 2026-05-02T01:30:00.000Z → 20260502T013000Z */
export function formatUtc(d: Date): string {
  return d
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

function coordinate(n: number): string {
  // Six decimals is about 10 cm; trailing zeros dropped, never exponent notation.
  return Number(n.toFixed(6)).toString();
}

function textProp(name: string, value: string): string {
  return `${name}:${escapeText(value)}`;
}

function eventLines(e: IcsEvent, stamp: Date): string[] {
  const lines = [
    'BEGIN:VEVENT',
    textProp('UID', e.uid),
    `DTSTAMP:${formatUtc(stamp)}`,
    `DTSTART:${formatUtc(e.start)}`,
    `DTEND:${formatUtc(e.end)}`,
    `SEQUENCE:${Math.max(0, Math.trunc(e.sequence))}`,
    `STATUS:${e.status}`,
    textProp('SUMMARY', e.summary),
  ];
  if (e.location) lines.push(textProp('LOCATION', e.location));
  if (e.geo) lines.push(`GEO:${coordinate(e.geo.lat)};${coordinate(e.geo.lng)}`);
  if (e.description) lines.push(textProp('DESCRIPTION', e.description));
  const categories = (e.categories ?? []).filter((c) => c.length > 0);
  if (categories.length) lines.push(`CATEGORIES:${categories.map(escapeText).join(',')}`);
  // A URI value is not TEXT: no escaping (our URLs hold no control characters).
  if (e.url) lines.push(`URL:${e.url}`);
  lines.push('TRANSP:OPAQUE', 'END:VEVENT');
  return lines;
}

/** The whole VCALENDAR, folded, CRLF line ends (the last line too). */
export function renderCalendar(cal: IcsCalendar): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Tongxin//Activities//ZH',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    textProp('X-WR-CALNAME', cal.name),
    textProp('X-WR-TIMEZONE', cal.timezone),
  ];
  if (cal.refreshMinutes) {
    lines.push(`REFRESH-INTERVAL;VALUE=DURATION:PT${cal.refreshMinutes}M`, `X-PUBLISHED-TTL:PT${cal.refreshMinutes}M`);
  }
  for (const e of cal.events) lines.push(...eventLines(e, cal.stamp));
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join(CRLF) + CRLF;
}
