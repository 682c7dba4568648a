import { Type, type Static } from 'typebox';
import { AVAILABILITY, SERVICE_CATEGORIES, TEAM_KINDS, TEAM_MEMBER_STATUSES, VOLUNTEER_STATUSES } from '../volunteers.js';
import { ID_TYPES, SEXES } from '../people.js';
import { Id, PageQuery, Text, SearchText } from './common.js';
import { GuardianConsent } from './people.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const Profile = {
  name: Text(40),
  idType: Type.Optional(Type.Enum(ID_TYPES)),
  idNumber: Type.String({ minLength: 5, maxLength: 40 }),
  sex: Type.Optional(Type.Enum(SEXES)),
  birthDate: Type.Optional(Type.String({ format: 'date' })),
  /** The community the volunteer lives in or serves (居住区域). */
  regionId: Id,
  skills: Type.Array(Text(20), { maxItems: 20 }),
  serviceCategories: Type.Array(Type.Enum(SERVICE_CATEGORIES), { minItems: 1, maxItems: 11 }),
  availability: Type.Array(Type.Enum(AVAILABILITY), { minItems: 1, maxItems: 5 }),
  guardianConsent: Type.Optional(Nullable(GuardianConsent)),
};

/** Registration from the phone by someone without an account: the account is created with it. */
export const RegisterVolunteerBody = Type.Object({
  ...Profile,
  mobile: Type.String({ minLength: 11, maxLength: 20 }),
  password: Type.String({ minLength: 1, maxLength: 128 }),
});
export type RegisterVolunteerBody = Static<typeof RegisterVolunteerBody>;

/** Application by a signed-in account (its mobile number is used). */
export const ApplyVolunteerBody = Type.Object(Profile);
export type ApplyVolunteerBody = Static<typeof ApplyVolunteerBody>;

export const Volunteer = Type.Object({
  id: Id,
  townId: Id,
  accountId: Id,
  volunteerNo: Nullable(Type.String()),
  name: Type.String(),
  sex: Type.Enum(SEXES),
  birthDate: Type.String({ format: 'date' }),
  age: Type.Integer(),
  idType: Type.Enum(ID_TYPES),
  idNumberMasked: Type.String(),
  mobileMasked: Type.String(),
  regionId: Id,
  regionPath: Type.Array(Type.String()),
  skills: Type.Array(Type.String()),
  serviceCategories: Type.Array(Type.Enum(SERVICE_CATEGORIES)),
  availability: Type.Array(Type.Enum(AVAILABILITY)),
  partyMember: Type.Boolean(),
  guardianConsent: Nullable(GuardianConsent),
  status: Type.Enum(VOLUNTEER_STATUSES),
  /** Seen by the applicant and the reviewers. */
  rejectReason: Nullable(Type.String()),
  reviewedByName: Nullable(Type.String()),
  reviewedAt: Nullable(Type.String({ format: 'date-time' })),
  registeredAt: Type.String({ format: 'date-time' }),
});
export type Volunteer = Static<typeof Volunteer>;
export const VolunteerPage = Type.Object({
  items: Type.Array(Volunteer),
  total: Type.Integer({ minimum: 0 }),
  totalCapped: Type.Optional(Type.Boolean({ description: 'true: more than `total` rows match; total is the cap' })),
});
export type VolunteerPage = Static<typeof VolunteerPage>;

export const VolunteerListQuery = Type.Object({
  ...PageQuery.properties,
  regionId: Type.Optional(Id),
  status: Type.Optional(Type.Enum(VOLUNTEER_STATUSES)),
  serviceCategory: Type.Optional(Type.Enum(SERVICE_CATEGORIES)),
  partyMember: Type.Optional(Type.Boolean()),
  /** Name fragment, volunteer number, or a full mobile number. */
  q: Type.Optional(SearchText),
});
export type VolunteerListQuery = Static<typeof VolunteerListQuery>;

export const RejectVolunteerBody = Type.Object({ reason: Text(200) });
export type RejectVolunteerBody = Static<typeof RejectVolunteerBody>;

