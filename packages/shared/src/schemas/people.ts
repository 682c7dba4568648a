import { Type, type Static } from 'typebox';
import {
  CARE_TAG_CODE_PATTERN,
  CONTACT_WAYS,
  GRID_DUTIES,
  ID_TYPES,
  PARTY_MEMBER_STATUSES,
  PARTY_ORG_KINDS,
  POLITICAL_STATUSES,
  SEXES,
} from '../people.js';
import { Id, PageQuery, Text, SearchText } from './common.js';
import { Point, Polygon } from './regions.js';

const DateOnly = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

// ------------------------------------------------------------------ care tags

export const CareTag = Type.Object({
  code: Type.String({ pattern: CARE_TAG_CODE_PATTERN }),
  label: Text(20),
});
export type CareTag = Static<typeof CareTag>;
export const CareTagList = Type.Object({ items: Type.Array(CareTag) });
export type CareTagList = Static<typeof CareTagList>;
export const PutCareTagsBody = Type.Object({ items: Type.Array(CareTag, { minItems: 0, maxItems: 60 }) });
export type PutCareTagsBody = Static<typeof PutCareTagsBody>;

// ------------------------------------------------------------------ households

export const Household = Type.Object({
  id: Id,
  townId: Id,
  regionId: Id,
  /** Names from the town root down to the household's grid. */
  regionPath: Type.Array(Type.String()),
  householdNo: Nullable(Type.String()),
  addressMasked: Type.String(),
  building: Nullable(Type.String()),
  unit: Nullable(Type.String()),
  /** The room number is part of the exact address: masked like it. */
  roomMasked: Nullable(Type.String()),
  location: Nullable(Point),
  headName: Nullable(Type.String()),
  residentCount: Type.Integer({ minimum: 0 }),
  /** Care tags of anyone in the household (decrypted for callers who may read people). */
  careTags: Type.Array(Type.String()),
  lastContactOn: Nullable(DateOnly),
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type Household = Static<typeof Household>;
export const HouseholdPage = Type.Object({
  items: Type.Array(Household),
  total: Type.Integer({ minimum: 0 }),
  totalCapped: Type.Optional(Type.Boolean({ description: 'true: more than `total` rows match; total is the cap' })),
});
export type HouseholdPage = Static<typeof HouseholdPage>;

export const HouseholdListQuery = Type.Object({
  ...PageQuery.properties,
  regionId: Type.Optional(Id),
  /** Address fragment (searched on the masked form), household number, or a resident's name. */
  q: Type.Optional(SearchText),
  careTag: Type.Optional(Type.String({ pattern: CARE_TAG_CODE_PATTERN })),
  /** Only households with coordinates, for the map (larger pages allowed). */
  located: Type.Optional(Type.Boolean()),
});
export type HouseholdListQuery = Static<typeof HouseholdListQuery>;

export const CreateHouseholdBody = Type.Object({
  /** The grid; may be left out when a location is given: the grid is then found by its boundary. */
  regionId: Type.Optional(Id),
  householdNo: Type.Optional(Nullable(Text(40))),
  address: Text(200),
  building: Type.Optional(Nullable(Text(20))),
  unit: Type.Optional(Nullable(Text(20))),
  room: Type.Optional(Nullable(Text(20))),
  location: Type.Optional(Nullable(Point)),
});
export type CreateHouseholdBody = Static<typeof CreateHouseholdBody>;

export const UpdateHouseholdBody = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  householdNo: Type.Optional(Nullable(Text(40))),
  address: Type.Optional(Text(200)),
  building: Type.Optional(Nullable(Text(20))),
  unit: Type.Optional(Nullable(Text(20))),
  room: Type.Optional(Nullable(Text(20))),
  location: Type.Optional(Nullable(Point)),
});
export type UpdateHouseholdBody = Static<typeof UpdateHouseholdBody>;

export const MoveBody = Type.Object({
  /** For a household: the grid it moves to. */
  regionId: Type.Optional(Id),
  /** For a resident: the household they move into. */
  householdId: Type.Optional(Id),
  reason: Type.Optional(Text(200)),
});
export type MoveBody = Static<typeof MoveBody>;

