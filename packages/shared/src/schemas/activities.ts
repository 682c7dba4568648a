import { Type, type Static } from 'typebox';
import {
  ACTIVITY_ELIGIBILITIES,
  ACTIVITY_STATUSES,
  SERVICE_CORRECTION_STATUSES,
  SERVICE_RECORD_STATUSES,
  SIGNUP_STATUSES,
} from '../activities.js';
import { Id, PageQuery, Text, SearchText } from './common.js';

/**
 * Null first: the request validator coerces types, and with the number first a JSON null became 0
 * (a check-in point at 0°, 0°). A blank string also reads as null, which is what forms mean by it.
 */
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([Type.Null(), t]);
const DateOnly = Type.String({ format: 'date' });
const DateTime = Type.String({ format: 'date-time' });
/** A local time of day, HH:MM. */
const TimeOfDay = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });
const Lat = Type.Number({ minimum: -90, maximum: 90 });
const Lng = Type.Number({ minimum: -180, maximum: 180 });

export const ActivityCategory = Type.Object({ code: Type.String(), label: Type.String() });
export type ActivityCategory = Static<typeof ActivityCategory>;
export const ActivityCategoryList = Type.Object({ items: Type.Array(ActivityCategory) });
export type ActivityCategoryList = Static<typeof ActivityCategoryList>;
export const CreateActivityCategoryBody = Type.Object({
  code: Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$' }),
  label: Text(20),
});
export type CreateActivityCategoryBody = Static<typeof CreateActivityCategoryBody>;

const ActivityFields = {
  title: Text(80),
  description: Type.Optional(Type.String({ maxLength: 4000 })),
  category: Type.String({ minLength: 1, maxLength: 32 }),
  monthlyTheme: Type.Optional(Nullable(Text(40))),
  site: Text(120),
  lat: Type.Optional(Nullable(Lat)),
  lng: Type.Optional(Nullable(Lng)),
  /** Check-in only within this many metres of the site; null: no geofence. */
  geofenceM: Type.Optional(Nullable(Type.Integer({ minimum: 50, maximum: 5000 }))),
  capacity: Type.Integer({ minimum: 1, maximum: 5000 }),
  eligibility: Type.Optional(Type.Enum(ACTIVITY_ELIGIBILITIES)),
  eligibilityTeamId: Type.Optional(Nullable(Id)),
  eligibilitySkill: Type.Optional(Nullable(Text(20))),
  insuranceRequired: Type.Optional(Type.Boolean()),
  partnerTeamId: Type.Optional(Nullable(Id)),
};

export const CreateActivityBody = Type.Object({
  ...ActivityFields,
  organiserTeamId: Id,
  /** Where it happens: a community or any node below it (or the town). */
  regionId: Id,
  /** Local date of the first occurrence, and local times of day. */
  firstDate: DateOnly,
  startTime: TimeOfDay,
  endTime: TimeOfDay,
  /** RFC 5545 RRULE without DTSTART (FREQ=MONTHLY;BYDAY=1SA); null or absent: a one-off. */
  rrule: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  /** Last date the rule may produce (inclusive); defaults to one year after the first date. */
  untilDate: Type.Optional(Nullable(DateOnly)),
  /** Publish at once (volunteers see it and may sign up); otherwise a draft. */
  publish: Type.Optional(Type.Boolean()),
});
export type CreateActivityBody = Static<typeof CreateActivityBody>;

/** Changes to the series apply to its future occurrences that were not edited one by one. */
export const UpdateActivityBody = Type.Partial(
  Type.Object({
    ...ActivityFields,
    description: Type.String({ maxLength: 4000 }),
    eligibility: Type.Enum(ACTIVITY_ELIGIBILITIES),
    insuranceRequired: Type.Boolean(),
    startTime: TimeOfDay,
    endTime: TimeOfDay,
  }),
);
export type UpdateActivityBody = Static<typeof UpdateActivityBody>;

