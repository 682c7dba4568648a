import { Type, type Static } from 'typebox';
import { HELP_ACTIONS, HELP_DEADLINE_UNITS, HELP_POOLS, HELP_STATUSES } from '../help.js';
import { Id, PageQuery, Text, SearchText } from './common.js';

/** Null first, so that the coercing validator never turns a JSON null into 0 (see activities.ts). */
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([Type.Null(), t]);
const DateTime = Type.String({ format: 'date-time' });
const Lat = Type.Number({ minimum: -90, maximum: 90 });
const Lng = Type.Number({ minimum: -180, maximum: 180 });

export const HelpStatusSchema = Type.Enum(HELP_STATUSES);
export const HelpActionSchema = Type.Enum(HELP_ACTIONS);
export const HelpPoolSchema = Type.Enum(HELP_POOLS);

const Deadline = Type.Object({
  amount: Type.Integer({ minimum: 1, maximum: 240 }),
  unit: Type.Enum(HELP_DEADLINE_UNITS),
});

export const HelpCategory = Type.Object({
  code: Type.String(),
  label: Type.String(),
  accept: Deadline,
  claim: Deadline,
  complete: Deadline,
  /** An open pool widens (grid → community → town) after this many minutes unclaimed. */
  widenMinutes: Type.Integer({ minimum: 5, maximum: 10080 }),
  /** Party members hear of an open request first; everyone else this many minutes later. */
  partyFirstMinutes: Type.Integer({ minimum: 0, maximum: 1440 }),
});
export type HelpCategory = Static<typeof HelpCategory>;
export const HelpCategoryList = Type.Object({ items: Type.Array(HelpCategory) });
export type HelpCategoryList = Static<typeof HelpCategoryList>;
export const HelpCategoryParams = Type.Object({ code: Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$' }) });
export type HelpCategoryParams = Static<typeof HelpCategoryParams>;
export const UpdateHelpCategoryBody = Type.Object({
  label: Type.Optional(Text(20)),
  accept: Type.Optional(Deadline),
  claim: Type.Optional(Deadline),
  complete: Type.Optional(Deadline),
  widenMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 10080 })),
  partyFirstMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 1440 })),
});
export type UpdateHelpCategoryBody = Static<typeof UpdateHelpCategoryBody>;

export const HelpAttachment = Type.Object({
  id: Id,
  kind: Type.Union([Type.Literal('photo'), Type.Literal('voice')]),
  /** Filed with the request, or with the finished service. */
  stage: Type.Union([Type.Literal('request'), Type.Literal('done')]),
  url: Type.String(),
});
export type HelpAttachment = Static<typeof HelpAttachment>;

export const UploadedAttachment = Type.Object({
  id: Id,
  kind: Type.Union([Type.Literal('photo'), Type.Literal('voice')]),
  size: Type.Integer(),
});
export type UploadedAttachment = Static<typeof UploadedAttachment>;

const PersonRef = Type.Object({ id: Id, name: Type.String() });

export const HelpRequest = Type.Object({
  id: Id,
  /** A short number to read out on the phone: H + date + sequence. */
  no: Type.String(),
  status: HelpStatusSchema,
  category: Type.String(),
  categoryLabel: Type.String(),
  description: Type.String(),
  /** When the help is wanted; null: as soon as possible. */
  wantedAt: Nullable(DateTime),
  wantedNote: Nullable(Type.String()),
  /** The place: in clear for the requester, the handlers and the volunteer who claimed it; masked otherwise. */
  place: Type.String(),
  lat: Nullable(Type.Number()),
  lng: Nullable(Type.Number()),
  /** Metres from the position the caller gave (the claim hall), else null. */
  distanceM: Nullable(Type.Integer()),
  regionId: Id,
  /** The grid and its parents, town first. */
  regionNames: Type.Array(Type.String()),
  requesterName: Type.String(),
  /** Masked unless the caller handles the request or claimed it. */
  requesterPhone: Nullable(Type.String()),
  /** phone: the requester asked; grid_worker: filed on their behalf; visit: from a household visit. */
  channel: Type.Union([Type.Literal('phone'), Type.Literal('grid_worker'), Type.Literal('visit')]),
  filedByName: Type.String(),
  pool: Nullable(HelpPoolSchema),
  poolRegionName: Nullable(Type.String()),
  team: Nullable(PersonRef),
  assignee: Nullable(PersonRef),
  claimant: Nullable(PersonRef),
  acceptDueAt: Nullable(DateTime),
  claimDueAt: Nullable(DateTime),
  completeDueAt: Nullable(DateTime),
  /** A deadline of the current step has passed. */
  overdue: Type.Boolean(),
  /** Only for the requester and the handlers. */
  refusedReason: Nullable(Type.String()),
  duplicateOfId: Nullable(Id),
  checkedInAt: Nullable(DateTime),
  doneAt: Nullable(DateTime),
  doneNote: Nullable(Type.String()),
  /** Minutes credited to the volunteer's service record when the community confirmed. */
  minutes: Nullable(Type.Integer()),
  reviewStars: Nullable(Type.Integer()),
  reviewWords: Nullable(Type.String()),
  /** requester: rated by the requester; callback: recorded by a grid worker after a phone call. */
  reviewBy: Nullable(Type.Union([Type.Literal('requester'), Type.Literal('callback')])),
  attachments: Type.Array(HelpAttachment),
  createdAt: DateTime,
  updatedAt: DateTime,
  /** What the caller may do now (the buttons to show). */
  actions: Type.Array(HelpActionSchema),
});
export type HelpRequest = Static<typeof HelpRequest>;

