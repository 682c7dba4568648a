import { describe, expect, it } from 'vitest';
import {
  emptyPairingFilters,
  itemsToLines,
  linesToItems,
  pairingQuery,
  pairingRules,
  percentStatus,
  percentText,
  quarterOptions,
  statusOf,
  themeOf,
} from './data';

const t = (key: string, params?: Record<string, unknown>) => (params ? `${key}:${JSON.stringify(params)}` : key);

describe('pairings view helpers', () => {
  it('tells active, ended and upcoming pairings apart, both ends inclusive', () => {
    const p = { startDate: '2026-03-01', endDate: '2026-06-30' };
    expect(statusOf(p, '2026-03-01')).toBe('active');
    expect(statusOf(p, '2026-06-30')).toBe('active');
    expect(statusOf(p, '2026-07-01')).toBe('ended');
    expect(statusOf(p, '2026-02-28')).toBe('upcoming');
    expect(statusOf({ startDate: '2026-03-01', endDate: null }, '2030-01-01')).toBe('active');
  });

  it('offers recent quarters, newest first, with the next one', () => {
    expect(quarterOptions('2026-02-10', 2, 1)).toEqual(['2026-Q2', '2026-Q1', '2025-Q4', '2025-Q3']);
  });

  it('turns textarea lines into list items and back', () => {
    expect(linesToItems(' 助餐 \n\n义诊\r\n  ')).toEqual(['助餐', '义诊']);
    expect(itemsToLines(['助餐', '义诊'])).toBe('助餐\n义诊');
  });

  it('shows percentages and how far they are from the target', () => {
    expect(percentText(50)).toBe('50%');
    expect(percentText(33.3)).toBe('33.3%');
    expect(percentStatus(100)).toBe('success');
    expect(percentStatus(50)).toBe('warning');
    expect(percentStatus(25)).toBe('exception');
  });

  it('finds the theme of a month and builds the list query', () => {
    expect(themeOf({ monthlyThemes: [{ month: '2026-03', theme: '防汛', updatedAt: '' }] }, '2026-03')).toBe('防汛');
    expect(themeOf({ monthlyThemes: [] }, '2026-03')).toBeNull();
    expect(pairingQuery({ ...emptyPairingFilters(), kind: 'team', q: '  卫生院 ' })).toEqual({
      kind: 'team',
      status: undefined,
      regionId: undefined,
      q: '卫生院',
    });
  });

  it('asks each kind for its own partner', () => {
    expect(Object.keys(pairingRules(t, 'team', 'create'))).toContain('partnerTeamId');
    expect(Object.keys(pairingRules(t, 'mentor', 'create'))).toContain('mentorAccountId');
    expect(Object.keys(pairingRules(t, 'resource', 'create'))).toContain('providerName');
    expect(Object.keys(pairingRules(t, 'team', 'edit'))).not.toContain('partnerTeamId');
  });
});
