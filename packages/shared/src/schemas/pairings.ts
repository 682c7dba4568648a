import { Type, type Static } from 'typebox';
import { LIST_ITEMS_MAX, LIST_ITEM_MAX, MONTHLY_THEME_MAX, MONTH_PATTERN, PAIRING_KINDS, QUARTER_PATTERN } from '../pairings.js';
import { Id, Text, SearchText } from './common.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateOnly = Type.String({ format: 'date' });
const DateTime = Type.String({ format: 'date-time' });
/** A calendar month, YYYY-MM. */
export const Month = Type.String({ pattern: MONTH_PATTERN, description: 'YYYY-MM' });
/** A calendar quarter, YYYY-Qn. */
export const Quarter = Type.String({ pattern: QUARTER_PATTERN, description: 'YYYY-Qn' });

// ------------------------------------------------------------------ pairings (三结对)

/** 一月一主题: the theme the pair agreed for one month. */
export const MonthlyTheme = Type.Object({ month: Month, theme: Type.String(), updatedAt: DateTime });
export type MonthlyTheme = Static<typeof MonthlyTheme>;

/** The needs-and-services list the pair drew up for one quarter (需求及服务清单). */
export const QuarterList = Type.Object({
  quarter: Quarter,
  needList: Type.Array(Type.String()),
  serviceList: Type.Array(Type.String()),
  updatedByName: Nullable(Type.String()),
  updatedAt: DateTime,
});
export type QuarterList = Static<typeof QuarterList>;

export const Pairing = Type.Object({
  id: Id,
  townId: Id,
  kind: Type.Enum(PAIRING_KINDS),
  /** The village or community (a depth-1 region). */
  communityId: Id,
  communityName: Type.String(),
  /** Its community team: set for team and mentor pairings. */
  communityTeamId: Nullable(Id),
  communityTeamName: Nullable(Type.String()),
  /** Team pairing: the professional team. */
  partnerTeamId: Nullable(Id),
  partnerTeamName: Nullable(Type.String()),
  /** Mentor pairing: the mentor's account (a social worker, a senior volunteer). */
  mentorAccountId: Nullable(Id),
  mentorName: Nullable(Type.String()),
  /** Resource pairing: the unit, merchant or organisation, how to reach it, and its account if any. */
  providerName: Nullable(Type.String()),
  providerContact: Nullable(Type.String()),
  providerAccountId: Nullable(Id),
  providerAccountName: Nullable(Type.String()),
  /** Whom the community is paired with, whatever the kind: team, mentor or provider name. */
  partnerName: Type.String(),
  startDate: DateOnly,
  endDate: Nullable(DateOnly),
  /** In force today (the town's calendar day). */
  active: Type.Boolean(),
  note: Nullable(Type.String()),
  monthlyThemes: Type.Array(MonthlyTheme),
  quarterLists: Type.Array(QuarterList),
  createdByName: Nullable(Type.String()),
  createdAt: DateTime,
});
export type Pairing = Static<typeof Pairing>;
export const PairingList = Type.Object({ items: Type.Array(Pairing) });
export type PairingList = Static<typeof PairingList>;

export const PAIRING_STATUSES = ['active', 'ended', 'upcoming'] as const;
export const PairingListQuery = Type.Object({
  /** Communities inside this region, or the community holding it. */
  regionId: Type.Optional(Id),
  kind: Type.Optional(Type.Enum(PAIRING_KINDS)),
  /** In force today, ended before today, or starting after today. */
  status: Type.Optional(Type.Enum(PAIRING_STATUSES)),
  q: Type.Optional(SearchText),
});
export type PairingListQuery = Static<typeof PairingListQuery>;

export const CreatePairingBody = Type.Object({
  kind: Type.Enum(PAIRING_KINDS),
  communityId: Id,
  /** Team and mentor pairings: the community's team; taken from the community when absent. */
  communityTeamId: Type.Optional(Nullable(Id)),
  /** kind team: a professional team of the same town. */
  partnerTeamId: Type.Optional(Nullable(Id)),
  /** kind mentor: an account of the same town. */
  mentorAccountId: Type.Optional(Nullable(Id)),
  /** kind resource. */
  providerName: Type.Optional(Nullable(Text(80))),
  providerContact: Type.Optional(Nullable(Type.String({ maxLength: 120 }))),
  providerAccountId: Type.Optional(Nullable(Id)),
  startDate: DateOnly,
  endDate: Type.Optional(Nullable(DateOnly)),
  note: Type.Optional(Nullable(Type.String({ maxLength: 400 }))),
});
export type CreatePairingBody = Static<typeof CreatePairingBody>;

/** The partner and kind stay; pair anew to change them. Provider fields for resource pairings only. */
export const UpdatePairingBody = Type.Object({
  startDate: Type.Optional(DateOnly),
  endDate: Type.Optional(Nullable(DateOnly)),
  note: Type.Optional(Nullable(Type.String({ maxLength: 400 }))),
  providerName: Type.Optional(Text(80)),
  providerContact: Type.Optional(Nullable(Type.String({ maxLength: 120 }))),
  providerAccountId: Type.Optional(Nullable(Id)),
});
export type UpdatePairingBody = Static<typeof UpdatePairingBody>;

export const EndPairingBody = Type.Object({
  /** Last day in force; today (the town's calendar day) when absent. */
  endDate: Type.Optional(DateOnly),
});
export type EndPairingBody = Static<typeof EndPairingBody>;

