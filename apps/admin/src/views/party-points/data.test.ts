import { describe, expect, it } from 'vitest';
import type { FormItemRule } from 'element-plus';
import { DEFAULT_PARTY_POINTS_ITEMS } from '@tongxin/shared';
import type { PartyPointsItem, PartyPointsRow } from '@tongxin/shared/schemas';
import {
  canPublish,
  canReverseEntry,
  defaultEntryDate,
  emptyEntryForm,
  emptyRankingFilters,
  entryBody,
  entryPreview,
  entryRules,
  entryState,
  formatIndex,
  hasProblems,
  indexBarWidth,
  isEntryDateDisabled,
  isFutureYear,
  itemPatches,
  itemProblems,
  itemsToForm,
  lineOf,
  lineTooltip,
  localDate,
  manualItems,
  memberOptions,
  plainNumber,
  pointsClass,
  rankText,
  rankingQuery,
  signedPoints,
  sourceKey,
  weightIgnored,
  weightSum,
  yearFrom,
} from './data';

const t = (key: string, params?: Record<string, unknown>) => (params ? `${key} ${JSON.stringify(params)}` : key);
const items: PartyPointsItem[] = DEFAULT_PARTY_POINTS_ITEMS.map((i) => ({ ...i }));
const NOW = new Date(2026, 10, 23, 15, 0); // 2026-11-23 local

function row(over: Partial<PartyPointsRow> = {}): PartyPointsRow {
  return {
    memberId: 'm1',
    name: '黄小敏',
    orgId: 'o1',
    orgName: '上金湾社区党支部',
    communityId: 'c1',
    communityName: '上金湾社区',
    lines: [
      { item: 'meeting', label: '参加三会一课', quantity: 3, raw: 6, capped: 6 },
      { item: 'volunteer_hours', label: '志愿服务时长', quantity: 40, raw: 80, capped: 60 },
      { item: 'absence', label: '无故缺席组织生活', quantity: 1, raw: -2, capped: -2 },
    ],
    total: 64,
    index: 23.5,
    rankInBranch: 1,
    rankInCommunity: 2,
    ...over,
  };
}

async function runRule(rule: FormItemRule, value: unknown): Promise<string | undefined> {
  return new Promise((resolve) => {
    (rule.validator as (r: unknown, v: unknown, cb: (e?: Error) => void) => void)({}, value, (e) => resolve(e?.message));
  });
}

describe('years and dates', () => {
  it('writes the local day, not UTC', () => {
    expect(localDate(new Date(2026, 0, 5, 0, 30))).toBe('2026-01-05');
  });

  it('reads a year from the picker or the address, never a future or silly one', () => {
    expect(yearFrom('2025', 2026)).toBe(2025);
    expect(yearFrom(['2024'], 2026)).toBe(2024);
    expect(yearFrom(2026, 2026)).toBe(2026);
    expect(yearFrom('2027', 2026)).toBe(2026);
    expect(yearFrom('1999', 2026)).toBe(2026);
    expect(yearFrom('abc', 2026)).toBe(2026);
    expect(yearFrom(undefined, 2026)).toBe(2026);
    expect(yearFrom(null, 2026)).toBe(2026);
  });

  it('offers no future year and no entry date outside the year or after today', () => {
    expect(isFutureYear(new Date(2027, 0, 1), NOW)).toBe(true);
    expect(isFutureYear(new Date(2026, 0, 1), NOW)).toBe(false);
    expect(isEntryDateDisabled(new Date(2026, 10, 23), 2026, NOW)).toBe(false);
    expect(isEntryDateDisabled(new Date(2026, 10, 24), 2026, NOW)).toBe(true);
    expect(isEntryDateDisabled(new Date(2025, 11, 31), 2026, NOW)).toBe(true);
    expect(isEntryDateDisabled(new Date(2025, 11, 31), 2025, NOW)).toBe(false);
  });

  it('dates a new entry today, or on the last day of a past year', () => {
    expect(defaultEntryDate(2026, NOW)).toBe('2026-11-23');
    expect(defaultEntryDate(2024, NOW)).toBe('2024-12-31');
  });
});

