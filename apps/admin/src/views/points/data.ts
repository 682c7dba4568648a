import type { FormItemRule, FormRules } from 'element-plus';
import {
  ADJUSTMENT_STATUSES,
  CATALOG_STATUSES,
  POINTS_TXN_LABELS,
  pointsFor,
  type AdjustmentStatus,
  type CatalogKind,
  type CatalogStatus,
  type Locale,
  type MerchantKind,
  type PointsAccountKind,
  type PointsTxnKind,
  type RedemptionStatus,
} from '@tongxin/shared';
import type {
  Adjustment,
  CatalogAdminQuery,
  CatalogItem,
  CreateAdjustmentBody,
  CreateMerchantBody,
  Merchant,
  PointsAccount,
  PointsAccountQuery,
  PointsRules,
  RedemptionQuery,
  StatementLine,
  StatementQuery,
  UpdateMerchantBody,
  UpdatePointsRulesBody,
} from '@tongxin/shared/schemas';
import { maxLengthRule, problemText, requiredRule } from '../../utils/form-rules';
import { enumLabel, type RemoteOption } from '../../utils/people';
import { parseCentre } from '../../utils/validators';

type Translate = (key: string, params?: Record<string, unknown>) => string;
type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info';

export const PAGE_SIZES = [10, 20, 50, 100];
/** The largest amount one grant or deduction may move (the API's limit). */
export const MAX_ADJUSTMENT = 1_000_000;

/** The first value of a query parameter when it is one of `allowed`, else `fallback`. */
export function pickFromQuery<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
}

/** One text from a query parameter ('' when missing). */
export function textFromQuery(value: unknown): string {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' ? v.slice(0, 40) : '';
}

// ── Amounts ─────────────────────────────────────────────────────────────────────────────────────

/** "+20", "−15" (a true minus sign), "0". */
export function signedPoints(n: number): string {
  if (n > 0) return `+${n}`;
  if (n < 0) return `\u2212${Math.abs(n)}`;
  return '0';
}

/** The colour class of an amount: in green, out red. */
export function amountClass(n: number): 'tx-in' | 'tx-out' | '' {
  return n > 0 ? 'tx-in' : n < 0 ? 'tx-out' : '';
}

/** 服务积分, 奖励, 兑换（冻结）… in the UI language. */
export function txnLabel(kind: PointsTxnKind, locale: Locale): string {
  return enumLabel(POINTS_TXN_LABELS, kind, locale);
}

// ── Accounts ────────────────────────────────────────────────────────────────────────────────────

/** The kinds the accounts page shows as tabs (hold accounts are the merchants' in-between, not shown). */
export const ACCOUNT_TABS = ['volunteer', 'team', 'merchant', 'issuing'] as const satisfies readonly PointsAccountKind[];
export type AccountTab = (typeof ACCOUNT_TABS)[number];

export interface AccountFilters {
  kind: AccountTab;
  regionId: string;
  q: string;
}

export function emptyAccountFilters(kind: AccountTab = 'volunteer', q = ''): AccountFilters {
  return { kind, regionId: '', q };
}

export function accountQuery(f: AccountFilters): Omit<PointsAccountQuery, 'page' | 'pageSize'> {
  return { kind: f.kind, regionId: f.regionId || undefined, q: f.q.trim() || undefined };
}

/** Grants and deductions go to volunteers, teams and merchants; never to the town's issuing account. */
export function canAdjust(account: Pick<PointsAccount, 'kind'> | null, canManage: boolean): boolean {
  return canManage && !!account && (account.kind === 'volunteer' || account.kind === 'team' || account.kind === 'merchant');
}

// ── Statement ───────────────────────────────────────────────────────────────────────────────────

/** A date range from the picker ([YYYY-MM-DD, YYYY-MM-DD] or nothing) as the statement's query. */
export function statementRange(range: readonly [string, string] | null | undefined): Pick<StatementQuery, 'from' | 'to'> {
  if (!range || !range[0] || !range[1]) return {};
  return { from: range[0], to: range[1] };
}

/** Only grants and deductions not yet reversed, and only by someone who manages points. */
export function canReverse(line: Pick<StatementLine, 'reversible'>, canManage: boolean): boolean {
  return canManage && line.reversible;
}

