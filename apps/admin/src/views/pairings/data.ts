import type { FormRules } from 'element-plus';
import { monthsOfQuarter, pairingActiveOn, quarterOf, shiftQuarter, type PairingKind } from '@tongxin/shared';
import type { Pairing, PairingListQuery, PracticalMatterListQuery } from '@tongxin/shared/schemas';
import { maxLengthRule, requiredRule } from '../../utils/form-rules';

type Translate = (key: string, params?: Record<string, unknown>) => string;

export type PairingStatus = 'active' | 'ended' | 'upcoming';

/** In force, ended or not started yet, on the day. */
export function statusOf(p: Pick<Pairing, 'startDate' | 'endDate'>, day: string): PairingStatus {
  if (pairingActiveOn(p, day)) return 'active';
  return p.startDate > day ? 'upcoming' : 'ended';
}

export function statusTagType(s: PairingStatus): 'success' | 'info' | 'warning' {
  return s === 'active' ? 'success' : s === 'upcoming' ? 'warning' : 'info';
}

export function kindTagType(k: PairingKind): 'danger' | 'primary' | 'warning' {
  return k === 'team' ? 'danger' : k === 'mentor' ? 'primary' : 'warning';
}

/** Quarters to choose from: `back` before the current one, the current one, `ahead` after it; newest first. */
export function quarterOptions(day: string, back = 7, ahead = 1): string[] {
  const current = quarterOf(day);
  const out: string[] = [];
  for (let i = ahead; i >= -back; i--) out.push(shiftQuarter(current, i));
  return out;
}

/** "2026 年第 1 季度" from "2026-Q1". */
export function quarterText(quarter: string, t: Translate): string {
  return t('pairings.quarterLabel', { year: quarter.slice(0, 4), q: quarter.slice(6) });
}

/** The months of the quarter, for the month picker's default. */
export function firstMonthOf(quarter: string): string {
  return monthsOfQuarter(quarter)[0]!;
}

/** Lines of a textarea → list items: trimmed, blank lines dropped. */
export function linesToItems(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function itemsToLines(items: readonly string[]): string {
  return items.join('\n');
}

/** The theme the pair agreed for the month, if any. */
export function themeOf(p: Pick<Pairing, 'monthlyThemes'>, month: string): string | null {
  return p.monthlyThemes.find((x) => x.month === month)?.theme ?? null;
}

export function periodText(p: Pick<Pairing, 'startDate' | 'endDate'>, t: Translate): string {
  return p.endDate ? t('pairings.periodRange', { from: p.startDate, to: p.endDate }) : t('pairings.periodLine', { from: p.startDate });
}

/** The share as people read it: 50 → "50%", 33.3 → "33.3%". */
export function percentText(n: number): string {
  return `${Number.isInteger(n) ? n : n.toFixed(1)}%`;
}

/** Progress bar colour: met the target, half way, or far off. */
export function percentStatus(n: number, target = 100): 'success' | 'warning' | 'exception' {
  return n >= target ? 'success' : n >= target / 2 ? 'warning' : 'exception';
}

export interface PairingFilters {
  kind: PairingKind | '';
  status: PairingStatus | '';
  regionId: string;
  q: string;
}

export function emptyPairingFilters(): PairingFilters {
  return { kind: '', status: '', regionId: '', q: '' };
}

export function pairingQuery(f: PairingFilters): PairingListQuery {
  return { kind: f.kind || undefined, status: f.status || undefined, regionId: f.regionId || undefined, q: f.q.trim() || undefined };
}

export function matterQuery(f: { regionId: string; quarter: string }): PracticalMatterListQuery {
  return { regionId: f.regionId || undefined, quarter: f.quarter || undefined };
}

/** What each kind asks for in the form (the server refuses the others' fields). */
export function pairingRules(t: Translate, kind: PairingKind | '', mode: 'create' | 'edit'): FormRules {
  const rules: FormRules = {
    startDate: [requiredRule(t, 'pairings.startDate', 'change')],
    note: [maxLengthRule(t, 400)],
  };
  if (mode === 'create') {
    rules.kind = [requiredRule(t, 'pairings.kind', 'change')];
    rules.communityId = [requiredRule(t, 'pairings.community', 'change')];
    if (kind === 'team') rules.partnerTeamId = [requiredRule(t, 'pairings.partnerTeam', 'change')];
    if (kind === 'mentor') rules.mentorAccountId = [requiredRule(t, 'pairings.mentor', 'change')];
  }
  if (kind === 'resource') {
    rules.providerName = [requiredRule(t, 'pairings.providerName'), maxLengthRule(t, 80)];
    rules.providerContact = [maxLengthRule(t, 120)];
  }
  return rules;
}

export function matterRules(t: Translate, mode: 'create' | 'edit'): FormRules {
  const rules: FormRules = {
    title: [requiredRule(t, 'pairings.matterTitle'), maxLengthRule(t, 80)],
    note: [maxLengthRule(t, 1000)],
  };
  if (mode === 'create') rules.communityId = [requiredRule(t, 'pairings.community', 'change')];
  return rules;
}
