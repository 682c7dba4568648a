import { describe, expect, it } from 'vitest';
import { formatDay, greetingOf, relativeTime } from './time';

describe('greetingOf', () => {
  it.each([
    [6, 'morning'],
    [11, 'noon'],
    [15, 'afternoon'],
    [20, 'evening'],
    [2, 'evening'],
  ] as const)('%i h → %s', (hour, greeting) => expect(greetingOf(new Date(2026, 0, 1, hour))).toBe(greeting));
});

describe('relativeTime', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  it('leaves "just now" to the caller', () => expect(relativeTime('2026-03-01T11:59:30Z', 'zh-CN', now)).toBeNull());
  it('says minutes, hours and days in the person’s language', () => {
    expect(relativeTime('2026-03-01T11:55:00Z', 'zh-CN', now)).toBe('5分钟前');
    expect(relativeTime('2026-03-01T09:00:00Z', 'en', now)).toBe('3 hours ago');
    expect(relativeTime('2026-02-27T12:00:00Z', 'zh-CN', now)).toBe('2天前');
  });
  it('gives the date for older messages', () => expect(relativeTime('2026-01-01T00:00:00Z', 'en', now)).toMatch(/2026/));
});

describe('formatDay', () => {
  it('reads a calendar day with its weekday, the year only when it is not this one', () => {
    expect(formatDay('2026-03-01', 'zh-CN')).toBe('2026年3月1日周日');
    expect(formatDay('2026-03-01', 'zh-CN', '2026-06-30')).toBe('3月1日周日');
    expect(formatDay('2025-12-31', 'en', '2026-01-02')).toBe('Wed, December 31, 2025');
  });
});