export const Activity = Type.Object({
  id: Id,
  townId: Id,
  regionId: Id,
  regionPath: Type.Array(Type.String()),
  organiserTeamId: Id,
  organiserTeamName: Type.String(),
  partnerTeamId: Nullable(Id),
  partnerTeamName: Nullable(Type.String()),
  title: Type.String(),
  description: Type.String(),
  category: Type.String(),
  categoryLabel: Type.String(),
  monthlyTheme: Nullable(Type.String()),
  site: Type.String(),
  lat: Nullable(Type.Number()),
  lng: Nullable(Type.Number()),
  geofenceM: Nullable(Type.Integer()),
  capacity: Type.Integer(),
  eligibility: Type.Enum(ACTIVITY_ELIGIBILITIES),
  eligibilityTeamId: Nullable(Id),
  eligibilityTeamName: Nullable(Type.String()),
  eligibilitySkill: Nullable(Type.String()),
  insuranceRequired: Type.Boolean(),
  firstDate: DateOnly,
  startTime: TimeOfDay,
  endTime: TimeOfDay,
  rrule: Nullable(Type.String()),
  untilDate: Nullable(DateOnly),
  status: Type.Enum(ACTIVITY_STATUSES),
  occurrenceCount: Type.Integer({ minimum: 0 }),
  nextOccurrenceAt: Nullable(DateTime),
  createdByName: Nullable(Type.String()),
  createdAt: DateTime,
});
export type Activity = Static<typeof Activity>;
export const ActivityPage = Type.Object({
  items: Type.Array(Activity),
  total: Type.Integer({ minimum: 0 }),
  totalCapped: Type.Optional(Type.Boolean({ description: 'true: more than `total` rows match; total is the cap' })),
});
export type ActivityPage = Static<typeof ActivityPage>;
export const ActivityListQuery = Type.Object({
  ...PageQuery.properties,
  regionId: Type.Optional(Id),
  teamId: Type.Optional(Id),
  status: Type.Optional(Type.Enum(ACTIVITY_STATUSES)),
  category: Type.Optional(Type.String({ maxLength: 32 })),
  q: Type.Optional(SearchText),
});
export type ActivityListQuery = Static<typeof ActivityListQuery>;

/** The caller's own sign-up for an occurrence, if any. */
export const MySignupState = Type.Object({
  signupId: Id,
  status: Type.Enum(SIGNUP_STATUSES),
  /** 1-based place on the waitlist while waitlisted. */
  waitlistPosition: Nullable(Type.Integer({ minimum: 1 })),
  checkedInAt: Nullable(DateTime),
  checkedOutAt: Nullable(DateTime),
});
export type MySignupState = Static<typeof MySignupState>;

export const Occurrence = Type.Object({
  id: Id,
  activityId: Id,
  townId: Id,
  regionId: Id,
  regionPath: Type.Array(Type.String()),
  title: Type.String(),
  category: Type.String(),
  categoryLabel: Type.String(),
  monthlyTheme: Nullable(Type.String()),
  description: Type.String(),
  organiserTeamId: Id,
  organiserTeamName: Type.String(),
  partnerTeamName: Nullable(Type.String()),
  site: Type.String(),
  lat: Nullable(Type.Number()),
  lng: Nullable(Type.Number()),
  geofenceM: Nullable(Type.Integer()),
  startsAt: DateTime,
  endsAt: DateTime,
  capacity: Type.Integer(),
  signedUp: Type.Integer({ minimum: 0 }),
  waitlisted: Type.Integer({ minimum: 0 }),
  eligibility: Type.Enum(ACTIVITY_ELIGIBILITIES),
  eligibilityTeamName: Nullable(Type.String()),
  eligibilitySkill: Nullable(Type.String()),
  insuranceRequired: Type.Boolean(),
  activityStatus: Type.Enum(ACTIVITY_STATUSES),
  status: Type.Union([Type.Literal('scheduled'), Type.Literal('cancelled')]),
  note: Nullable(Type.String()),
  detached: Type.Boolean(),
  /** Distance from the point the caller gave (feed near me), metres. */
  distanceM: Nullable(Type.Integer()),
  /** May the caller manage it (edit, run check-in, confirm hours)? */
  canManage: Type.Boolean(),
  mySignup: Nullable(MySignupState),
});
export type Occurrence = Static<typeof Occurrence>;
export const OccurrenceList = Type.Object({ items: Type.Array(Occurrence) });
export type OccurrenceList = Static<typeof OccurrenceList>;

