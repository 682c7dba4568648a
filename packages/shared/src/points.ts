/**
 * The points bank (志愿服务积分银行): a double-entry ledger of integer points, kept apart from
 * service hours (hours are the record and are never spent; points are earned from them).
 */

/** Who holds points. The town's issuing account is the only one that may go below zero. */
export const POINTS_ACCOUNT_KINDS = ['issuing', 'volunteer', 'team', 'merchant', 'hold'] as const;
export type PointsAccountKind = (typeof POINTS_ACCOUNT_KINDS)[number];

/** Why points moved. Every transaction's entries sum to zero. */
export const POINTS_TXN_KINDS = [
  'earn', // hours confirmed: issuing → volunteer (and team)
  'earn_adjust', // the hours were corrected: the difference, either way
  'grant', // an admin's award with a reason
  'deduct', // an admin's deduction with a reason
  'hold', // a redemption: volunteer → the merchant's hold account
  'settle', // the merchant verified the code: hold → merchant
  'release', // the code expired or was cancelled: hold → volunteer
  'expire', // points older than the town's validity: volunteer → issuing
  'reverse', // a mistake undone: the opposite of another transaction
] as const;
export type PointsTxnKind = (typeof POINTS_TXN_KINDS)[number];

export const POINTS_TXN_LABELS: Record<PointsTxnKind, { zh: string; en: string }> = {
  earn: { zh: '服务积分', en: 'Earned' },
  earn_adjust: { zh: '时长更正', en: 'Hours corrected' },
  grant: { zh: '奖励', en: 'Granted' },
  deduct: { zh: '扣减', en: 'Deducted' },
  hold: { zh: '兑换（冻结）', en: 'Redeemed (held)' },
  settle: { zh: '兑换核销', en: 'Redemption verified' },
  release: { zh: '兑换退回', en: 'Redemption released' },
  expire: { zh: '积分到期', en: 'Expired' },
  reverse: { zh: '冲正', en: 'Reversed' },
};

/** 积分四换: services, training, venues, goods (换服务、换培训、换场地、换实惠). */
export const CATALOG_KINDS = ['service', 'training', 'venue', 'goods'] as const;
export type CatalogKind = (typeof CATALOG_KINDS)[number];
export const CATALOG_KIND_LABELS: Record<CatalogKind, { zh: string; en: string }> = {
  service: { zh: '换服务', en: 'Services' },
  training: { zh: '换培训', en: 'Training' },
  venue: { zh: '换场地', en: 'Venues' },
  goods: { zh: '换实惠', en: 'Goods' },
};

/** A merchant lists, the town moderates; a listed item can be withdrawn by either. */
export const CATALOG_STATUSES = ['pending', 'listed', 'rejected', 'withdrawn'] as const;
export type CatalogStatus = (typeof CATALOG_STATUSES)[number];