describe('ranking', () => {
  it('sends only the filters that are set', () => {
    expect(rankingQuery(emptyRankingFilters(2026))).toEqual({ year: 2026, orgId: undefined, regionId: undefined });
    expect(rankingQuery({ year: 2025, orgId: 'o1', regionId: 'r1' })).toEqual({ year: 2025, orgId: 'o1', regionId: 'r1' });
    expect(emptyRankingFilters(2026, 'o2').orgId).toBe('o2');
  });

  it('signs and colours points', () => {
    expect(signedPoints(6)).toBe('+6');
    expect(signedPoints(-4)).toBe('\u22124');
    expect(signedPoints(0)).toBe('0');
    expect(plainNumber(-5)).toBe('\u22125');
    expect(plainNumber(12)).toBe('12');
    expect(pointsClass(3)).toBe('tx-in');
    expect(pointsClass(-3)).toBe('tx-out');
    expect(pointsClass(0)).toBe('tx-zero');
  });

  it('finds a line, zero when missing', () => {
    expect(lineOf(row(), 'meeting').capped).toBe(6);
    expect(lineOf(row(), 'training')).toEqual({ item: 'training', label: 'training', quantity: 0, raw: 0, capped: 0 });
    expect(lineOf(null, 'meeting').raw).toBe(0);
  });

  it('shows the index with one decimal and a bar within 0–100', () => {
    expect(formatIndex(23.5)).toBe('23.5');
    expect(formatIndex(0)).toBe('0.0');
    expect(formatIndex(100)).toBe('100.0');
    expect(formatIndex(-2)).toBe('\u22122.0');
    expect(formatIndex(12.34)).toBe('12.3');
    expect(indexBarWidth(23.5)).toBe(23.5);
    expect(indexBarWidth(-4)).toBe(0);
    expect(indexBarWidth(120)).toBe(100);
    expect(indexBarWidth(NaN)).toBe(0);
  });

  it('explains a cell: raw points and units, the cap, and what counts when capped', () => {
    const hours = items.find((i) => i.code === 'volunteer_hours')!;
    expect(lineTooltip(lineOf(row(), 'volunteer_hours'), hours, t)).toBe(
      'partyPoints.ranking.tipRaw {"raw":"+80","quantity":40,"unit":"小时"}partyPoints.ranking.tipSeparator' +
        'partyPoints.ranking.tipCap {"cap":60}partyPoints.ranking.tipSeparator' +
        'partyPoints.ranking.tipCapped {"capped":"+60"}',
    );
    const meeting = items.find((i) => i.code === 'meeting')!;
    expect(lineTooltip(lineOf(row(), 'meeting'), { ...meeting, yearlyCap: null }, t)).toBe(
      'partyPoints.ranking.tipRaw {"raw":"+6","quantity":3,"unit":"次"}',
    );
  });

  it('shows a missing community rank as a dash', () => {
    expect(rankText(3)).toBe('3');
    expect(rankText(null)).toBe('—');
    expect(rankText(undefined)).toBe('—');
  });

  it('lists the members by name with their branch', () => {
    const options = memberOptions([row({ memberId: 'b', name: '谭卫东' }), row({ memberId: 'a', name: '黄小敏' })]);
    expect(options.map((o) => o.label)).toEqual(['黄小敏', '谭卫东']);
    expect(options[0]).toEqual({ value: 'a', label: '黄小敏', org: '上金湾社区党支部' });
  });

  it('publishes only a chosen organisation, only for those who manage', () => {
    expect(canPublish('o1', true)).toBe(true);
    expect(canPublish('', true)).toBe(false);
    expect(canPublish(undefined, true)).toBe(false);
    expect(canPublish('o1', false)).toBe(false);
  });
});

describe('entries', () => {
  it('offers only the items entered by hand', () => {
    expect(manualItems(items).map((i) => i.code)).toEqual(['meeting', 'party_day', 'training', 'absence', 'discipline']);
  });

  it('reverses an entry once, never a reversal, only for those who manage', () => {
    expect(canReverseEntry({ reverses: null, reversedBy: null }, true)).toBe(true);
    expect(canReverseEntry({ reverses: null, reversedBy: null }, false)).toBe(false);
    expect(canReverseEntry({ reverses: null, reversedBy: '9' }, true)).toBe(false);
    expect(canReverseEntry({ reverses: '8', reversedBy: null }, true)).toBe(false);
    expect(entryState({ reverses: '8', reversedBy: null })).toBe('reversal');
    expect(entryState({ reverses: null, reversedBy: '9' })).toBe('reversed');
    expect(entryState({ reverses: null, reversedBy: null })).toBeNull();
  });

  it('builds the body with a trimmed reason and a whole quantity', () => {
    const f = emptyEntryForm(2026, 'm1', NOW);
    expect(f).toEqual({ memberId: 'm1', item: '', quantity: 1, on: '2026-11-23', reason: '' });
    expect(entryBody({ ...f, item: 'meeting', quantity: 3, reason: '  三会一课  ' })).toEqual({
      memberId: 'm1',
      item: 'meeting',
      quantity: 3,
      on: '2026-11-23',
      reason: '三会一课',
    });
  });

  it('checks the quantity: required, 1–100, whole', async () => {
    const [rule] = entryRules(t).quantity as FormItemRule[];
    expect(await runRule(rule!, null)).toContain('validation.required');
    expect(await runRule(rule!, 0)).toContain('partyPoints.entry.quantityRange');
    expect(await runRule(rule!, 101)).toContain('partyPoints.entry.quantityRange');
    expect(await runRule(rule!, 1.5)).toContain('partyPoints.entry.quantityRange');
    expect(await runRule(rule!, 100)).toBeUndefined();
  });

  it('previews what an entry adds and whether the cap swallows part of it', () => {
    const meeting = items.find((i) => i.code === 'meeting')!; // +2 / 次, cap 40
    expect(entryPreview(meeting, 3, { raw: 6 })).toEqual({ points: 6, before: 6, after: 12, counted: 12, overCap: false });
    expect(entryPreview(meeting, 5, { raw: 36 })).toEqual({ points: 10, before: 36, after: 46, counted: 40, overCap: true });
    const discipline = items.find((i) => i.code === 'discipline')!; // −5 / 次, cap 50
    expect(entryPreview(discipline, 2, null)).toEqual({ points: -10, before: 0, after: -10, counted: -10, overCap: false });
    expect(entryPreview(discipline, 3, { raw: -45 })).toEqual({ points: -15, before: -45, after: -60, counted: -50, overCap: true });
    expect(entryPreview({ points: 1, yearlyCap: null }, 500, { raw: 0 })?.overCap).toBe(false);
    expect(entryPreview(null, 1, null)).toBeNull();
    expect(entryPreview(meeting, null, null)).toBeNull();
    expect(entryPreview(meeting, 0, null)).toBeNull();
  });
});