export const PairingMonthParams = Type.Object({ id: Id, month: Month });
export type PairingMonthParams = Static<typeof PairingMonthParams>;
export const PairingQuarterParams = Type.Object({ id: Id, quarter: Quarter });
export type PairingQuarterParams = Static<typeof PairingQuarterParams>;

export const PutMonthlyThemeBody = Type.Object({ theme: Text(MONTHLY_THEME_MAX) });
export type PutMonthlyThemeBody = Static<typeof PutMonthlyThemeBody>;

const ListItems = Type.Array(Type.String({ maxLength: LIST_ITEM_MAX }), { maxItems: LIST_ITEMS_MAX });
/** Blank items are dropped; at least one need or service must remain. */
export const PutQuarterListBody = Type.Object({ needList: ListItems, serviceList: ListItems });
export type PutQuarterListBody = Static<typeof PutQuarterListBody>;

export const MentorCandidateQuery = Type.Object({
  /** The community to be paired (must be in the caller's scope); candidates come from its town. */
  communityId: Id,
  q: Type.Optional(SearchText),
});
export type MentorCandidateQuery = Static<typeof MentorCandidateQuery>;
export const MentorCandidateList = Type.Object({
  items: Type.Array(Type.Object({ id: Id, name: Type.String(), mobileMasked: Type.String(), regionPath: Type.Array(Type.String()) })),
});
export type MentorCandidateList = Static<typeof MentorCandidateList>;

// ------------------------------------------------------------------ coverage (覆盖情况, 四个一)

export const PairingCoverageQuery = Type.Object({
  /** Pairings in force on this day; today (the town's calendar day) when absent. */
  date: Type.Optional(DateOnly),
  /** The month whose first Saturday is checked; the month of `date` when absent. */
  month: Type.Optional(Month),
  /** The quarter of the list and the practical matters; the quarter of `date` when absent. */
  quarter: Type.Optional(Quarter),
  regionId: Type.Optional(Id),
});
export type PairingCoverageQuery = Static<typeof PairingCoverageQuery>;

const KindCoverage = Type.Object({ covered: Type.Integer({ minimum: 0 }), percent: Type.Number() });
const DutyCoverage = Type.Object({ met: Type.Integer({ minimum: 0 }), percent: Type.Number() });
const Partners = Type.Object({ covered: Type.Boolean(), partners: Type.Array(Type.String()) });

export const CommunityCoverage = Type.Object({
  communityId: Id,
  communityName: Type.String(),
  communityTeamId: Nullable(Id),
  communityTeamName: Nullable(Type.String()),
  team: Partners,
  mentor: Partners,
  resource: Partners,
  duties: Type.Object({
    fixedTeam: Type.Boolean(),
    monthlyActivity: Type.Boolean(),
    quarterlyList: Type.Boolean(),
    practicalMatter: Type.Boolean(),
  }),
  /** The joint activity found on the month's first Saturday, if any. */
  monthlyActivity: Nullable(Type.Object({ occurrenceId: Id, activityId: Id, title: Type.String(), startsAt: DateTime })),
  /** The theme a team pairing of the community agreed for the month. */
  monthlyTheme: Nullable(Type.String()),
  /** Practical matters solved in the quarter. */
  practicalMatterCount: Type.Integer({ minimum: 0 }),
});
export type CommunityCoverage = Static<typeof CommunityCoverage>;

export const PairingCoverage = Type.Object({
  date: DateOnly,
  month: Month,
  quarter: Quarter,
  firstSaturday: DateOnly,
  /** 100: every village or community paired. */
  targetPercent: Type.Number(),
  communityCount: Type.Integer({ minimum: 0 }),
  kinds: Type.Object({ team: KindCoverage, mentor: KindCoverage, resource: KindCoverage }),
  duties: Type.Object({
    fixedTeam: DutyCoverage,
    monthlyActivity: DutyCoverage,
    quarterlyList: DutyCoverage,
    practicalMatter: DutyCoverage,
  }),
  items: Type.Array(CommunityCoverage),
});
export type PairingCoverage = Static<typeof PairingCoverage>;

// ------------------------------------------------------------------ practical matters (急难愁盼, 我为群众办实事)

export const PracticalMatter = Type.Object({
  id: Id,
  townId: Id,
  communityId: Id,
  communityName: Type.String(),
  title: Type.String(),
  /** The day it was solved; null while still being worked on. */
  solvedOn: Nullable(DateOnly),
  note: Nullable(Type.String()),
  createdByName: Nullable(Type.String()),
  createdAt: DateTime,
});
export type PracticalMatter = Static<typeof PracticalMatter>;
export const PracticalMatterList = Type.Object({ items: Type.Array(PracticalMatter) });
export type PracticalMatterList = Static<typeof PracticalMatterList>;
export const PracticalMatterListQuery = Type.Object({
  regionId: Type.Optional(Id),
  /** Solved in this quarter. */
  quarter: Type.Optional(Quarter),
});
export type PracticalMatterListQuery = Static<typeof PracticalMatterListQuery>;
export const CreatePracticalMatterBody = Type.Object({
  communityId: Id,
  title: Text(80),
  solvedOn: Type.Optional(Nullable(DateOnly)),
  note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
});
export type CreatePracticalMatterBody = Static<typeof CreatePracticalMatterBody>;
export const UpdatePracticalMatterBody = Type.Object({
  title: Type.Optional(Text(80)),
  solvedOn: Type.Optional(Nullable(DateOnly)),
  note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
});
export type UpdatePracticalMatterBody = Static<typeof UpdatePracticalMatterBody>;