/** Console calendar: occurrences in a date range, by region and team. */
export const OccurrenceRangeQuery = Type.Object({
  from: DateOnly,
  to: DateOnly,
  regionId: Type.Optional(Id),
  teamId: Type.Optional(Id),
});
export type OccurrenceRangeQuery = Static<typeof OccurrenceRangeQuery>;

/** Phone: upcoming published occurrences of my town; near a point, or in my community. */
/**
 * The feed's cursor: the last occurrence shown (its start and id), or `n<offset>` for "near me",
 * which sorts by distance.
 */
export const FEED_CURSOR =
  '^(n[0-9]{1,3}|[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]{8,12}Z~[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$';
export const ActivityFeedQuery = Type.Object({
  scope: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('community'), Type.Literal('near')])),
  lat: Type.Optional(Lat),
  lng: Type.Optional(Lng),
  category: Type.Optional(Type.String({ maxLength: 32 })),
  /** How many to show (a phone screen holds five or six; more come with `after`). */
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  /** The `next` of the page before: the feed goes on after it. */
  after: Type.Optional(Type.String({ pattern: FEED_CURSOR, maxLength: 80 })),
});
export type ActivityFeedQuery = Static<typeof ActivityFeedQuery>;

/** A page of the feed; `next` (when more follow) is what to send as `after` for the next page. */
export const OccurrenceFeed = Type.Object({ items: Type.Array(Occurrence), next: Nullable(Type.String()) });
export type OccurrenceFeed = Static<typeof OccurrenceFeed>;

export const MyActivitiesQuery = Type.Object({
  when: Type.Optional(Type.Union([Type.Literal('upcoming'), Type.Literal('past')])),
});
export type MyActivitiesQuery = Static<typeof MyActivitiesQuery>;

export const UpdateOccurrenceBody = Type.Object({
  startsAt: Type.Optional(DateTime),
  endsAt: Type.Optional(DateTime),
  capacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
  site: Type.Optional(Nullable(Text(120))),
  note: Type.Optional(Nullable(Type.String({ maxLength: 400 }))),
});
export type UpdateOccurrenceBody = Static<typeof UpdateOccurrenceBody>;

export const Signup = Type.Object({
  id: Id,
  occurrenceId: Id,
  volunteerId: Id,
  volunteerNo: Nullable(Type.String()),
  name: Type.String(),
  mobileMasked: Type.String(),
  partyMember: Type.Boolean(),
  status: Type.Enum(SIGNUP_STATUSES),
  waitlistPosition: Nullable(Type.Integer({ minimum: 1 })),
  requestedAt: DateTime,
  checkedInAt: Nullable(DateTime),
  checkInMethod: Nullable(Type.String()),
  checkInDistanceM: Nullable(Type.Integer()),
  checkedOutAt: Nullable(DateTime),
  /** Computed from check-in to check-out within the activity's times. */
  measuredMinutes: Nullable(Type.Integer()),
  recordId: Nullable(Id),
  recordStatus: Nullable(Type.Enum(SERVICE_RECORD_STATUSES)),
  minutes: Nullable(Type.Integer()),
});
export type Signup = Static<typeof Signup>;
export const SignupList = Type.Object({ items: Type.Array(Signup) });
export type SignupList = Static<typeof SignupList>;
export const SignupParams = Type.Object({ id: Id, signupId: Id });
export type SignupParams = Static<typeof SignupParams>;

/** The organiser's phone shows this as a QR code; it changes every CHECK_IN_ROTATE_SECONDS. */
export const CheckInCode = Type.Object({
  code: Type.String(),
  /** Six digits to type instead of scanning (valid for the same period as the QR code). */
  shortCode: Type.String(),
  /** The phone-app link the QR encodes (scanning with any camera opens it). */
  url: Type.String(),
  expiresAt: DateTime,
  rotateSeconds: Type.Integer(),
});
export type CheckInCode = Static<typeof CheckInCode>;