describe('items and weights', () => {
  it('names where a count comes from', () => {
    expect(sourceKey('manual')).toBe('partyPoints.sources.manual');
    expect(sourceKey('household_contact')).toBe('partyPoints.sources.household_contact');
  });

  it('adds up the weights (the defaults make 100)', () => {
    expect(weightSum(itemsToForm(items))).toBe(100);
    expect(weightSum([{ weight: 10 }, { weight: null }])).toBe(10);
  });

  it('finds nothing wrong with the defaults', () => {
    expect(hasProblems(itemProblems(itemsToForm(items)))).toBe(false);
  });

  it('refuses what the server refuses: sum over 100, zero points, a counted item deducting, bad caps', () => {
    const rows = itemsToForm(items);
    rows[0]!.weight = 30; // 105
    rows[1]!.points = 0;
    rows[3]!.points = -1; // volunteer_hours
    rows[2]!.yearlyCap = 0;
    rows[4]!.label = '  ';
    rows[5]!.weight = null;
    const p = itemProblems(rows);
    expect(p.sum).toBeUndefined(); // 30 + 15 + 20 + 20 + 10 + 0 = 95 once the null weight counts as 0
    expect(p.rows.party_day).toEqual({ points: 'partyPoints.items.pointsRange' });
    expect(p.rows.volunteer_hours).toEqual({ points: 'partyPoints.items.pointsAutoNegative' });
    expect(p.rows.training).toEqual({ yearlyCap: 'partyPoints.items.capRange' });
    expect(p.rows.help_answered).toEqual({ label: 'partyPoints.items.labelRequired' });
    expect(p.rows.household_contact).toEqual({ weight: 'partyPoints.items.weightRange' });
    rows[5]!.weight = 10;
    expect(itemProblems(rows).sum).toBe('partyPoints.items.weightOver');
    rows[0]!.label = '一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一';
    expect(itemProblems(rows).rows.meeting?.label).toBe('partyPoints.items.labelTooLong');
  });

  it('lets an entered item deduct, and says its weight does nothing', () => {
    const rows = itemsToForm(items);
    expect(itemProblems(rows).rows.absence).toBeUndefined();
    expect(weightIgnored({ points: -2, weight: 5 })).toBe(true);
    expect(weightIgnored({ points: -2, weight: 0 })).toBe(false);
    expect(weightIgnored({ points: 2, weight: 5 })).toBe(false);
  });

  it('sends only changed fields, lowered weights first so every step stays within 100', () => {
    const rows = itemsToForm(items);
    expect(itemPatches(rows, items)).toEqual([]);
    rows[0]!.weight = 35; // meeting +10
    rows[1]!.weight = 5; // party_day −10
    rows[2]!.label = ' 参加培训 ';
    rows[2]!.yearlyCap = null;
    expect(itemPatches(rows, items)).toEqual([
      { code: 'party_day', body: { weight: 5 } },
      { code: 'training', body: { label: '参加培训', yearlyCap: null } },
      { code: 'meeting', body: { weight: 35 } },
    ]);
  });

  it('ignores rows the server does not know', () => {
    const rows = [...itemsToForm(items), { ...itemsToForm(items)[0]!, code: 'gone', label: 'x' }];
    expect(itemPatches(rows, items)).toEqual([]);
  });
});
