import { Type, type Static } from 'typebox';
import { Id, PageQuery } from './common.js';

export const AuditEntry = Type.Object({
  id: Id,
  at: Type.String({ format: 'date-time' }),
  actorId: Type.Union([Id, Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  entity: Type.String(),
  entityId: Type.Union([Type.String(), Type.Null()]),
  regionId: Type.Union([Id, Type.Null()]),
  /** Names from the town root down to the region; empty when the region no longer exists. */
  regionPath: Type.Array(Type.String()),
  before: Type.Unknown(),
  after: Type.Unknown(),
  ip: Type.Union([Type.String(), Type.Null()]),
});
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditPage = Type.Object({
  items: Type.Array(AuditEntry),
  total: Type.Integer({ minimum: 0 }),
  totalCapped: Type.Optional(Type.Boolean({ description: 'true: more than `total` rows match; total is the cap' })),
});
export type AuditPage = Static<typeof AuditPage>;

export const AuditQuery = Type.Object({
  ...PageQuery.properties,
  actorId: Type.Optional(Id),
  action: Type.Optional(Type.String({ maxLength: 60 })),
  entity: Type.Optional(Type.String({ maxLength: 60 })),
  entityId: Type.Optional(Type.String({ maxLength: 60 })),
  regionId: Type.Optional(Id),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
});
export type AuditQuery = Static<typeof AuditQuery>;