export const MoveRecord = Type.Object({
  id: Id,
  at: Type.String({ format: 'date-time' }),
  actorName: Nullable(Type.String()),
  fromRegion: Nullable(Type.String()),
  toRegion: Nullable(Type.String()),
  fromHousehold: Nullable(Type.String()),
  toHousehold: Nullable(Type.String()),
  reason: Nullable(Type.String()),
});
export type MoveRecord = Static<typeof MoveRecord>;

// ------------------------------------------------------------------ residents

export const GuardianConsent = Type.Object({
  guardianName: Text(40),
  relation: Text(20),
  consentedOn: DateOnly,
});
export type GuardianConsent = Static<typeof GuardianConsent>;

export const Resident = Type.Object({
  id: Id,
  townId: Id,
  householdId: Id,
  householdAddressMasked: Type.String(),
  regionId: Id,
  regionPath: Type.Array(Type.String()),
  name: Type.String(),
  nameInitials: Type.String(),
  sex: Type.Enum(SEXES),
  birthDate: Nullable(DateOnly),
  age: Nullable(Type.Integer()),
  idType: Type.Enum(ID_TYPES),
  idNumberMasked: Nullable(Type.String()),
  mobileMasked: Nullable(Type.String()),
  ethnicity: Nullable(Type.String()),
  politicalStatus: Type.Enum(POLITICAL_STATUSES),
  newCitizen: Type.Boolean(),
  relationToHead: Nullable(Type.String()),
  careTags: Type.Array(Type.String()),
  hasNotes: Type.Boolean(),
  guardianConsent: Nullable(GuardianConsent),
  partyMemberId: Nullable(Id),
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type Resident = Static<typeof Resident>;
export const ResidentPage = Type.Object({
  items: Type.Array(Resident),
  total: Type.Integer({ minimum: 0 }),
  totalCapped: Type.Optional(Type.Boolean({ description: 'true: more than `total` rows match; total is the cap' })),
});
export type ResidentPage = Static<typeof ResidentPage>;

export const ResidentListQuery = Type.Object({
  ...PageQuery.properties,
  regionId: Type.Optional(Id),
  householdId: Type.Optional(Id),
  /**
   * A name fragment, pinyin initials (zs → 张三), a full ID number or mobile number, or a masked
   * mobile (138****5678) / its last four digits.
   */
  q: Type.Optional(SearchText),
  careTag: Type.Optional(Type.String({ pattern: CARE_TAG_CODE_PATTERN })),
  politicalStatus: Type.Optional(Type.Enum(POLITICAL_STATUSES)),
  newCitizen: Type.Optional(Type.Boolean()),
});
export type ResidentListQuery = Static<typeof ResidentListQuery>;

const ResidentFields = {
  name: Text(40),
  sex: Type.Optional(Type.Enum(SEXES)),
  birthDate: Type.Optional(Nullable(DateOnly)),
  idType: Type.Optional(Type.Enum(ID_TYPES)),
  idNumber: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 40 }))),
  mobile: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 20 }))),
  ethnicity: Type.Optional(Nullable(Text(20))),
  politicalStatus: Type.Optional(Type.Enum(POLITICAL_STATUSES)),
  newCitizen: Type.Optional(Type.Boolean()),
  relationToHead: Type.Optional(Nullable(Text(20))),
  careTags: Type.Optional(Type.Array(Type.String({ pattern: CARE_TAG_CODE_PATTERN }), { maxItems: 20 })),
  notes: Type.Optional(Nullable(Text(1000))),
  guardianConsent: Type.Optional(Nullable(GuardianConsent)),
};

export const CreateResidentBody = Type.Object({ householdId: Id, ...ResidentFields });
export type CreateResidentBody = Static<typeof CreateResidentBody>;

export const UpdateResidentBody = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  ...ResidentFields,
  name: Type.Optional(Text(40)),
});
export type UpdateResidentBody = Static<typeof UpdateResidentBody>;