export const CheckInBody = Type.Object({
  /** The code from the QR link, or the six-digit short code. */
  code: Type.String({ minLength: 6, maxLength: 200 }),
  /**
   * Absent: the first scan checks in, a later one checks out (a repeat within minutes of checking
   * in counts as the same scan). 'out': the volunteer confirmed they are leaving.
   */
  action: Type.Optional(Type.Union([Type.Literal('in'), Type.Literal('out')])),
  lat: Type.Optional(Lat),
  lng: Type.Optional(Lng),
});
export type CheckInBody = Static<typeof CheckInBody>;
export const CheckInResult = Type.Object({
  action: Type.Union([Type.Literal('in'), Type.Literal('out')]),
  /** The scan found the volunteer already checked in (at `at`): offer to check out. */
  repeated: Type.Boolean(),
  occurrence: Occurrence,
  at: DateTime,
  /** After check-out: the minutes that will be put to the organiser for confirmation. */
  measuredMinutes: Nullable(Type.Integer()),
});
export type CheckInResult = Static<typeof CheckInResult>;

export const ServiceRecord = Type.Object({
  id: Id,
  volunteerId: Id,
  volunteerName: Type.String(),
  volunteerNo: Nullable(Type.String()),
  source: Type.String(),
  occurrenceId: Nullable(Id),
  signupId: Nullable(Id),
  title: Type.String(),
  category: Nullable(Type.String()),
  servedOn: DateOnly,
  place: Nullable(Type.String()),
  content: Nullable(Type.String()),
  organiser: Nullable(Type.String()),
  leaderName: Nullable(Type.String()),
  checkedInAt: Nullable(DateTime),
  checkedOutAt: Nullable(DateTime),
  measuredMinutes: Type.Integer(),
  minutes: Type.Integer(),
  status: Type.Enum(SERVICE_RECORD_STATUSES),
  dueOn: DateOnly,
  overdue: Type.Boolean(),
  confirmedByName: Nullable(Type.String()),
  confirmedAt: Nullable(DateTime),
  pendingCorrection: Nullable(Type.Object({ id: Id, requestedMinutes: Type.Integer(), reason: Type.String(), createdAt: DateTime })),
});
export type ServiceRecord = Static<typeof ServiceRecord>;
export const ServiceRecordPage = Type.Object({
  items: Type.Array(ServiceRecord),
  total: Type.Integer({ minimum: 0 }),
  totalCapped: Type.Optional(Type.Boolean({ description: 'true: more than `total` rows match; total is the cap' })),
});
export type ServiceRecordPage = Static<typeof ServiceRecordPage>;
export const ServiceRecordQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(Type.Enum(SERVICE_RECORD_STATUSES)),
  regionId: Type.Optional(Id),
  occurrenceId: Type.Optional(Id),
  overdue: Type.Optional(Type.Boolean()),
});
export type ServiceRecordQuery = Static<typeof ServiceRecordQuery>;

/** The organiser confirms an occurrence's pending records, adjusting minutes where needed. */
export const ConfirmHoursBody = Type.Object({
  items: Type.Array(Type.Object({ recordId: Id, minutes: Type.Integer({ minimum: 0, maximum: 1440 }) }), {
    minItems: 1,
    maxItems: 5000,
  }),
});
export type ConfirmHoursBody = Static<typeof ConfirmHoursBody>;
export const ConfirmHoursResult = Type.Object({ confirmed: Type.Integer({ minimum: 0 }) });
export type ConfirmHoursResult = Static<typeof ConfirmHoursResult>;

