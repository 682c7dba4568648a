import { Type, type Static } from 'typebox';
import {
  ADJUSTMENT_STATUSES,
  CATALOG_KINDS,
  CATALOG_STATUSES,
  MERCHANT_KINDS,
  PARTY_POINTS_SOURCES,
  POINTS_ACCOUNT_KINDS,
  POINTS_TXN_KINDS,
  REDEMPTION_CODE_PATTERN,
  REDEMPTION_STATUSES,
} from '../points.js';
import { Id, PageQuery, Text, Timestamp, SearchText } from './common.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([Type.Null(), t]);
const LocalDate = Type.String({ format: 'date' });
const Lat = Type.Number({ minimum: -90, maximum: 90 });
const Lng = Type.Number({ minimum: -180, maximum: 180 });
/** Points are whole numbers; one movement is at most a million. */
const Points = Type.Integer({ minimum: 1, maximum: 1_000_000 });
const Balance = Type.Integer();

export const PointsAccountKindSchema = Type.Enum(POINTS_ACCOUNT_KINDS);
export const PointsTxnKindSchema = Type.Enum(POINTS_TXN_KINDS);
export const CatalogKindSchema = Type.Enum(CATALOG_KINDS);
export const CatalogStatusSchema = Type.Enum(CATALOG_STATUSES);
export const RedemptionStatusSchema = Type.Enum(REDEMPTION_STATUSES);
export const MerchantKindSchema = Type.Enum(MERCHANT_KINDS);
export const AdjustmentStatusSchema = Type.Enum(ADJUSTMENT_STATUSES);

// ------------------------------------------------------------------ rules

export const PointsCategoryRate = Type.Object({
  /** An activity category code. */
  category: Type.String(),
  label: Type.String(),
  perHour: Type.Integer({ minimum: 0, maximum: 1000 }),
  maxMinutes: Nullable(Type.Integer({ minimum: 1, maximum: 1440 })),
  teamPerHour: Type.Integer({ minimum: 0, maximum: 1000 }),
});
export type PointsCategoryRate = Static<typeof PointsCategoryRate>;

export const PointsRules = Type.Object({
  helpPerHour: Type.Integer({ minimum: 0, maximum: 1000 }),
  helpMaxMinutes: Nullable(Type.Integer({ minimum: 1, maximum: 1440 })),
  helpBonusMinStars: Type.Integer({ minimum: 1, maximum: 5 }),
  helpBonusPoints: Type.Integer({ minimum: 0, maximum: 1000 }),
  complaintMaxStars: Type.Integer({ minimum: 0, maximum: 4 }),
  approvalThreshold: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  holdDays: Type.Integer({ minimum: 1, maximum: 90 }),
  /** Points older than this many months expire on `expiryOn` each year; null: never. */
  expiryMonths: Nullable(Type.Integer({ minimum: 1, maximum: 120 })),
  /** Month and day (MM-DD) on which expiry runs. */
  expiryOn: Type.String({ pattern: '^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' }),
  expiryWarnDays: Type.Integer({ minimum: 1, maximum: 90 }),
  categories: Type.Array(PointsCategoryRate),
});
export type PointsRules = Static<typeof PointsRules>;

export const UpdatePointsRulesBody = Type.Partial(
  Type.Object({
    helpPerHour: PointsRules.properties.helpPerHour,
    helpMaxMinutes: PointsRules.properties.helpMaxMinutes,
    helpBonusMinStars: PointsRules.properties.helpBonusMinStars,
    helpBonusPoints: PointsRules.properties.helpBonusPoints,
    complaintMaxStars: PointsRules.properties.complaintMaxStars,
    approvalThreshold: PointsRules.properties.approvalThreshold,
    holdDays: PointsRules.properties.holdDays,
    expiryMonths: PointsRules.properties.expiryMonths,
    expiryOn: PointsRules.properties.expiryOn,
    expiryWarnDays: PointsRules.properties.expiryWarnDays,
    categories: Type.Array(
      Type.Object({
        category: Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$' }),
        perHour: PointsCategoryRate.properties.perHour,
        maxMinutes: PointsCategoryRate.properties.maxMinutes,
        teamPerHour: PointsCategoryRate.properties.teamPerHour,
      }),
      { maxItems: 50 },
    ),
  }),
);
export type UpdatePointsRulesBody = Static<typeof UpdatePointsRulesBody>;