export const REVEAL_FIELDS = ['idNumber', 'mobile', 'address', 'notes'] as const;
export type RevealField = (typeof REVEAL_FIELDS)[number];
export const RevealQuery = Type.Object({
  fields: Type.Array(Type.Enum(REVEAL_FIELDS), { minItems: 1, maxItems: 4 }),
});
export type RevealQuery = Static<typeof RevealQuery>;
/** Clear values of protected fields; each request is written to the audit log. */
export const Revealed = Type.Object({
  idNumber: Type.Optional(Nullable(Type.String())),
  mobile: Type.Optional(Nullable(Type.String())),
  address: Type.Optional(Nullable(Type.String())),
  notes: Type.Optional(Nullable(Type.String())),
});
export type Revealed = Static<typeof Revealed>;

// ------------------------------------------------------------------ party organisations

export const PartyOrg = Type.Object({
  id: Id,
  townId: Id,
  parentId: Nullable(Id),
  kind: Type.Enum(PARTY_ORG_KINDS),
  name: Type.String(),
  regionId: Id,
  regionPath: Type.Array(Type.String()),
  secretaryMemberId: Nullable(Id),
  secretaryName: Nullable(Type.String()),
  /** Members of this organisation and of the party groups under it. */
  memberCount: Type.Integer({ minimum: 0 }),
  fullMemberCount: Type.Integer({ minimum: 0 }),
  warnings: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
});
export type PartyOrg = Static<typeof PartyOrg>;
export const PartyOrgList = Type.Object({ items: Type.Array(PartyOrg) });
export type PartyOrgList = Static<typeof PartyOrgList>;
export const PartyOrgListQuery = Type.Object({ regionId: Type.Optional(Id) });
export type PartyOrgListQuery = Static<typeof PartyOrgListQuery>;

export const CreatePartyOrgBody = Type.Object({
  parentId: Type.Optional(Nullable(Id)),
  kind: Type.Enum(PARTY_ORG_KINDS),
  name: Text(60),
  regionId: Id,
});
export type CreatePartyOrgBody = Static<typeof CreatePartyOrgBody>;
export const UpdatePartyOrgBody = Type.Object({
  name: Type.Optional(Text(60)),
  regionId: Type.Optional(Id),
  secretaryMemberId: Type.Optional(Nullable(Id)),
});
export type UpdatePartyOrgBody = Static<typeof UpdatePartyOrgBody>;

// ------------------------------------------------------------------ party members

export const CommunityReport = Type.Object({
  /** The community the member reported to (双报到). */
  regionId: Id,
  regionPath: Type.Array(Type.String()),
  reportedOn: DateOnly,
  workUnit: Nullable(Type.String()),
  pledgedServices: Type.Array(Type.String()),
});
export type CommunityReport = Static<typeof CommunityReport>;

export const PartyMember = Type.Object({
  id: Id,
  townId: Id,
  orgId: Id,
  orgName: Type.String(),
  name: Type.String(),
  residentId: Nullable(Id),
  accountId: Nullable(Id),
  mobileMasked: Nullable(Type.String()),
  joinDate: DateOnly,
  fullDate: Nullable(DateOnly),
  status: Type.Enum(PARTY_MEMBER_STATUSES),
  tenureYears: Type.Integer({ minimum: 0 }),
  communityReport: Nullable(CommunityReport),
  contactHouseholdCount: Type.Integer({ minimum: 0 }),
  createdAt: Type.String({ format: 'date-time' }),
});
export type PartyMember = Static<typeof PartyMember>;
export const PartyMemberPage = Type.Object({ items: Type.Array(PartyMember), total: Type.Integer({ minimum: 0 }) });
export type PartyMemberPage = Static<typeof PartyMemberPage>;

export const PartyMemberListQuery = Type.Object({
  ...PageQuery.properties,
  orgId: Type.Optional(Id),
  regionId: Type.Optional(Id),
  q: Type.Optional(SearchText),
  status: Type.Optional(Type.Enum(PARTY_MEMBER_STATUSES)),
  /** Only members who reported to a community (在职党员双报到). */
  communityReported: Type.Optional(Type.Boolean()),
  /** Only members with at least this many years of standing (e.g. 50 for 光荣在党50年). */
  minTenure: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
});
export type PartyMemberListQuery = Static<typeof PartyMemberListQuery>;

