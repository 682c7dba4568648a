import { describe, expect, it } from 'vitest';
import { afterQuietHours } from './quiet-hours.js';

// 2026-11-23 is a Monday; Asia/Shanghai is UTC+8 all year.
const at = (hhmm: string) => new Date(`2026-11-23T${hhmm}:00+08:00`);

describe('quiet hours', () => {
  it('lets messages go at once outside quiet hours or without any', () => {
    expect(afterQuietHours(at('12:00'), { start: '22:00', end: '07:00' }, 'Asia/Shanghai')).toEqual(at('12:00'));
    expect(afterQuietHours(at('23:30'), null, 'Asia/Shanghai')).toEqual(at('23:30'));
    expect(afterQuietHours(at('23:30'), { start: '08:00', end: '08:00' }, 'Asia/Shanghai')).toEqual(at('23:30'));
  });

  it('holds them until the end of a period that wraps midnight', () => {
    expect(afterQuietHours(at('23:30'), { start: '22:00', end: '07:00' }, 'Asia/Shanghai')).toEqual(new Date('2026-11-24T07:00:00+08:00'));
    expect(afterQuietHours(at('06:59'), { start: '22:00', end: '07:00' }, 'Asia/Shanghai')).toEqual(at('07:00'));
    expect(afterQuietHours(at('07:00'), { start: '22:00', end: '07:00' }, 'Asia/Shanghai')).toEqual(at('07:00'));
    expect(afterQuietHours(at('22:00'), { start: '22:00', end: '07:00' }, 'Asia/Shanghai')).toEqual(new Date('2026-11-24T07:00:00+08:00'));
  });

  it('holds them within a daytime period, in the town time zone', () => {
    expect(afterQuietHours(at('12:30'), { start: '12:00', end: '14:00' }, 'Asia/Shanghai')).toEqual(at('14:00'));
    // 12:30 in Shanghai is 04:30 UTC: outside 12:00–14:00 UTC.
    expect(afterQuietHours(at('12:30'), { start: '12:00', end: '14:00' }, 'UTC')).toEqual(at('12:30'));
  });
});
