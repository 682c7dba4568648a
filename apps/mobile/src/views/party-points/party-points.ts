import { DEFAULT_PARTY_POINTS_ITEMS, pioneerIndex, type Locale, type PartyPointsItemDefault } from '@tongxin/shared';
import type { PartyPointsEntry, PartyPointsItem, PartyPointsLine, PartyPointsRow } from '@tongxin/shared/schemas';

export { formatAmount, amountTone } from '../points/points';

/** The year switcher offers this year and this many before it. */
export const YEARS_BACK = 4;

/** This year first, then the years before it: [2026, 2025, 2024, 2023, 2022]. */
export function yearsOf(now: Date, back = YEARS_BACK): number[] {
  const y = now.getFullYear();
  return Array.from({ length: back + 1 }, (_, i) => y - i);
}

/** `?year=2025` when it is one of the offered years, otherwise this year. */
export function yearFromQuery(value: unknown, now: Date, back = YEARS_BACK): number {
  const raw = Array.isArray(value) ? value[0] : value;
  const n = typeof raw === 'string' && /^\d{4}$/.test(raw) ? Number(raw) : NaN;
  return yearsOf(now, back).includes(n) ? n : now.getFullYear();
}

/** The tabs of the page: 我的积分, 支部排名 (a branch secretary only), 公示. */
export type PartyPointsTab = 'mine' | 'branch' | 'notices';

export function tabFromQuery(value: unknown, secretary: boolean): PartyPointsTab {
  if (value === 'notices') return 'notices';
  if (value === 'branch' && secretary) return 'branch';
  return 'mine';
}

/** An index with one decimal, as the server rounds it: 78.5, 80.0, −2.0. */
export function formatIndex(index: number): string {
  const s = (Math.round(index * 10) / 10).toFixed(1);
  return s.startsWith('-') ? `\u2212${s.slice(1)}` : s;
}

/** How far the index bar fills: 0–100 %, deductions below zero shown as empty. */
export const indexPercent = (index: number): number => Math.max(0, Math.min(100, index));

// ------------------------------------------------------------------ item lines

/** What a line needs of its item's rule. */
export type ItemRule = Pick<PartyPointsItem, 'code' | 'points' | 'unit' | 'yearlyCap' | 'weight'>;

export interface LineView extends PartyPointsLine {
  /** 次 / 学时 / 小时 / 件; null when the item is not known here. */
  unit: string | null;
  /** Points per unit (negative for a deduction); null when not known. */
  perUnit: number | null;
  /** The yearly cap; null when uncapped or not known (see `capKnown`). */
  cap: number | null;
  capKnown: boolean;
  /** Share of the index (%), null when not known. */
  weight: number | null;
  /** A deduction (无故缺席, 违反纪律): taken off the index point for point. */
  deduction: boolean;
  /** The cap cut the points (raw beyond it). */
  cut: boolean;
  /** Counted from the records (service hours, help requests served, household contacts), not entered. */
  auto: boolean;
  /** What the line adds to the index (one decimal; negative for a deduction); null when not known. */
  share: number | null;
}