export const HelpEvent = Type.Object({
  id: Id,
  action: HelpActionSchema,
  fromStatus: Nullable(HelpStatusSchema),
  toStatus: Nullable(HelpStatusSchema),
  at: DateTime,
  actorName: Nullable(Type.String()),
  reason: Nullable(Type.String()),
});
export type HelpEvent = Static<typeof HelpEvent>;

export const HelpRequestDetail = Type.Object({ request: HelpRequest, timeline: Type.Array(HelpEvent) });
export type HelpRequestDetail = Static<typeof HelpRequestDetail>;

export const HelpRequestPage = Type.Object({
  items: Type.Array(HelpRequest),
  total: Type.Integer({ minimum: 0 }),
  totalCapped: Type.Optional(Type.Boolean({ description: 'true: more than `total` rows match; total is the cap' })),
});
export type HelpRequestPage = Static<typeof HelpRequestPage>;

export const CreateHelpRequestBody = Type.Object({
  category: Type.String({ minLength: 1, maxLength: 32 }),
  description: Text(1000),
  wantedAt: Type.Optional(Nullable(DateTime)),
  wantedNote: Type.Optional(Nullable(Text(100))),
  /** Where; absent: the requester's household address. */
  place: Type.Optional(Nullable(Text(200))),
  lat: Type.Optional(Nullable(Lat)),
  lng: Type.Optional(Nullable(Lng)),
  attachmentIds: Type.Optional(Type.Array(Id, { maxItems: 9 })),
  /** A grid worker files for a resident who has no phone. */
  forResidentId: Type.Optional(Id),
  /** A party member files from a household visit they logged. */
  contactId: Type.Optional(Id),
});
export type CreateHelpRequestBody = Static<typeof CreateHelpRequestBody>;

export const HelpListQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(Type.Array(HelpStatusSchema, { maxItems: 12 })),
  regionId: Type.Optional(Id),
  category: Type.Optional(Type.String({ maxLength: 32 })),
  overdue: Type.Optional(Type.Boolean()),
  q: Type.Optional(SearchText),
});
export type HelpListQuery = Static<typeof HelpListQuery>;

export const HelpSummary = Type.Object({
  counts: Type.Record(Type.String(), Type.Integer()),
  overdue: Type.Integer(),
});
export type HelpSummary = Static<typeof HelpSummary>;

export const HelpPoolQuery = Type.Object({
  lat: Type.Optional(Lat),
  lng: Type.Optional(Lng),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
});
export type HelpPoolQuery = Static<typeof HelpPoolQuery>;

export const HelpMineQuery = Type.Object({
  /** active: still moving; finished: closed, cancelled, refused, duplicate. */
  state: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('finished')])),
});
export type HelpMineQuery = Static<typeof HelpMineQuery>;

export const HelpReasonBody = Type.Object({ reason: Text(400) });
export type HelpReasonBody = Static<typeof HelpReasonBody>;
export const HelpOptionalReasonBody = Type.Object({ reason: Type.Optional(Nullable(Text(400))) });
export type HelpOptionalReasonBody = Static<typeof HelpOptionalReasonBody>;

export const HelpDuplicateBody = Type.Object({ duplicateOfId: Id, reason: Type.Optional(Nullable(Text(400))) });
export type HelpDuplicateBody = Static<typeof HelpDuplicateBody>;

export const HelpDispatchBody = Type.Object({
  to: Type.Union([Type.Literal('volunteer'), Type.Literal('team'), Type.Literal('pool')]),
  volunteerId: Type.Optional(Id),
  teamId: Type.Optional(Id),
  /** For to = pool: where claiming starts (default grid); it widens on the category's timer. */
  pool: Type.Optional(Type.Union([Type.Literal('grid'), Type.Literal('community'), Type.Literal('town')])),
  reason: Type.Optional(Nullable(Text(400))),
});
export type HelpDispatchBody = Static<typeof HelpDispatchBody>;

export const HelpCheckInBody = Type.Object({ lat: Type.Optional(Nullable(Lat)), lng: Type.Optional(Nullable(Lng)) });
export type HelpCheckInBody = Static<typeof HelpCheckInBody>;

export const HelpFinishBody = Type.Object({
  note: Text(1000),
  attachmentIds: Type.Optional(Type.Array(Id, { maxItems: 9 })),
});
export type HelpFinishBody = Static<typeof HelpFinishBody>;

export const HelpReviewBody = Type.Object({
  stars: Type.Integer({ minimum: 1, maximum: 5 }),
  words: Type.Optional(Nullable(Text(400))),
});
export type HelpReviewBody = Static<typeof HelpReviewBody>;

export const HelpConfirmBody = Type.Object({
  /** Minutes to credit; absent: from check-in to done, at most 8 hours. */
  minutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })),
  note: Type.Optional(Nullable(Text(400))),
});
export type HelpConfirmBody = Static<typeof HelpConfirmBody>;
