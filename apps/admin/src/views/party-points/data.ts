import type { FormItemRule, FormRules } from 'element-plus';
import type { PartyPointsSource } from '@tongxin/shared';
import type {
  CreatePartyPointsEntryBody,
  PartyPointsEntry,
  PartyPointsItem,
  PartyPointsRankingQuery,
  PartyPointsRow,
  UpdatePartyPointsItemBody,
} from '@tongxin/shared/schemas';
import { maxLengthRule, requiredRule } from '../../utils/form-rules';

type Translate = (key: string, params?: Record<string, unknown>) => string;
type Line = PartyPointsRow['lines'][number];

/** The API's limits (packages/shared/src/schemas/points.ts). */
export const MIN_YEAR = 2000;
export const MAX_QUANTITY = 100;
export const MAX_WEIGHT_SUM = 100;
export const MAX_ITEM_POINTS = 100;
export const MAX_YEARLY_CAP = 10000;

// ── Years and dates ─────────────────────────────────────────────────────────────────────────────

/** YYYY-MM-DD of a date in local time (the town's day, not UTC's). */
export function localDate(d: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function currentYear(now: Date = new Date()): number {
  return now.getFullYear();
}

/** A year from the picker ('2026') or the address (?year=2026); `fallback` when absent or out of range. */
export function yearFrom(value: unknown, fallback: number): number {
  const v = Array.isArray(value) ? value[0] : value;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{4}$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n >= MIN_YEAR && n <= fallback ? n : fallback;
}

/** The picker offers no year after this one (nothing has happened there yet). */
export function isFutureYear(date: Date, now: Date = new Date()): boolean {
  return date.getFullYear() > now.getFullYear();
}

/** An entry's date lies in the year being looked at and not after today. */
export function isEntryDateDisabled(date: Date, year: number, now: Date = new Date()): boolean {
  return date.getFullYear() !== year || localDate(date) > localDate(now);
}

/** Default date of a new entry: today in the current year, else the last day of the year looked at. */
export function defaultEntryDate(year: number, now: Date = new Date()): string {
  return year >= now.getFullYear() ? localDate(now) : `${year}-12-31`;
}

// ── Ranking ─────────────────────────────────────────────────────────────────────────────────────

export interface RankingFilters {
  year: number;
  orgId: string;
  regionId: string;
}

export function emptyRankingFilters(year: number, orgId = ''): RankingFilters {
  return { year, orgId, regionId: '' };
}

export function rankingQuery(f: RankingFilters): PartyPointsRankingQuery {
  return { year: f.year, orgId: f.orgId || undefined, regionId: f.regionId || undefined };
}

/** "+6", "−4" (a true minus sign), "0". */
export function signedPoints(n: number): string {
  if (n > 0) return `+${n}`;
  if (n < 0) return `\u2212${Math.abs(n)}`;
  return '0';
}

/** A number with a true minus sign and no plus ("−5", "0", "12"). */
export function plainNumber(n: number): string {
  return n < 0 ? `\u2212${Math.abs(n)}` : String(n);
}

/** Colour of a number of points: deductions in red, nothing for zero. */
export function pointsClass(n: number): 'tx-in' | 'tx-out' | 'tx-zero' {
  return n > 0 ? 'tx-in' : n < 0 ? 'tx-out' : 'tx-zero';
}

export const isDeduction = (item: Pick<PartyPointsItem, 'points'>): boolean => item.points < 0;

/** A member's line for one item (zero when the server sent none). */
export function lineOf(row: Pick<PartyPointsRow, 'lines'> | null | undefined, code: string): Line {
  return row?.lines.find((l) => l.item === code) ?? { item: code, label: code, quantity: 0, raw: 0, capped: 0 };
}

/** The pioneer index with one decimal ("63.5", "0.0", "−2.0"). */
export function formatIndex(index: number): string {
  const s = (Math.round(index * 10) / 10).toFixed(1);
  return index < 0 ? `\u2212${s.slice(1)}` : s;
}

/** Width of the index bar (0–100 %): the index is out of 100 before deductions. */
export function indexBarWidth(index: number): number {
  if (!Number.isFinite(index)) return 0;
  return Math.max(0, Math.min(100, index));
}

/** "12 分（6 次）；年度上限 40 分" — what a ranking cell's tooltip explains. */
export function lineTooltip(line: Line, item: Pick<PartyPointsItem, 'unit' | 'yearlyCap'>, t: Translate): string {
  const parts = [t('partyPoints.ranking.tipRaw', { raw: signedPoints(line.raw), quantity: line.quantity, unit: item.unit })];
  if (item.yearlyCap !== null) parts.push(t('partyPoints.ranking.tipCap', { cap: item.yearlyCap }));
  if (line.raw !== line.capped) parts.push(t('partyPoints.ranking.tipCapped', { capped: signedPoints(line.capped) }));
  return parts.join(t('partyPoints.ranking.tipSeparator'));
}

/** "2 / 5" style text of a rank; '—' when there is none (no community). */
export function rankText(rank: number | null | undefined): string {
  return rank === null || rank === undefined ? '—' : String(rank);
}

/** Options of the entry dialog's member select: the ranked members, by name, with their branch. */
export function memberOptions(rows: readonly PartyPointsRow[]): Array<{ value: string; label: string; org: string }> {
  const collator = new Intl.Collator('zh-CN');
  return [...rows]
    .sort((a, b) => collator.compare(a.name, b.name) || collator.compare(a.orgName, b.orgName))
    .map((r) => ({ value: r.memberId, label: r.name, org: r.orgName }));
}

/** 公示 goes to one organisation's members, so one must be chosen. */
export function canPublish(orgId: string | null | undefined, canManage: boolean): boolean {
  return canManage && !!orgId;
}

// ── Entries ─────────────────────────────────────────────────────────────────────────────────────

/** Only the items a branch enters by hand; the others are counted from the platform's records. */
export function manualItems(items: readonly PartyPointsItem[]): PartyPointsItem[] {
  return items.filter((i) => i.source === 'manual');
}

/** Entries that can still be undone: not a reversal itself, not reversed yet, by someone who manages. */
export function canReverseEntry(e: Pick<PartyPointsEntry, 'reverses' | 'reversedBy'>, canManage: boolean): boolean {
  return canManage && e.reverses === null && e.reversedBy === null;
}

/** Which tag an entry wears: a reversal, one that was reversed, or none. */
export function entryState(e: Pick<PartyPointsEntry, 'reverses' | 'reversedBy'>): 'reversal' | 'reversed' | null {
  if (e.reverses !== null) return 'reversal';
  if (e.reversedBy !== null) return 'reversed';
  return null;
}

export interface EntryForm {
  memberId: string;
  item: string;
  quantity: number | null;
  on: string;
  reason: string;
}

export function emptyEntryForm(year: number, memberId = '', now: Date = new Date()): EntryForm {
  return { memberId, item: '', quantity: 1, on: defaultEntryDate(year, now), reason: '' };
}

export function entryBody(f: EntryForm): CreatePartyPointsEntryBody {
  return { memberId: f.memberId, item: f.item, quantity: Math.trunc(f.quantity ?? 0), on: f.on, reason: f.reason.trim() };
}

export function entryRules(t: Translate): FormRules {
  const quantity: FormItemRule = {
    trigger: 'blur',
    validator: (_r, value: number | null, cb) => {
      if (value === null || value === undefined) return cb(new Error(t('validation.required', { field: t('partyPoints.entry.quantity') })));
      if (!Number.isInteger(value) || value < 1 || value > MAX_QUANTITY)
        return cb(new Error(t('partyPoints.entry.quantityRange', { n: MAX_QUANTITY })));
      cb();
    },
  };
  return {
    memberId: [requiredRule(t, 'partyPoints.entry.member', 'change')],
    item: [requiredRule(t, 'partyPoints.entry.item', 'change')],
    quantity: [quantity],
    on: [requiredRule(t, 'partyPoints.entry.on', 'change')],
    reason: [{ ...requiredRule(t, 'partyPoints.entry.reason'), whitespace: true }, maxLengthRule(t, 200)],
  };
}

export interface EntryPreview {
  /** What this entry adds (negative for a deduction). */
  points: number;
  /** The item's raw points this year before and after it. */
  before: number;
  after: number;
  /** What will count after the yearly cap. */
  counted: number;
  /** Some of it will not count (the cap is reached). */
  overCap: boolean;
}

/** What an entry would do to the member's year for that item; null until item and quantity are set. */
export function entryPreview(
  item: Pick<PartyPointsItem, 'points' | 'yearlyCap'> | null | undefined,
  quantity: number | null,
  line: Pick<Line, 'raw'> | null,
): EntryPreview | null {
  if (!item || quantity === null || !Number.isInteger(quantity) || quantity < 1) return null;
  const points = quantity * item.points;
  const before = line?.raw ?? 0;
  const after = before + points;
  const cap = item.yearlyCap;
  const counted = cap === null ? after : after >= 0 ? Math.min(after, cap) : Math.max(after, -cap);
  return { points, before, after, counted, overCap: counted !== after };
}

// ── Items and weights ───────────────────────────────────────────────────────────────────────────

/** i18n key of where an item's count comes from (手工登记 / 志愿服务时长自动计 / …). */
export function sourceKey(source: PartyPointsSource): string {
  return `partyPoints.sources.${source}`;
}

export interface ItemRow {
  code: string;
  label: string;
  points: number | null;
  unit: string;
  /** null: no cap. */
  yearlyCap: number | null;
  weight: number | null;
  source: PartyPointsSource;
}

export function itemsToForm(items: readonly PartyPointsItem[]): ItemRow[] {
  return items.map((i) => ({ ...i }));
}

export function weightSum(rows: ReadonlyArray<Pick<ItemRow, 'weight'>>): number {
  return rows.reduce((s, r) => s + (r.weight ?? 0), 0);
}

export type ItemField = 'label' | 'points' | 'yearlyCap' | 'weight';
export interface ItemProblems {
  /** Per item code, per field: the i18n key of what is wrong. */
  rows: Record<string, Partial<Record<ItemField, string>>>;
  /** The weights add up to more than 100. */
  sum?: string;
}

const int = (v: number | null, min: number, max: number) => v !== null && Number.isInteger(v) && v >= min && v <= max;

/** What the server would refuse, found before sending (the same limits and rules). */
export function itemProblems(rows: readonly ItemRow[]): ItemProblems {
  const out: ItemProblems = { rows: {} };
  for (const r of rows) {
    const p: Partial<Record<ItemField, string>> = {};
    if (!r.label.trim()) p.label = 'partyPoints.items.labelRequired';
    else if (r.label.trim().length > 30) p.label = 'partyPoints.items.labelTooLong';
    if (!int(r.points, -MAX_ITEM_POINTS, MAX_ITEM_POINTS) || r.points === 0) p.points = 'partyPoints.items.pointsRange';
    else if (r.source !== 'manual' && r.points! < 0) p.points = 'partyPoints.items.pointsAutoNegative';
    if (r.yearlyCap !== null && !int(r.yearlyCap, 1, MAX_YEARLY_CAP)) p.yearlyCap = 'partyPoints.items.capRange';
    if (!int(r.weight, 0, 100)) p.weight = 'partyPoints.items.weightRange';
    if (Object.keys(p).length) out.rows[r.code] = p;
  }
  if (weightSum(rows) > MAX_WEIGHT_SUM) out.sum = 'partyPoints.items.weightOver';
  return out;
}

export const hasProblems = (p: ItemProblems): boolean => !!p.sum || Object.keys(p.rows).length > 0;

/** A deduction's weight does nothing: it is taken off point for point. */
export function weightIgnored(row: Pick<ItemRow, 'points' | 'weight'>): boolean {
  return (row.points ?? 0) < 0 && (row.weight ?? 0) > 0;
}

/**
 * The changes to send, one PATCH per changed item. The server checks the weights' sum after each
 * one, so items whose weight goes down are saved first: every step then stays within the final sum.
 */
export function itemPatches(
  rows: readonly ItemRow[],
  saved: readonly PartyPointsItem[],
): Array<{ code: string; body: UpdatePartyPointsItemBody }> {
  const before = new Map(saved.map((s) => [s.code, s]));
  const out: Array<{ code: string; body: UpdatePartyPointsItemBody; delta: number }> = [];
  for (const r of rows) {
    const s = before.get(r.code);
    if (!s) continue;
    const body: UpdatePartyPointsItemBody = {};
    if (r.label.trim() !== s.label) body.label = r.label.trim();
    if (r.points !== null && r.points !== s.points) body.points = r.points;
    if (r.yearlyCap !== s.yearlyCap) body.yearlyCap = r.yearlyCap;
    if (r.weight !== null && r.weight !== s.weight) body.weight = r.weight;
    if (Object.keys(body).length) out.push({ code: r.code, body, delta: (r.weight ?? s.weight) - s.weight });
  }
  return out.sort((a, b) => a.delta - b.delta).map(({ code, body }) => ({ code, body }));
}