// ------------------------------------------------------------------ accounts and statements

export const PointsAccount = Type.Object({
  id: Id,
  kind: PointsAccountKindSchema,
  /** Who holds it: the volunteer's, team's or merchant's name; the town for the issuing account. */
  name: Type.String(),
  ownerId: Nullable(Id),
  regionId: Id,
  regionName: Type.String(),
  balance: Balance,
  updatedAt: Timestamp,
});
export type PointsAccount = Static<typeof PointsAccount>;
export const PointsAccountPage = Type.Object({
  items: Type.Array(PointsAccount),
  total: Type.Integer({ minimum: 0 }),
  totalCapped: Type.Optional(Type.Boolean({ description: 'true: more than `total` rows match; total is the cap' })),
});
export type PointsAccountPage = Static<typeof PointsAccountPage>;
export const PointsAccountQuery = Type.Object({
  ...PageQuery.properties,
  kind: Type.Optional(PointsAccountKindSchema),
  regionId: Type.Optional(Id),
  q: Type.Optional(SearchText),
});
export type PointsAccountQuery = Static<typeof PointsAccountQuery>;

/** One line of a statement: one entry of one account, with the transaction it belongs to. */
export const StatementLine = Type.Object({
  entryId: Type.String(),
  txnId: Id,
  kind: PointsTxnKindSchema,
  amount: Type.Integer(),
  balanceAfter: Balance,
  memo: Type.String(),
  at: Timestamp,
  /** What it is about, where there is one. */
  serviceRecordId: Nullable(Id),
  redemptionId: Nullable(Id),
  /** The transaction this one reversed, or the one that reversed it. */
  reverses: Nullable(Id),
  reversedBy: Nullable(Id),
  reversible: Type.Boolean(),
});
export type StatementLine = Static<typeof StatementLine>;
export const Statement = Type.Object({
  account: PointsAccount,
  items: Type.Array(StatementLine),
  total: Type.Integer({ minimum: 0 }),
});
export type Statement = Static<typeof Statement>;
export const StatementQuery = Type.Object({ ...PageQuery.properties, from: Type.Optional(LocalDate), to: Type.Optional(LocalDate) });
export type StatementQuery = Static<typeof StatementQuery>;

export const MyPoints = Type.Object({
  account: PointsAccount,
  /** Points held by codes not yet verified. */
  held: Type.Integer({ minimum: 0 }),
  earned: Type.Integer({ minimum: 0 }),
  spent: Type.Integer({ minimum: 0 }),
  /** Points that expire on the next expiry date (0 when expiry is off). */
  expiring: Type.Integer({ minimum: 0 }),
  expiringOn: Nullable(LocalDate),
  /** Confirmed service hours (minutes): the record, separate from points. */
  serviceMinutes: Type.Integer({ minimum: 0 }),
});
export type MyPoints = Static<typeof MyPoints>;

// ------------------------------------------------------------------ adjustments (grants, deductions) and reversals

export const CreateAdjustmentBody = Type.Object({
  accountId: Id,
  /** Positive to grant, negative to deduct. */
  amount: Type.Integer({ minimum: -1_000_000, maximum: 1_000_000 }),
  reason: Text(200),
});
export type CreateAdjustmentBody = Static<typeof CreateAdjustmentBody>;

export const Adjustment = Type.Object({
  id: Id,
  accountId: Id,
  accountName: Type.String(),
  accountKind: PointsAccountKindSchema,
  amount: Type.Integer(),
  reason: Type.String(),
  status: AdjustmentStatusSchema,
  requestedBy: Type.String(),
  requestedById: Id,
  requestedAt: Timestamp,
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Timestamp),
  decisionReason: Nullable(Type.String()),
  txnId: Nullable(Id),
  /** The caller may approve or reject it (a second person with the right). */
  canDecide: Type.Boolean(),
});
export type Adjustment = Static<typeof Adjustment>;
export const AdjustmentList = Type.Object({ items: Type.Array(Adjustment) });
export type AdjustmentList = Static<typeof AdjustmentList>;
export const AdjustmentQuery = Type.Object({ status: Type.Optional(AdjustmentStatusSchema) });
export type AdjustmentQuery = Static<typeof AdjustmentQuery>;
export const DecisionBody = Type.Object({ reason: Type.Optional(Text(200)) });
export type DecisionBody = Static<typeof DecisionBody>;
export const ReverseBody = Type.Object({ reason: Text(200) });
export type ReverseBody = Static<typeof ReverseBody>;
export const PointsTxn = Type.Object({
  id: Id,
  kind: PointsTxnKindSchema,
  memo: Type.String(),
  at: Timestamp,
  reverses: Nullable(Id),
  entries: Type.Array(Type.Object({ accountId: Id, accountName: Type.String(), amount: Type.Integer() })),
});
export type PointsTxn = Static<typeof PointsTxn>;