export const REDEMPTION_STATUSES = ['held', 'verified', 'expired', 'cancelled'] as const;
export type RedemptionStatus = (typeof REDEMPTION_STATUSES)[number];
export const REDEMPTION_STATUS_LABELS: Record<RedemptionStatus, { zh: string; en: string }> = {
  held: { zh: '待核销', en: 'To verify' },
  verified: { zh: '已核销', en: 'Verified' },
  expired: { zh: '已过期', en: 'Expired' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

export const MERCHANT_KINDS = ['business', 'unit'] as const;
export type MerchantKind = (typeof MERCHANT_KINDS)[number];
export const MERCHANT_KIND_LABELS: Record<MerchantKind, { zh: string; en: string }> = {
  business: { zh: '爱心商家', en: 'Merchant' },
  unit: { zh: '共建单位', en: 'Partner unit' },
};

export const ADJUSTMENT_STATUSES = ['pending', 'posted', 'rejected'] as const;
export type AdjustmentStatus = (typeof ADJUSTMENT_STATUSES)[number];

/** Redemption codes are 8 digits, easy to read out and type on a phone keypad. */
export const REDEMPTION_CODE_PATTERN = '^[0-9]{8}$';

/** The rules a town sets for earning (defaults when a town has not set its own). */
export const DEFAULT_POINTS_RULES = {
  /** Points per confirmed hour of an activity (a category may set its own). */
  activityPerHour: 10,
  /** At most this many minutes of one activity earn points (海林: 2 hours); null: no cap. */
  activityMaxMinutes: 240 as number | null,
  /** Points per hour to the organising team. */
  teamPerHour: 2,
  helpPerHour: 10,
  helpMaxMinutes: 240 as number | null,
  /** A help request rated at least this many stars earns the extra. */
  helpBonusMinStars: 5,
  helpBonusPoints: 5,
  /** A help request rated at most this many stars (a complaint upheld by the community) earns nothing. */
  complaintMaxStars: 2,
  /** Grants and deductions above this size wait for a second person's approval. */
  approvalThreshold: 200,
  /** A redemption code not verified within this many days expires and the points come back. */
  holdDays: 7,
  /** Points older than this many months expire; null: never (the default). */
  expiryMonths: null as number | null,
  expiryWarnDays: 30,
};

/** Points for minutes at a rate, capped; whole points only (rounded down). */
export function pointsFor(minutes: number, perHour: number, maxMinutes: number | null): number {
  const counted = maxMinutes === null ? minutes : Math.min(minutes, maxMinutes);
  return Math.floor((Math.max(0, counted) * perHour) / 60);
}

// ------------------------------------------------------------------ party members' points (党员量化积分)

/**
 * Where an item's count comes from: entered by the branch (attendance, training, deductions), or
 * read from what the platform already records (confirmed service hours, help requests served,
 * household contacts logged), so the two can never disagree.
 */
export const PARTY_POINTS_SOURCES = ['manual', 'volunteer_hours', 'help_answered', 'household_contact'] as const;
export type PartyPointsSource = (typeof PARTY_POINTS_SOURCES)[number];

export interface PartyPointsItemDefault {
  code: string;
  label: string;
  /** Points per unit; negative for a deduction. */
  points: number;
  unit: string;
  /** At most this many points a year from the item (for a deduction: at most this many taken). */
  yearlyCap: number | null;
  /** Share of the pioneer index (the weights of a town sum to 100). */
  weight: number;
  source: PartyPointsSource;
}

/** A town's starting rules (it edits them): 三会一课, 主题党日, training, service, contact, deductions. */
export const DEFAULT_PARTY_POINTS_ITEMS: PartyPointsItemDefault[] = [
  { code: 'meeting', label: '参加三会一课', points: 2, unit: '次', yearlyCap: 40, weight: 25, source: 'manual' },
  { code: 'party_day', label: '参加主题党日', points: 3, unit: '次', yearlyCap: 36, weight: 15, source: 'manual' },
  { code: 'training', label: '参加培训（学时）', points: 1, unit: '学时', yearlyCap: 32, weight: 20, source: 'manual' },
  { code: 'volunteer_hours', label: '志愿服务时长', points: 2, unit: '小时', yearlyCap: 60, weight: 20, source: 'volunteer_hours' },
  { code: 'help_answered', label: '响应群众求助', points: 3, unit: '件', yearlyCap: 30, weight: 10, source: 'help_answered' },
  { code: 'household_contact', label: '联系服务群众', points: 1, unit: '次', yearlyCap: 24, weight: 10, source: 'household_contact' },
  { code: 'absence', label: '无故缺席组织生活', points: -2, unit: '次', yearlyCap: 20, weight: 0, source: 'manual' },
  { code: 'discipline', label: '违反纪律规定', points: -5, unit: '次', yearlyCap: 50, weight: 0, source: 'manual' },
];

/** One item's year: raw points, and what counts after the yearly cap. */
export function cappedPoints(raw: number, cap: number | null): number {
  if (cap === null) return raw;
  return raw >= 0 ? Math.min(raw, cap) : Math.max(raw, -cap);
}

/**
 * 党员先锋指数 (0–100 before deductions): each weighted item contributes its weight times how far
 * the member got towards the item's yearly cap (an uncapped item: towards the best in the group);
 * deductions are then taken off point for point. One decimal.
 */
export function pioneerIndex(items: Array<{ weight: number; cap: number | null; capped: number; best: number }>): number {
  let index = 0;
  for (const it of items) {
    if (it.capped < 0) index += it.capped;
    else if (it.weight > 0) {
      const ref = it.cap ?? it.best;
      if (ref > 0) index += it.weight * Math.min(1, it.capped / ref);
    }
  }
  return Math.round(index * 10) / 10;
}