const CommunityReportBody = Type.Object({
  regionId: Id,
  reportedOn: DateOnly,
  workUnit: Type.Optional(Nullable(Text(60))),
  pledgedServices: Type.Optional(Type.Array(Text(40), { maxItems: 20 })),
});

export const CreatePartyMemberBody = Type.Object({
  orgId: Id,
  /** Link to a resident (preferred) or an account; a name is then taken from it. */
  residentId: Type.Optional(Nullable(Id)),
  accountId: Type.Optional(Nullable(Id)),
  name: Type.Optional(Text(40)),
  joinDate: DateOnly,
  fullDate: Type.Optional(Nullable(DateOnly)),
  status: Type.Enum(PARTY_MEMBER_STATUSES),
  communityReport: Type.Optional(Nullable(CommunityReportBody)),
});
export type CreatePartyMemberBody = Static<typeof CreatePartyMemberBody>;

export const UpdatePartyMemberBody = Type.Object({
  orgId: Type.Optional(Id),
  accountId: Type.Optional(Nullable(Id)),
  joinDate: Type.Optional(DateOnly),
  fullDate: Type.Optional(Nullable(DateOnly)),
  status: Type.Optional(Type.Enum(PARTY_MEMBER_STATUSES)),
  communityReport: Type.Optional(Nullable(CommunityReportBody)),
});
export type UpdatePartyMemberBody = Static<typeof UpdatePartyMemberBody>;

// ------------------------------------------------------------------ grid duties and household contact

export const GridDutyAssignment = Type.Object({
  id: Id,
  regionId: Id,
  regionPath: Type.Array(Type.String()),
  duty: Type.Enum(GRID_DUTIES),
  personName: Type.String(),
  accountId: Nullable(Id),
  residentId: Nullable(Id),
  partyMemberId: Nullable(Id),
  building: Nullable(Type.String()),
  unit: Nullable(Type.String()),
  /** For a party-member central household: the households it looks after. */
  householdCount: Type.Integer({ minimum: 0 }),
  createdAt: Type.String({ format: 'date-time' }),
});
export type GridDutyAssignment = Static<typeof GridDutyAssignment>;
export const GridDutyList = Type.Object({ items: Type.Array(GridDutyAssignment) });
export type GridDutyList = Static<typeof GridDutyList>;
export const GridDutyListQuery = Type.Object({ regionId: Type.Optional(Id), duty: Type.Optional(Type.Enum(GRID_DUTIES)) });
export type GridDutyListQuery = Static<typeof GridDutyListQuery>;

export const CreateGridDutyBody = Type.Object({
  regionId: Id,
  duty: Type.Enum(GRID_DUTIES),
  /** Who: an account (grid workers), a resident (building and unit heads) or a party member. */
  accountId: Type.Optional(Id),
  residentId: Type.Optional(Id),
  partyMemberId: Type.Optional(Id),
  building: Type.Optional(Nullable(Text(20))),
  unit: Type.Optional(Nullable(Text(20))),
});
export type CreateGridDutyBody = Static<typeof CreateGridDutyBody>;

/** 户联系: the households a party member keeps in touch with. */
export const ContactLinksBody = Type.Object({ householdIds: Type.Array(Id, { maxItems: 50 }) });
export type ContactLinksBody = Static<typeof ContactLinksBody>;

export const HouseholdContact = Type.Object({
  id: Id,
  householdId: Id,
  householdAddressMasked: Type.String(),
  contactedOn: DateOnly,
  way: Type.Enum(CONTACT_WAYS),
  /** What was raised; visible to the one who logged it and to callers who may read people. */
  raised: Nullable(Type.String()),
  followUp: Type.Union([Type.Literal('none'), Type.Literal('open'), Type.Literal('help_request'), Type.Literal('appeal')]),
  loggedByName: Type.String(),
  partyMemberId: Nullable(Id),
  createdAt: Type.String({ format: 'date-time' }),
});
export type HouseholdContact = Static<typeof HouseholdContact>;
export const HouseholdContactList = Type.Object({ items: Type.Array(HouseholdContact) });
export type HouseholdContactList = Static<typeof HouseholdContactList>;