// ------------------------------------------------------------------ merchants

export const Merchant = Type.Object({
  id: Id,
  name: Type.String(),
  kind: MerchantKindSchema,
  regionId: Id,
  regionName: Type.String(),
  address: Type.String(),
  lat: Nullable(Lat),
  lng: Nullable(Lng),
  contact: Type.String(),
  intro: Type.String(),
  active: Type.Boolean(),
  members: Type.Array(Type.Object({ accountId: Id, name: Type.String() })),
  /** The merchant's points account (statement), once it has one. */
  pointsAccountId: Nullable(Id),
  balance: Balance,
  held: Balance,
  items: Type.Integer({ minimum: 0 }),
});
export type Merchant = Static<typeof Merchant>;
export const MerchantList = Type.Object({ items: Type.Array(Merchant) });
export type MerchantList = Static<typeof MerchantList>;
export const CreateMerchantBody = Type.Object({
  name: Text(60),
  kind: MerchantKindSchema,
  regionId: Id,
  address: Text(120),
  lat: Type.Optional(Nullable(Lat)),
  lng: Type.Optional(Nullable(Lng)),
  contact: Type.Optional(Text(60, 0)),
  intro: Type.Optional(Text(400, 0)),
  /** Accounts that verify codes and keep the items (they are given the merchant role here). */
  memberAccountIds: Type.Array(Id, { minItems: 1, maxItems: 20 }),
});
export type CreateMerchantBody = Static<typeof CreateMerchantBody>;
export const UpdateMerchantBody = Type.Partial(
  Type.Object({
    name: Text(60),
    address: Text(120),
    lat: Nullable(Lat),
    lng: Nullable(Lng),
    contact: Text(60, 0),
    intro: Text(400, 0),
    active: Type.Boolean(),
    memberAccountIds: Type.Array(Id, { minItems: 1, maxItems: 20 }),
  }),
);
export type UpdateMerchantBody = Static<typeof UpdateMerchantBody>;

// ------------------------------------------------------------------ catalogue

export const CatalogSlot = Type.Object({
  id: Id,
  startsAt: Timestamp,
  endsAt: Timestamp,
  capacity: Type.Integer({ minimum: 1 }),
  taken: Type.Integer({ minimum: 0 }),
});
export type CatalogSlot = Static<typeof CatalogSlot>;

export const CatalogItem = Type.Object({
  id: Id,
  merchantId: Id,
  merchantName: Type.String(),
  kind: CatalogKindSchema,
  title: Type.String(),
  description: Type.String(),
  price: Type.Integer({ minimum: 1 }),
  /** Units left (for venue time: free places over the coming slots). */
  stock: Type.Integer({ minimum: 0 }),
  perPersonLimit: Type.Integer({ minimum: 1 }),
  validFrom: LocalDate,
  validUntil: LocalDate,
  collectAt: Type.String(),
  lat: Nullable(Lat),
  lng: Nullable(Lng),
  /** Metres from the caller's position, when the caller sent one. */
  distanceM: Nullable(Type.Integer()),
  photoUrl: Nullable(Type.String()),
  status: CatalogStatusSchema,
  moderationReason: Nullable(Type.String()),
  /** For the caller: how many they may still redeem (limit minus held and verified). */
  remainingForMe: Nullable(Type.Integer({ minimum: 0 })),
  slots: Type.Array(CatalogSlot),
  createdAt: Timestamp,
});
export type CatalogItem = Static<typeof CatalogItem>;
export const CatalogPage = Type.Object({ items: Type.Array(CatalogItem), total: Type.Integer({ minimum: 0 }) });
export type CatalogPage = Static<typeof CatalogPage>;
export const CatalogQuery = Type.Object({
  ...PageQuery.properties,
  kind: Type.Optional(CatalogKindSchema),
  lat: Type.Optional(Lat),
  lng: Type.Optional(Lng),
  q: Type.Optional(SearchText),
});
export type CatalogQuery = Static<typeof CatalogQuery>;
export const CatalogAdminQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(CatalogStatusSchema),
  kind: Type.Optional(CatalogKindSchema),
  merchantId: Type.Optional(Id),
});
export type CatalogAdminQuery = Static<typeof CatalogAdminQuery>;