/** "积分流水-黄小敏.xlsx" when the server names no file. */
export function statementFileName(name: string): string {
  return `积分流水-${name.replace(/[\\/:*?"<>|]/g, '_')}.xlsx`;
}

// ── Grant or deduct ─────────────────────────────────────────────────────────────────────────────

export type AdjustDirection = 'grant' | 'deduct';

export interface AdjustForm {
  direction: AdjustDirection;
  /** Always positive; the direction gives the sign. */
  amount: number | null;
  reason: string;
}

export function emptyAdjustForm(): AdjustForm {
  return { direction: 'grant', amount: null, reason: '' };
}

/** The signed amount (+ grant, − deduct); null while none is typed. */
export function signedAmount(form: Pick<AdjustForm, 'direction' | 'amount'>): number | null {
  if (form.amount === null || form.amount === undefined || !Number.isFinite(form.amount)) return null;
  const n = Math.abs(Math.trunc(form.amount));
  return form.direction === 'deduct' ? -n : n;
}

export function adjustBody(form: AdjustForm, accountId: string): CreateAdjustmentBody {
  return { accountId, amount: signedAmount(form) ?? 0, reason: form.reason.trim() };
}

/** Above the threshold, a second person must approve (maker–checker); at or below it posts at once. */
export function needsApproval(amount: number | null, threshold: number | null | undefined): boolean {
  return amount !== null && threshold !== null && threshold !== undefined && Math.abs(amount) > threshold;
}

/** The message after submitting: posted at once, or waiting for approval. */
export function adjustOutcomeKey(a: Pick<Adjustment, 'status'>): string {
  return a.status === 'pending' ? 'points.adjust.pendingDone' : 'points.adjust.postedDone';
}

export function adjustRules(t: Translate): FormRules {
  const amount: FormItemRule = {
    trigger: 'blur',
    validator: (_r, value: number | null, cb) => {
      if (value === null || value === undefined) return cb(new Error(t('validation.required', { field: t('points.adjust.amount') })));
      if (!Number.isInteger(value) || value < 1 || value > MAX_ADJUSTMENT) return cb(new Error(t('points.adjust.amountRange')));
      cb();
    },
  };
  return {
    amount: [amount],
    reason: [{ ...requiredRule(t, 'points.adjust.reason'), whitespace: true }, maxLengthRule(t, 200)],
  };
}

// ── Approvals ───────────────────────────────────────────────────────────────────────────────────

export const ADJUSTMENT_TABS = ADJUSTMENT_STATUSES;

export function adjustmentTagType(status: AdjustmentStatus): TagType {
  return status === 'pending' ? 'warning' : status === 'posted' ? 'success' : 'danger';
}

/**
 * What the row offers: approve and reject when the caller may decide; a note when it waits for
 * someone else (the caller asked for it, or cannot approve); nothing once decided.
 */
export function adjustmentState(a: Pick<Adjustment, 'status' | 'canDecide'>): 'decide' | 'waiting' | 'decided' {
  if (a.status !== 'pending') return 'decided';
  return a.canDecide ? 'decide' : 'waiting';
}

// ── Rules ───────────────────────────────────────────────────────────────────────────────────────

export interface CategoryRateRow {
  category: string;
  label: string;
  perHour: number | null;
  /** null: no cap. */
  maxMinutes: number | null;
  teamPerHour: number | null;
}

export interface RulesForm {
  categories: CategoryRateRow[];
  helpPerHour: number | null;
  helpMaxMinutes: number | null;
  helpBonusMinStars: number;
  helpBonusPoints: number | null;
  complaintMaxStars: number;
  approvalThreshold: number | null;
  holdDays: number | null;
  expiryEnabled: boolean;
  expiryMonths: number | null;
  expiryMonth: number;
  expiryDay: number;
  expiryWarnDays: number | null;
}

/** Offered when expiry is switched on and the town had none: two years, like most towns. */
export const DEFAULT_EXPIRY_MONTHS = 24;