export const LogContactBody = Type.Object({
  contactedOn: DateOnly,
  way: Type.Enum(CONTACT_WAYS),
  raised: Type.Optional(Nullable(Text(1000))),
  /** A raised matter to follow up (becomes a help request or an appeal once those exist). */
  needsFollowUp: Type.Optional(Type.Boolean()),
});
export type LogContactBody = Static<typeof LogContactBody>;

/** One household on a grid worker's or party member's phone list. */
export const MyHousehold = Type.Object({
  id: Id,
  addressMasked: Type.String(),
  building: Nullable(Type.String()),
  unit: Nullable(Type.String()),
  roomMasked: Nullable(Type.String()),
  regionName: Type.String(),
  headName: Nullable(Type.String()),
  residentCount: Type.Integer({ minimum: 0 }),
  careTags: Type.Array(Type.String()),
  lastContactOn: Nullable(DateOnly),
  /** Why it is on the list: the grid I serve, or a household I keep in touch with. */
  via: Type.Union([Type.Literal('grid'), Type.Literal('contact')]),
});
export type MyHousehold = Static<typeof MyHousehold>;
export const MyHouseholdList = Type.Object({
  items: Type.Array(MyHousehold),
  /** The caller's party-member record, when they have one (contacts are logged under it). */
  partyMemberId: Nullable(Id),
});
export type MyHouseholdList = Static<typeof MyHouseholdList>;

export const MyHouseholdDetail = Type.Object({
  household: MyHousehold,
  residents: Type.Array(
    Type.Object({
      id: Id,
      name: Type.String(),
      sex: Type.Enum(SEXES),
      age: Nullable(Type.Integer()),
      relationToHead: Nullable(Type.String()),
      mobileMasked: Nullable(Type.String()),
      careTags: Type.Array(Type.String()),
    }),
  ),
  contacts: Type.Array(HouseholdContact),
});
export type MyHouseholdDetail = Static<typeof MyHouseholdDetail>;

// ------------------------------------------------------------------ Excel

export const IMPORT_KINDS = ['households', 'residents', 'party_members'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const ImportKindParams = Type.Object({ kind: Type.Enum(IMPORT_KINDS) });
export type ImportKindParams = Static<typeof ImportKindParams>;
export const ImportQuery = Type.Object({
  /** The region every row must fall under (rows name their grid by its name path). */
  regionId: Id,
  /** Strict: one bad row and nothing is stored. Otherwise the valid rows are stored together. */
  strict: Type.Optional(Type.Boolean({ default: false })),
});
export type ImportQuery = Static<typeof ImportQuery>;
export const ImportResult = Type.Object({
  id: Id,
  kind: Type.Enum(IMPORT_KINDS),
  total: Type.Integer({ minimum: 0 }),
  created: Type.Integer({ minimum: 0 }),
  updated: Type.Integer({ minimum: 0 }),
  unchanged: Type.Integer({ minimum: 0 }),
  failed: Type.Integer({ minimum: 0 }),
  strict: Type.Boolean(),
  /** True when nothing was stored (strict mode with bad rows). */
  rolledBack: Type.Boolean(),
  /** The first bad rows; the whole list is in the downloadable report. */
  errors: Type.Array(Type.Object({ row: Type.Integer(), column: Nullable(Type.String()), message: Type.String() })),
  reportUrl: Nullable(Type.String()),
});
export type ImportResult = Static<typeof ImportResult>;

// ------------------------------------------------------------------ map

export const MapQuery = Type.Object({ regionId: Type.Optional(Id) });
export type MapQuery = Static<typeof MapQuery>;
export const MapLayers = Type.Object({
  regions: Type.Array(
    Type.Object({
      id: Id,
      name: Type.String(),
      depth: Type.Integer(),
      boundary: Nullable(Polygon),
      centre: Nullable(Point),
    }),
  ),
  /** Located households, WGS-84. */
  households: Type.Array(Type.Object({ id: Id, addressMasked: Type.String(), location: Point, careTagCount: Type.Integer() })),
  /** Tile server: an empty url means none (boundaries on a plain background). */
  tiles: Type.Object({ url: Type.String(), crs: Type.Union([Type.Literal('wgs84'), Type.Literal('gcj02')]), attribution: Type.String() }),
});
export type MapLayers = Static<typeof MapLayers>;
