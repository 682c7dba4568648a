import { describe, expect, it } from 'vitest';
import { DEFAULT_PARTY_POINTS_ITEMS, pioneerIndex } from '@tongxin/shared';
import type { PartyPointsLine } from '@tongxin/shared/schemas';
import {
  entryState,
  formatIndex,
  indexPercent,
  lineViews,
  places,
  quantityText,
  spansOrgs,
  tabFromQuery,
  yearFromQuery,
  yearsOf,
  type ItemRule,
} from './party-points';

const NOW = new Date(2026, 10, 23, 10, 0);

/** Lines as the server makes them from the starting rules and these counts / raw points. */
function linesOf(raw: Partial<Record<string, [quantity: number, raw: number]>>): PartyPointsLine[] {
  return DEFAULT_PARTY_POINTS_ITEMS.map((it) => {
    const [quantity, points] = raw[it.code] ?? [0, 0];
    const cap = it.yearlyCap;
    const capped = cap === null ? points : points >= 0 ? Math.min(points, cap) : Math.max(points, -cap);
    return { item: it.code, label: it.label, quantity, raw: points, capped };
  });
}
const indexOf = (lines: PartyPointsLine[], rules: ItemRule[] = DEFAULT_PARTY_POINTS_ITEMS) =>
  pioneerIndex(
    lines.map((l) => {
      const r = rules.find((x) => x.code === l.item)!;
      return { weight: r.weight, cap: r.yearlyCap, capped: l.capped, best: 0 };
    }),
  );

describe('years and tabs', () => {
  it('offers this year and the four before it, newest first', () => {
    expect(yearsOf(NOW)).toEqual([2026, 2025, 2024, 2023, 2022]);
    expect(yearsOf(NOW, 1)).toEqual([2026, 2025]);
  });

  it('takes ?year= only when it is one of the offered years', () => {
    expect(yearFromQuery('2024', NOW)).toBe(2024);
    expect(yearFromQuery(['2025'], NOW)).toBe(2025);
    expect(yearFromQuery(undefined, NOW)).toBe(2026);
    expect(yearFromQuery('2027', NOW)).toBe(2026);
    expect(yearFromQuery('2019', NOW)).toBe(2026);
    expect(yearFromQuery('20x5', NOW)).toBe(2026);
  });

  it('opens 支部排名 only for a branch secretary', () => {
    expect(tabFromQuery('branch', true)).toBe('branch');
    expect(tabFromQuery('branch', false)).toBe('mine');
    expect(tabFromQuery('notices', false)).toBe('notices');
    expect(tabFromQuery('x', true)).toBe('mine');
    expect(tabFromQuery(undefined, true)).toBe('mine');
  });
});

describe('numbers', () => {
  it('prints the index with one decimal and a true minus sign', () => {
    expect(formatIndex(78.45)).toBe('78.5');
    expect(formatIndex(80)).toBe('80.0');
    expect(formatIndex(-2)).toBe('\u22122.0');
    expect(formatIndex(0)).toBe('0.0');
  });

  it('fills the bar between 0 and 100', () => {
    expect(indexPercent(55.5)).toBe(55.5);
    expect(indexPercent(-3)).toBe(0);
    expect(indexPercent(120)).toBe(100);
  });

  it('writes a count with its unit, in English too', () => {
    expect(quantityText(3, '次', 'zh-CN')).toBe('3 次');
    expect(quantityText(12, '小时', 'en')).toBe('12 hours');
    expect(quantityText(2, '学时', 'en')).toBe('2 class hours');
    expect(quantityText(2, '回', 'en')).toBe('2 回');
    expect(quantityText(4, null, 'zh-CN')).toBe('4');
  });
});

