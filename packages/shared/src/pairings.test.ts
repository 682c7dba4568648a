import { describe, expect, it } from 'vitest';
import {
  firstSaturday,
  monthOf,
  monthRange,
  monthsOfQuarter,
  pairingActiveOn,
  pairingOverlaps,
  percentOf,
  quarterOf,
  quarterRange,
  shiftMonth,
  shiftQuarter,
} from './pairings.js';

describe('pairing calendar helpers', () => {
  it('finds the first Saturday of a month (红色星期六)', () => {
    expect(firstSaturday('2026-08')).toBe('2026-08-01'); // the 1st is a Saturday
    expect(firstSaturday('2026-03')).toBe('2026-03-07'); // the 1st is a Sunday
    expect(firstSaturday('2026-10')).toBe('2026-10-03');
    expect(firstSaturday('2024-02')).toBe('2024-02-03');
    for (const m of ['2025-01', '2025-06', '2026-12', '2027-05']) {
      const d = firstSaturday(m);
      expect(new Date(`${d}T00:00:00Z`).getUTCDay()).toBe(6);
      expect(Number(d.slice(8))).toBeLessThanOrEqual(7);
    }
  });

  it('names months and quarters and their ranges', () => {
    expect(monthOf('2026-05-17')).toBe('2026-05');
    expect(quarterOf('2026-05-17')).toBe('2026-Q2');
    expect(quarterOf('2026-12')).toBe('2026-Q4');
    expect(quarterOf('2026-01-01')).toBe('2026-Q1');
    expect(monthRange('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(monthRange('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(monthsOfQuarter('2026-Q3')).toEqual(['2026-07', '2026-08', '2026-09']);
    expect(quarterRange('2026-Q4')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftQuarter('2026-Q1', -1)).toBe('2025-Q4');
    expect(shiftQuarter('2026-Q4', 1)).toBe('2027-Q1');
  });

  it('judges a pairing in force on a day and overlapping a period, both ends inclusive', () => {
    const p = { startDate: '2026-03-01', endDate: '2026-06-30' };
    expect(pairingActiveOn(p, '2026-03-01')).toBe(true);
    expect(pairingActiveOn(p, '2026-06-30')).toBe(true);
    expect(pairingActiveOn(p, '2026-07-01')).toBe(false);
    expect(pairingActiveOn(p, '2026-02-28')).toBe(false);
    expect(pairingActiveOn({ startDate: '2026-03-01', endDate: null }, '2099-01-01')).toBe(true);
    expect(pairingOverlaps(p, monthRange('2026-06'))).toBe(true);
    expect(pairingOverlaps(p, monthRange('2026-07'))).toBe(false);
    expect(pairingOverlaps(p, quarterRange('2026-Q1'))).toBe(true);
    expect(pairingOverlaps(p, quarterRange('2025-Q4'))).toBe(false);
  });

  it('rounds percentages to one decimal', () => {
    expect(percentOf(1, 3)).toBe(33.3);
    expect(percentOf(2, 3)).toBe(66.7);
    expect(percentOf(4, 4)).toBe(100);
    expect(percentOf(0, 0)).toBe(0);
  });
});
