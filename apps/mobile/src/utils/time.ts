import type { Locale } from '@tongxin/shared';

export type Greeting = 'morning' | 'noon' | 'afternoon' | 'evening';

/** 早上好 / 中午好 / 下午好 / 晚上好 by the phone's local hour. */
export function greetingOf(date: Date): Greeting {
  const h = date.getHours();
  if (h >= 5 && h < 11) return 'morning';
  if (h >= 11 && h < 13) return 'noon';
  if (h >= 13 && h < 18) return 'afternoon';
  return 'evening';
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * When a message came, the way people say it: "刚刚", "5 分钟前", "3 小时前", "2 天前", then the date.
 * Returns null for "just now" so the caller can use its own word.
 */
export function relativeTime(iso: string, locale: Locale, now: Date = new Date()): string | null {
  const then = new Date(iso);
  const diff = now.getTime() - then.getTime();
  if (Number.isNaN(diff)) return '';
  if (diff < MINUTE) return null;
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'always' });
  if (diff < HOUR) return rtf.format(-Math.floor(diff / MINUTE), 'minute');
  if (diff < DAY) return rtf.format(-Math.floor(diff / HOUR), 'hour');
  if (diff < 7 * DAY) return rtf.format(-Math.floor(diff / DAY), 'day');
  return formatDateTime(iso, locale);
}

export function formatDateTime(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(
    new Date(iso),
  );
}

/**
 * A calendar day (YYYY-MM-DD) as people read it: "2026年3月1日周日", "Sun, March 1, 2026". The year is
 * left out when it is this year's, given `today`.
 */
export function formatDay(date: string, locale: Locale, today?: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const sameYear = today !== undefined && today.slice(0, 4) === date.slice(0, 4);
  return new Intl.DateTimeFormat(locale, {
    year: sameYear ? undefined : 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'short',
  }).format(new Date(y, m - 1, d));
}