describe('lineViews', () => {
  it('puts the starting rules beside each line when they give the server’s index', () => {
    const lines = linesOf({ meeting: [3, 6], volunteer_hours: [35, 70], absence: [1, -2] });
    const { lines: view, rulesKnown } = lineViews({ lines, index: indexOf(lines) }, null);
    expect(rulesKnown).toBe(true);
    const meeting = view.find((l) => l.item === 'meeting')!;
    expect(meeting).toMatchObject({
      unit: '次',
      perUnit: 2,
      cap: 40,
      capKnown: true,
      weight: 25,
      deduction: false,
      cut: false,
      auto: false,
    });
    expect(meeting.share).toBe(3.8); // 25 × 6 / 40 = 3.75
    const hours = view.find((l) => l.item === 'volunteer_hours')!;
    expect(hours).toMatchObject({ raw: 70, capped: 60, cap: 60, cut: true, weight: 20, share: 20, auto: true, unit: '小时' });
    const absence = view.find((l) => l.item === 'absence')!;
    expect(absence).toMatchObject({ perUnit: -2, deduction: true, capped: -2, share: -2, weight: 0, cap: 20 });
  });

  it('leaves out deductions that took nothing', () => {
    const lines = linesOf({ meeting: [1, 2] });
    const { lines: view } = lineViews({ lines, index: indexOf(lines) }, null);
    expect(view.map((l) => l.item)).toEqual(['meeting', 'party_day', 'training', 'volunteer_hours', 'help_answered', 'household_contact']);
  });

  it('drops caps and weights it cannot rely on when the town changed its rules', () => {
    const edited = DEFAULT_PARTY_POINTS_ITEMS.map((i) => (i.code === 'meeting' ? { ...i, weight: 35, yearlyCap: 20 } : i));
    const lines = linesOf({ meeting: [3, 6], training: [40, 40] });
    const { lines: view, rulesKnown } = lineViews({ lines, index: indexOf(lines, edited) }, null);
    expect(rulesKnown).toBe(false);
    const meeting = view.find((l) => l.item === 'meeting')!;
    expect(meeting).toMatchObject({ unit: '次', perUnit: null, cap: null, capKnown: false, weight: null, share: null });
    // A cut line still tells its cap: what it was cut to.
    expect(view.find((l) => l.item === 'training')).toMatchObject({ cap: 32, capKnown: true, cut: true, weight: null });
  });

  it('uses the town’s own items when the caller may read them', () => {
    const edited: ItemRule[] = DEFAULT_PARTY_POINTS_ITEMS.map((i) => (i.code === 'meeting' ? { ...i, weight: 35, yearlyCap: 20 } : i));
    const lines = linesOf({ meeting: [3, 6] });
    const { lines: view, rulesKnown } = lineViews({ lines, index: 999 }, edited);
    expect(rulesKnown).toBe(true);
    expect(view.find((l) => l.item === 'meeting')).toMatchObject({ cap: 20, weight: 35, share: 10.5 });
  });

  it('knows no share for an uncapped item (it is measured against the best in the group)', () => {
    const rules: ItemRule[] = DEFAULT_PARTY_POINTS_ITEMS.map((i) => (i.code === 'meeting' ? { ...i, yearlyCap: null } : i));
    const lines = linesOf({ meeting: [3, 6] });
    const { lines: view } = lineViews({ lines, index: 25 }, rules);
    expect(view.find((l) => l.item === 'meeting')).toMatchObject({ cap: null, capKnown: true, share: null });
  });
});

describe('entries and rankings', () => {
  it('tells an entry, a reversed entry and the reversal apart', () => {
    expect(entryState({ reverses: null, reversedBy: null })).toBe('normal');
    expect(entryState({ reverses: null, reversedBy: '9' })).toBe('reversed');
    expect(entryState({ reverses: '8', reversedBy: null })).toBe('reversal');
  });

  it('gives equal index and total the same place', () => {
    const rows = [
      { index: 80, total: 100 },
      { index: 70, total: 90 },
      { index: 70, total: 90 },
      { index: 70, total: 80 },
      { index: 10, total: 5 },
    ];
    expect(places(rows)).toEqual([1, 2, 2, 4, 5]);
    expect(places([])).toEqual([]);
  });

  it('notices when a ranking spans several organisations', () => {
    expect(spansOrgs([{ orgId: 'a' }, { orgId: 'a' }])).toBe(false);
    expect(spansOrgs([{ orgId: 'a' }, { orgId: 'b' }])).toBe(true);
  });
});