export function rulesToForm(r: PointsRules): RulesForm {
  const [month, day] = r.expiryOn.split('-').map(Number);
  return {
    categories: r.categories.map((c) => ({ ...c })),
    helpPerHour: r.helpPerHour,
    helpMaxMinutes: r.helpMaxMinutes,
    helpBonusMinStars: r.helpBonusMinStars,
    helpBonusPoints: r.helpBonusPoints,
    complaintMaxStars: r.complaintMaxStars,
    approvalThreshold: r.approvalThreshold,
    holdDays: r.holdDays,
    expiryEnabled: r.expiryMonths !== null,
    expiryMonths: r.expiryMonths ?? DEFAULT_EXPIRY_MONTHS,
    expiryMonth: month || 12,
    expiryDay: day || 31,
    expiryWarnDays: r.expiryWarnDays,
  };
}

/** Days of a month in a common year (the server refuses 02-29: expiry runs every year). */
export function daysInMonth(month: number): number {
  return new Date(Date.UTC(2001, month, 0)).getUTCDate();
}

export function monthDay(month: number, day: number): string {
  return `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const isInt = (n: number | null | undefined, min: number, max: number): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;
/** A cap is empty (none) or 1 to 1440 minutes. */
const capOk = (n: number | null | undefined) => n === null || n === undefined || isInt(n, 1, 1440);

export type RulesProblemField =
  | 'categories'
  | 'helpPerHour'
  | 'helpMaxMinutes'
  | 'helpBonusPoints'
  | 'complaintMaxStars'
  | 'approvalThreshold'
  | 'holdDays'
  | 'expiryMonths'
  | 'expiryOn'
  | 'expiryWarnDays';

/** What is wrong (i18n keys by field); empty when the rules can be saved. */
export function rulesProblems(f: RulesForm): Partial<Record<RulesProblemField, string>> {
  const out: Partial<Record<RulesProblemField, string>> = {};
  if (!f.categories.every((c) => isInt(c.perHour, 0, 1000) && isInt(c.teamPerHour, 0, 1000) && capOk(c.maxMinutes)))
    out.categories = 'points.rules.problems.categories';
  if (!isInt(f.helpPerHour, 0, 1000)) out.helpPerHour = 'points.rules.problems.perHour';
  if (!capOk(f.helpMaxMinutes)) out.helpMaxMinutes = 'points.rules.problems.cap';
  if (!isInt(f.helpBonusPoints, 0, 1000)) out.helpBonusPoints = 'points.rules.problems.bonus';
  if (f.complaintMaxStars >= f.helpBonusMinStars) out.complaintMaxStars = 'points.rules.problems.complaintBelowBonus';
  if (!isInt(f.approvalThreshold, 1, MAX_ADJUSTMENT)) out.approvalThreshold = 'points.rules.problems.threshold';
  if (!isInt(f.holdDays, 1, 90)) out.holdDays = 'points.rules.problems.holdDays';
  if (f.expiryEnabled && !isInt(f.expiryMonths, 1, 120)) out.expiryMonths = 'points.rules.problems.expiryMonths';
  if (!isInt(f.expiryMonth, 1, 12) || !isInt(f.expiryDay, 1, daysInMonth(f.expiryMonth))) out.expiryOn = 'points.rules.problems.expiryOn';
  if (!isInt(f.expiryWarnDays, 1, 90)) out.expiryWarnDays = 'points.rules.problems.warnDays';
  return out;
}

/** Only what changed (the categories that changed, whole); an empty object when nothing did. */
export function rulesPatch(f: RulesForm, saved: PointsRules): UpdatePointsRulesBody {
  const body: UpdatePointsRulesBody = {};
  const num = (n: number | null) => n ?? 0;
  if (num(f.helpPerHour) !== saved.helpPerHour) body.helpPerHour = num(f.helpPerHour);
  if ((f.helpMaxMinutes ?? null) !== saved.helpMaxMinutes) body.helpMaxMinutes = f.helpMaxMinutes ?? null;
  if (f.helpBonusMinStars !== saved.helpBonusMinStars) body.helpBonusMinStars = f.helpBonusMinStars;
  if (num(f.helpBonusPoints) !== saved.helpBonusPoints) body.helpBonusPoints = num(f.helpBonusPoints);
  if (f.complaintMaxStars !== saved.complaintMaxStars) body.complaintMaxStars = f.complaintMaxStars;
  if (num(f.approvalThreshold) !== saved.approvalThreshold) body.approvalThreshold = num(f.approvalThreshold);
  if (num(f.holdDays) !== saved.holdDays) body.holdDays = num(f.holdDays);
  const months = f.expiryEnabled ? (f.expiryMonths ?? null) : null;
  if (months !== saved.expiryMonths) body.expiryMonths = months;
  const on = monthDay(f.expiryMonth, f.expiryDay);
  if (on !== saved.expiryOn) body.expiryOn = on;
  if (num(f.expiryWarnDays) !== saved.expiryWarnDays) body.expiryWarnDays = num(f.expiryWarnDays);
  const changed = f.categories.filter((c) => {
    const s = saved.categories.find((x) => x.category === c.category);
    return !s || num(c.perHour) !== s.perHour || (c.maxMinutes ?? null) !== s.maxMinutes || num(c.teamPerHour) !== s.teamPerHour;
  });
  if (changed.length)
    body.categories = changed.map((c) => ({
      category: c.category,
      perHour: num(c.perHour),
      maxMinutes: c.maxMinutes ?? null,
      teamPerHour: num(c.teamPerHour),
    }));
  return body;
}

/** "2 小时", "1 小时 30 分钟", "不封顶". */
export function capText(minutes: number | null | undefined, t: Translate): string {
  if (minutes === null || minutes === undefined) return t('points.rules.noCap');
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h && m) return t('points.rules.hoursMinutes', { h, m });
  if (h) return t('points.rules.hours', { h });
  return t('points.rules.minutes', { m });
}

/**
 * The worked example beside each rate: what a 3-hour service earns under it ("服务 3 小时 → 20 分").
 * Points are whole, rounded down, and only minutes up to the cap count.
 */
export const EXAMPLE_MINUTES = 180;
export function examplePoints(perHour: number | null, maxMinutes: number | null, minutes = EXAMPLE_MINUTES): number {
  return pointsFor(minutes, perHour ?? 0, maxMinutes ?? null);
}

// ── Merchants ───────────────────────────────────────────────────────────────────────────────────

export interface MerchantForm {
  name: string;
  kind: MerchantKind;
  regionId: string;
  address: string;
  lat: number | null;
  lng: number | null;
  contact: string;
  intro: string;
  memberAccountIds: string[];
  active: boolean;
}

export function emptyMerchantForm(): MerchantForm {
  return {
    name: '',
    kind: 'business',
    regionId: '',
    address: '',
    lat: null,
    lng: null,
    contact: '',
    intro: '',
    memberAccountIds: [],
    active: true,
  };
}

export function merchantToForm(m: Merchant): MerchantForm {
  return {
    name: m.name,
    kind: m.kind,
    regionId: m.regionId,
    address: m.address,
    lat: m.lat,
    lng: m.lng,
    contact: m.contact,
    intro: m.intro,
    memberAccountIds: m.members.map((x) => x.accountId),
    active: m.active,
  };
}

/** The members already chosen, so the picker shows their names. */
export function memberOptions(m: Pick<Merchant, 'members'> | null): RemoteOption[] {
  return (m?.members ?? []).map((x) => ({ value: x.accountId, label: x.name }));
}

const point = (f: Pick<MerchantForm, 'lat' | 'lng'>) => {
  const c = parseCentre(f.lng, f.lat);
  return c && !('key' in c) ? c : null;
};

export function createMerchantBody(f: MerchantForm): CreateMerchantBody {
  const p = point(f);
  return {
    name: f.name.trim(),
    kind: f.kind,
    regionId: f.regionId,
    address: f.address.trim(),
    lat: p?.lat ?? null,
    lng: p?.lng ?? null,
    contact: f.contact.trim(),
    intro: f.intro.trim(),
    memberAccountIds: [...new Set(f.memberAccountIds)],
  };
}

/** Only what changed (kind and region are fixed once created). */
export function updateMerchantBody(f: MerchantForm, m: Merchant): UpdateMerchantBody {
  const body: UpdateMerchantBody = {};
  if (f.name.trim() !== m.name) body.name = f.name.trim();
  if (f.address.trim() !== m.address) body.address = f.address.trim();
  const p = point(f);
  if ((p?.lat ?? null) !== m.lat || (p?.lng ?? null) !== m.lng) {
    body.lat = p?.lat ?? null;
    body.lng = p?.lng ?? null;
  }
  if (f.contact.trim() !== m.contact) body.contact = f.contact.trim();
  if (f.intro.trim() !== m.intro) body.intro = f.intro.trim();
  if (f.active !== m.active) body.active = f.active;
  const members = [...new Set(f.memberAccountIds)];
  const before = m.members.map((x) => x.accountId);
  if (members.length !== before.length || members.some((id) => !before.includes(id))) body.memberAccountIds = members;
  return body;
}

export function merchantRules(t: Translate, mode: 'create' | 'edit', form: MerchantForm): FormRules {
  const centre: FormItemRule = {
    trigger: 'blur',
    validator: (_r, _v, cb) => {
      const c = parseCentre(form.lng, form.lat);
      cb(c && 'key' in c ? new Error(problemText(c, t)) : undefined);
    },
  };
  return {
    name: [{ ...requiredRule(t, 'points.merchants.name'), whitespace: true }, maxLengthRule(t, 60)],
    regionId: mode === 'create' ? [requiredRule(t, 'points.merchants.region', 'change')] : [],
    address: [{ ...requiredRule(t, 'points.merchants.address'), whitespace: true }, maxLengthRule(t, 120)],
    contact: [maxLengthRule(t, 60)],
    intro: [maxLengthRule(t, 400)],
    lng: [centre],
    lat: [centre],
    memberAccountIds: [
      {
        type: 'array',
        required: true,
        min: 1,
        trigger: 'change',
        message: t('points.merchants.membersRequired'),
      },
      { type: 'array', max: 20, trigger: 'change', message: t('points.merchants.membersMax', { n: 20 }) },
    ],
  };
}

// ── Catalogue ───────────────────────────────────────────────────────────────────────────────────

export const CATALOG_TABS = CATALOG_STATUSES;

export interface CatalogFilters {
  status: CatalogStatus;
  kind: CatalogKind | '';
  merchantId: string;
}

export function emptyCatalogFilters(status: CatalogStatus = 'pending'): CatalogFilters {
  return { status, kind: '', merchantId: '' };
}

export function catalogQuery(f: CatalogFilters): Omit<CatalogAdminQuery, 'page' | 'pageSize'> {
  return { status: f.status, kind: f.kind || undefined, merchantId: f.merchantId || undefined };
}

export type CatalogAction = 'approve' | 'reject' | 'withdraw';

/** What the town may do with an item in each state (the server's rule): list, reject a pending one, withdraw a listed one. */
export function catalogActions(status: CatalogStatus, canManage: boolean): CatalogAction[] {
  if (!canManage) return [];
  if (status === 'pending') return ['approve', 'reject'];
  if (status === 'listed') return ['withdraw'];
  return ['approve'];
}

/** "2026-03-01 ~ 2026-08-28". */
export function validityText(item: Pick<CatalogItem, 'validFrom' | 'validUntil'>): string {
  return `${item.validFrom} ~ ${item.validUntil}`;
}

/** Units left; venue time counts the free places over its coming slots. */
export function stockText(item: Pick<CatalogItem, 'kind' | 'stock' | 'slots'>, t: Translate): string {
  if (item.kind === 'venue') return t('points.catalog.slotsFree', { n: item.stock, slots: item.slots.length });
  return String(item.stock);
}

// ── Redemptions ─────────────────────────────────────────────────────────────────────────────────

export interface RedemptionFilters {
  status: RedemptionStatus | '';
  merchantId: string;
}

export function emptyRedemptionFilters(): RedemptionFilters {
  return { status: '', merchantId: '' };
}

export function redemptionQuery(f: RedemptionFilters): Omit<RedemptionQuery, 'page' | 'pageSize'> {
  return { status: f.status || undefined, merchantId: f.merchantId || undefined };
}

export function redemptionTagType(status: RedemptionStatus): TagType {
  return status === 'held' ? 'warning' : status === 'verified' ? 'success' : 'info';
}