const SlotInput = Type.Object({
  startsAt: Timestamp,
  endsAt: Timestamp,
  capacity: Type.Integer({ minimum: 1, maximum: 500 }),
});
export const CreateCatalogItemBody = Type.Object({
  kind: CatalogKindSchema,
  title: Text(60),
  description: Type.Optional(Text(1000, 0)),
  price: Points,
  /** Units on offer; venue time is stocked by its slots instead. */
  stock: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  perPersonLimit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  validFrom: LocalDate,
  validUntil: LocalDate,
  collectAt: Text(120),
  lat: Type.Optional(Nullable(Lat)),
  lng: Type.Optional(Nullable(Lng)),
  photoId: Type.Optional(Nullable(Id)),
  slots: Type.Optional(Type.Array(SlotInput, { maxItems: 200 })),
});
export type CreateCatalogItemBody = Static<typeof CreateCatalogItemBody>;
export const UpdateCatalogItemBody = Type.Partial(
  Type.Object({
    title: Text(60),
    description: Text(1000, 0),
    price: Points,
    /** Units added (positive) or taken off (negative) the shelf. */
    restock: Type.Integer({ minimum: -100_000, maximum: 100_000 }),
    perPersonLimit: Type.Integer({ minimum: 1, maximum: 100 }),
    validUntil: LocalDate,
    collectAt: Text(120),
    /** A new photo (uploaded to /api/attachments), or null to remove it. */
    photoId: Nullable(Id),
    addSlots: Type.Array(SlotInput, { maxItems: 200 }),
  }),
);
export type UpdateCatalogItemBody = Static<typeof UpdateCatalogItemBody>;

// ------------------------------------------------------------------ redemptions

export const RedeemBody = Type.Object({
  quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  /** For venue time: the slot booked. */
  slotId: Type.Optional(Id),
});
export type RedeemBody = Static<typeof RedeemBody>;

export const Redemption = Type.Object({
  id: Id,
  itemId: Id,
  itemTitle: Type.String(),
  kind: CatalogKindSchema,
  merchantId: Id,
  merchantName: Type.String(),
  collectAt: Type.String(),
  volunteerName: Type.String(),
  quantity: Type.Integer({ minimum: 1 }),
  points: Type.Integer({ minimum: 1 }),
  /** Shown to the volunteer and to the merchant who verifies it; masked elsewhere. */
  code: Type.String(),
  status: RedemptionStatusSchema,
  slot: Nullable(CatalogSlot),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  verifiedAt: Nullable(Timestamp),
  verifiedBy: Nullable(Type.String()),
});
export type Redemption = Static<typeof Redemption>;
export const RedemptionPage = Type.Object({ items: Type.Array(Redemption), total: Type.Integer({ minimum: 0 }) });
export type RedemptionPage = Static<typeof RedemptionPage>;
export const RedemptionQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(RedemptionStatusSchema),
  merchantId: Type.Optional(Id),
});
export type RedemptionQuery = Static<typeof RedemptionQuery>;
export const RedemptionCodeParams = Type.Object({ code: Type.String({ pattern: REDEMPTION_CODE_PATTERN }) });
export type RedemptionCodeParams = Static<typeof RedemptionCodeParams>;
export const VerifyBody = Type.Object({ code: Type.String({ pattern: REDEMPTION_CODE_PATTERN }) });
export type VerifyBody = Static<typeof VerifyBody>;

// ------------------------------------------------------------------ party members' points

