import { describe, expect, it } from 'vitest';
import { checkCorrection, correctionBody, minutesOf } from './record';

describe('minutesOf', () => {
  it('reads hours as people type them', () => {
    expect(minutesOf('2.5')).toBe(150);
    expect(minutesOf(' 3 ')).toBe(180);
    expect(minutesOf('1.25')).toBe(75);
    expect(minutesOf('０')).toBe(0);
    expect(minutesOf('２．５')).toBe(150);
    expect(minutesOf('24')).toBe(1440);
  });

  it('refuses what is not a day’s hours', () => {
    for (const bad of ['', 'abc', '-1', '25', '2.555', '1e2', '2,5']) expect(minutesOf(bad), bad).toBeNull();
  });
});

describe('checkCorrection', () => {
  it('asks for hours that differ from the record and a reason', () => {
    expect(checkCorrection({ hours: '', reason: '' }, 120)).toEqual({ hours: 'record.hoursRequired', reason: 'record.reasonRequired' });
    expect(checkCorrection({ hours: '30', reason: 'x' }, 120)).toEqual({ hours: 'record.hoursInvalid' });
    expect(checkCorrection({ hours: '2', reason: 'x' }, 120)).toEqual({ hours: 'record.hoursSame' });
    expect(checkCorrection({ hours: '3', reason: '字'.repeat(401) }, 120)).toEqual({ reason: 'record.reasonTooLong' });
    expect(checkCorrection({ hours: '3', reason: '提前到场布置' }, 120)).toEqual({});
  });

  it('sends minutes and the trimmed reason', () => {
    expect(correctionBody({ hours: '2.5', reason: '  提前到场布置 ' })).toEqual({ minutes: 150, reason: '提前到场布置' });
  });
});