/** My volunteer registration, or null before I apply. */
export const MyVolunteer = Type.Object({ volunteer: Nullable(Volunteer) });
export type MyVolunteer = Static<typeof MyVolunteer>;

/** Where one can register (public): towns, their communities and the level below, names only. */
export const RegistrationPlaces = Type.Object({
  towns: Type.Array(
    Type.Object({
      id: Id,
      name: Type.String(),
      communities: Type.Array(
        Type.Object({ id: Id, name: Type.String(), children: Type.Array(Type.Object({ id: Id, name: Type.String() })) }),
      ),
    }),
  ),
});
export type RegistrationPlaces = Static<typeof RegistrationPlaces>;

// ------------------------------------------------------------------ teams

export const Team = Type.Object({
  id: Id,
  townId: Id,
  kind: Type.Enum(TEAM_KINDS),
  name: Type.String(),
  /** The region the team serves. */
  regionId: Id,
  regionPath: Type.Array(Type.String()),
  /** Who runs a professional team: an office, a company or a social organisation. */
  organiser: Nullable(Type.String()),
  parentId: Nullable(Id),
  leaderAccountId: Nullable(Id),
  leaderName: Nullable(Type.String()),
  mentorAccountId: Nullable(Id),
  mentorName: Nullable(Type.String()),
  serviceCategories: Type.Array(Type.Enum(SERVICE_CATEGORIES)),
  memberCount: Type.Integer({ minimum: 0 }),
  pendingCount: Type.Integer({ minimum: 0 }),
  createdAt: Type.String({ format: 'date-time' }),
});
export type Team = Static<typeof Team>;
export const TeamList = Type.Object({ items: Type.Array(Team) });
export type TeamList = Static<typeof TeamList>;
export const TeamListQuery = Type.Object({
  regionId: Type.Optional(Id),
  kind: Type.Optional(Type.Enum(TEAM_KINDS)),
  q: Type.Optional(SearchText),
});
export type TeamListQuery = Static<typeof TeamListQuery>;

export const CreateTeamBody = Type.Object({
  kind: Type.Enum(TEAM_KINDS),
  name: Text(60),
  regionId: Id,
  organiser: Type.Optional(Nullable(Text(60))),
  parentId: Type.Optional(Nullable(Id)),
  leaderAccountId: Type.Optional(Nullable(Id)),
  mentorAccountId: Type.Optional(Nullable(Id)),
  serviceCategories: Type.Array(Type.Enum(SERVICE_CATEGORIES), { maxItems: 11 }),
});
export type CreateTeamBody = Static<typeof CreateTeamBody>;
export const UpdateTeamBody = Type.Object({
  name: Type.Optional(Text(60)),
  organiser: Type.Optional(Nullable(Text(60))),
  leaderAccountId: Type.Optional(Nullable(Id)),
  mentorAccountId: Type.Optional(Nullable(Id)),
  serviceCategories: Type.Optional(Type.Array(Type.Enum(SERVICE_CATEGORIES), { maxItems: 11 })),
});
export type UpdateTeamBody = Static<typeof UpdateTeamBody>;

export const TeamMember = Type.Object({
  id: Id,
  teamId: Id,
  volunteerId: Id,
  name: Type.String(),
  volunteerNo: Nullable(Type.String()),
  partyMember: Type.Boolean(),
  status: Type.Enum(TEAM_MEMBER_STATUSES),
  appliedAt: Type.String({ format: 'date-time' }),
  joinedAt: Nullable(Type.String({ format: 'date-time' })),
  leftAt: Nullable(Type.String({ format: 'date-time' })),
});
export type TeamMember = Static<typeof TeamMember>;
export const TeamMemberList = Type.Object({ items: Type.Array(TeamMember) });
export type TeamMemberList = Static<typeof TeamMemberList>;
export const TeamMemberParams = Type.Object({ id: Id, memberId: Id });
export type TeamMemberParams = Static<typeof TeamMemberParams>;

/** The teams I belong to or applied to join. */
export const MyTeams = Type.Object({ items: Type.Array(Type.Object({ team: Team, membership: TeamMember })) });
export type MyTeams = Static<typeof MyTeams>;