export interface LinesView {
  lines: LineView[];
  /**
   * The caps and weights shown are the town's own (fetched) or the starting rules, which were
   * checked against the server's index; false when neither could be relied on (they are left out).
   */
  rulesKnown: boolean;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function shareOf(line: PartyPointsLine, rule: ItemRule | undefined): number | null {
  if (line.capped < 0) return line.capped;
  if (!rule) return null;
  if (rule.weight === 0) return 0;
  if (rule.yearlyCap === null) return null; // measured against the best in the group, which a member cannot see
  return round1(rule.weight * Math.min(1, line.capped / rule.yearlyCap));
}

/** Do these rules give the index the server gave? (Uncapped weighted items cannot be checked.) */
function rulesAgree(row: Pick<PartyPointsRow, 'lines' | 'index'>, rules: Map<string, ItemRule>): boolean {
  const parts = [];
  for (const l of row.lines) {
    const r = rules.get(l.item);
    if (!r) return false;
    if (r.yearlyCap === null && r.weight > 0 && l.capped > 0) return false;
    if (l.raw !== l.capped && r.yearlyCap !== Math.abs(l.capped)) return false;
    parts.push({ weight: r.weight, cap: r.yearlyCap, capped: l.capped, best: 0 });
  }
  return Math.abs(pioneerIndex(parts) - row.index) < 0.05;
}

/**
 * The item lines of a row with the rule beside each: the town's items when the caller may read them
 * (`items`), otherwise the starting rules (DEFAULT_PARTY_POINTS_ITEMS), used only when they give the
 * index the server gave. Zero deductions are left out (nothing to show); the order is the server's.
 */
export function lineViews(row: Pick<PartyPointsRow, 'lines' | 'index'>, items: readonly ItemRule[] | null): LinesView {
  const fallback = new Map<string, PartyPointsItemDefault>(DEFAULT_PARTY_POINTS_ITEMS.map((i) => [i.code, i]));
  let rules = new Map<string, ItemRule>((items ?? []).map((i) => [i.code, i]));
  let rulesKnown = items !== null;
  if (!rulesKnown) {
    rulesKnown = rulesAgree(row, fallback);
    if (rulesKnown) rules = fallback;
  }
  const lines = row.lines
    .map((l): LineView => {
      const rule = rules.get(l.item);
      const deduction = l.raw < 0 || (rule?.points ?? 0) < 0 || (fallback.get(l.item)?.points ?? 0) < 0;
      const cut = l.raw !== l.capped;
      const capKnown = Boolean(rule) || cut;
      return {
        ...l,
        // The unit cannot be edited by a town: the starting rules know it even when the rest is not relied on.
        unit: rule?.unit ?? fallback.get(l.item)?.unit ?? null,
        perUnit: rule ? rule.points : null,
        cap: rule ? rule.yearlyCap : cut ? Math.abs(l.capped) : null,
        capKnown,
        weight: rule ? rule.weight : null,
        deduction,
        cut,
        // An item's source never changes, so the starting rules know it.
        auto: (fallback.get(l.item)?.source ?? 'manual') !== 'manual',
        share: shareOf(l, rule),
      };
    })
    .filter((l) => !(l.deduction && l.raw === 0));
  return { lines, rulesKnown };
}

const EN_UNITS: Record<string, string> = { 次: 'times', 学时: 'class hours', 小时: 'hours', 件: 'requests' };

/** "3 次" / "3 times": a line's count with its unit (the units are Chinese in the data). */
export function quantityText(quantity: number, unit: string | null, locale: Locale): string {
  if (!unit) return String(quantity);
  if (locale === 'en') return `${quantity} ${EN_UNITS[unit] ?? unit}`;
  return `${quantity} ${unit}`;
}

// ------------------------------------------------------------------ entries and rankings

/** An entered line: as entered, taken back by a later 冲正 (struck through), or the 冲正 itself. */
export type EntryState = 'normal' | 'reversed' | 'reversal';

export const entryState = (e: Pick<PartyPointsEntry, 'reverses' | 'reversedBy'>): EntryState =>
  e.reverses !== null ? 'reversal' : e.reversedBy !== null ? 'reversed' : 'normal';

/**
 * Places in a list ordered best first (the server's order): equal index and total share a place
 * (1, 2, 2, 4). Used for a whole ranking that may span several organisations (a branch and its
 * party groups), where each row's own `rankInBranch` is within its organisation.
 */
export function places(rows: ReadonlyArray<Pick<PartyPointsRow, 'index' | 'total'>>): number[] {
  const out: number[] = [];
  rows.forEach((r, i) => {
    const prev = rows[i - 1];
    out.push(prev && prev.index === r.index && prev.total === r.total ? out[i - 1]! : i + 1);
  });
  return out;
}

/** More than one organisation in a ranking: each row then names its own. */
export const spansOrgs = (rows: ReadonlyArray<Pick<PartyPointsRow, 'orgId'>>): boolean => new Set(rows.map((r) => r.orgId)).size > 1;