export const ServiceCorrection = Type.Object({
  id: Id,
  recordId: Id,
  volunteerId: Id,
  volunteerName: Type.String(),
  title: Type.String(),
  servedOn: DateOnly,
  currentMinutes: Type.Integer(),
  requestedMinutes: Type.Integer(),
  reason: Type.String(),
  status: Type.Enum(SERVICE_CORRECTION_STATUSES),
  decisionReason: Nullable(Type.String()),
  decidedByName: Nullable(Type.String()),
  decidedAt: Nullable(DateTime),
  createdAt: DateTime,
});
export type ServiceCorrection = Static<typeof ServiceCorrection>;
export const ServiceCorrectionList = Type.Object({ items: Type.Array(ServiceCorrection) });
export type ServiceCorrectionList = Static<typeof ServiceCorrectionList>;
export const ServiceCorrectionQuery = Type.Object({
  status: Type.Optional(Type.Enum(SERVICE_CORRECTION_STATUSES)),
  /** Only corrections of records in this region's subtree (which must lie in the caller's scope). */
  regionId: Type.Optional(Id),
});
export type ServiceCorrectionQuery = Static<typeof ServiceCorrectionQuery>;
export const RequestCorrectionBody = Type.Object({
  minutes: Type.Integer({ minimum: 0, maximum: 1440 }),
  reason: Text(400),
});
export type RequestCorrectionBody = Static<typeof RequestCorrectionBody>;
export const RefuseCorrectionBody = Type.Object({ reason: Text(400) });
export type RefuseCorrectionBody = Static<typeof RefuseCorrectionBody>;

export const Training = Type.Object({
  id: Id,
  name: Type.String(),
  content: Nullable(Type.String()),
  minutes: Type.Integer(),
  organiser: Type.String(),
  heldOn: DateOnly,
});
export type Training = Static<typeof Training>;
export const CreateTrainingBody = Type.Object({
  name: Text(80),
  content: Type.Optional(Nullable(Type.String({ maxLength: 400 }))),
  minutes: Type.Integer({ minimum: 1, maximum: 6000 }),
  organiser: Text(60),
  heldOn: DateOnly,
});
export type CreateTrainingBody = Static<typeof CreateTrainingBody>;
export const Award = Type.Object({ id: Id, name: Type.String(), awardedOn: DateOnly, awardedBy: Type.String() });
export type Award = Static<typeof Award>;
export const CreateAwardBody = Type.Object({ name: Text(80), awardedOn: DateOnly, awardedBy: Text(60) });
export type CreateAwardBody = Static<typeof CreateAwardBody>;
export const Evaluation = Type.Object({
  id: Id,
  stars: Nullable(Type.Integer({ minimum: 1, maximum: 5 })),
  comment: Type.String(),
  evaluatedOn: DateOnly,
  evaluator: Type.String(),
});
export type Evaluation = Static<typeof Evaluation>;
export const CreateEvaluationBody = Type.Object({
  stars: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 5 }))),
  comment: Text(400),
  evaluatedOn: DateOnly,
  evaluator: Text(60),
});
export type CreateEvaluationBody = Static<typeof CreateEvaluationBody>;

/** A volunteer's whole record (domain-rules §1.2): profile summary, service, training, awards, evaluations. */
export const VolunteerRecord = Type.Object({
  volunteerId: Id,
  volunteerNo: Nullable(Type.String()),
  name: Type.String(),
  regionPath: Type.Array(Type.String()),
  partyMember: Type.Boolean(),
  /** Confirmed minutes only. */
  totalMinutes: Type.Integer({ minimum: 0 }),
  pendingMinutes: Type.Integer({ minimum: 0 }),
  activityCount: Type.Integer({ minimum: 0 }),
  services: Type.Array(ServiceRecord),
  trainings: Type.Array(Training),
  awards: Type.Array(Award),
  evaluations: Type.Array(Evaluation),
});
export type VolunteerRecord = Static<typeof VolunteerRecord>;

export const CalendarLink = Type.Object({ url: Type.String() });
export type CalendarLink = Static<typeof CalendarLink>;
export const CalendarTokenParams = Type.Object({ token: Type.String({ pattern: '^[A-Za-z0-9_-]{20,64}(\\.ics)?$' }) });
export type CalendarTokenParams = Static<typeof CalendarTokenParams>;