export const PartyPointsItem = Type.Object({
  code: Type.String(),
  label: Type.String(),
  points: Type.Integer({ minimum: -100, maximum: 100 }),
  unit: Type.String(),
  yearlyCap: Nullable(Type.Integer({ minimum: 1, maximum: 10000 })),
  weight: Type.Integer({ minimum: 0, maximum: 100 }),
  source: Type.Enum(PARTY_POINTS_SOURCES),
});
export type PartyPointsItem = Static<typeof PartyPointsItem>;
export const PartyPointsItemList = Type.Object({ items: Type.Array(PartyPointsItem) });
export type PartyPointsItemList = Static<typeof PartyPointsItemList>;
export const PartyPointsItemParams = Type.Object({ code: Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$' }) });
export type PartyPointsItemParams = Static<typeof PartyPointsItemParams>;
export const UpdatePartyPointsItemBody = Type.Partial(
  Type.Object({
    label: Text(30),
    points: PartyPointsItem.properties.points,
    yearlyCap: PartyPointsItem.properties.yearlyCap,
    weight: PartyPointsItem.properties.weight,
  }),
);
export type UpdatePartyPointsItemBody = Static<typeof UpdatePartyPointsItemBody>;

export const CreatePartyPointsEntryBody = Type.Object({
  memberId: Id,
  item: Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$' }),
  quantity: Type.Integer({ minimum: 1, maximum: 100 }),
  on: LocalDate,
  reason: Text(200),
});
export type CreatePartyPointsEntryBody = Static<typeof CreatePartyPointsEntryBody>;
export const PartyPointsEntry = Type.Object({
  id: Type.String(),
  memberId: Id,
  item: Type.String(),
  label: Type.String(),
  quantity: Type.Integer(),
  points: Type.Integer(),
  on: LocalDate,
  reason: Type.String(),
  by: Nullable(Type.String()),
  reverses: Nullable(Type.String()),
  reversedBy: Nullable(Type.String()),
  at: Timestamp,
});
export type PartyPointsEntry = Static<typeof PartyPointsEntry>;

export const PartyPointsLine = Type.Object({
  item: Type.String(),
  label: Type.String(),
  quantity: Type.Integer(),
  raw: Type.Integer(),
  capped: Type.Integer(),
});
export type PartyPointsLine = Static<typeof PartyPointsLine>;
export const PartyPointsRow = Type.Object({
  memberId: Id,
  name: Type.String(),
  orgId: Id,
  orgName: Type.String(),
  communityId: Nullable(Id),
  communityName: Nullable(Type.String()),
  lines: Type.Array(PartyPointsLine),
  total: Type.Integer(),
  index: Type.Number(),
  rankInBranch: Type.Integer({ minimum: 1 }),
  rankInCommunity: Nullable(Type.Integer({ minimum: 1 })),
});
export type PartyPointsRow = Static<typeof PartyPointsRow>;
export const PartyPointsRanking = Type.Object({ year: Type.Integer(), items: Type.Array(PartyPointsRow) });
export type PartyPointsRanking = Static<typeof PartyPointsRanking>;
export const PartyPointsRankingQuery = Type.Object({
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  orgId: Type.Optional(Id),
  regionId: Type.Optional(Id),
});
export type PartyPointsRankingQuery = Static<typeof PartyPointsRankingQuery>;
export const PartyPointsYearQuery = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) });
export type PartyPointsYearQuery = Static<typeof PartyPointsYearQuery>;
export const PartyPointsMember = Type.Object({
  row: PartyPointsRow,
  entries: Type.Array(PartyPointsEntry),
});
export type PartyPointsMember = Static<typeof PartyPointsMember>;
export const MyPartyPoints = Type.Object({
  member: PartyPointsMember,
  /** The whole branch's ranking, for a branch secretary. */
  branch: Nullable(Type.Array(PartyPointsRow)),
});
export type MyPartyPoints = Static<typeof MyPartyPoints>;
export const PublishPartyPointsBody = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }), orgId: Id });
export type PublishPartyPointsBody = Static<typeof PublishPartyPointsBody>;
export const PartyPointsNotice = Type.Object({
  id: Id,
  orgId: Id,
  orgName: Type.String(),
  year: Type.Integer(),
  publishedBy: Type.String(),
  publishedAt: Timestamp,
  rows: Type.Array(PartyPointsRow),
});
export type PartyPointsNotice = Static<typeof PartyPointsNotice>;
export const PartyPointsNoticeList = Type.Object({ items: Type.Array(PartyPointsNotice) });
export type PartyPointsNoticeList = Static<typeof PartyPointsNoticeList>;
