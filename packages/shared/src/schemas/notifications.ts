import { Type, type Static } from 'typebox';
import { Id, PageQuery } from './common.js';

export const Notification = Type.Object({
  id: Id,
  kind: Type.String(),
  title: Type.String(),
  body: Type.String(),
  /**
   * Where the message leads inside the platform, as an absolute path: `/m/…` for the phone app,
   * `/…` for the console; null when it leads nowhere.
   */
  link: Type.Union([Type.String({ pattern: '^/' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type Notification = Static<typeof Notification>;

export const NotificationPage = Type.Object({
  items: Type.Array(Notification),
  total: Type.Integer({ minimum: 0 }),
  unread: Type.Integer({ minimum: 0 }),
});
export type NotificationPage = Static<typeof NotificationPage>;

export const NotificationListQuery = Type.Object({
  ...PageQuery.properties,
  unreadOnly: Type.Optional(Type.Boolean()),
});
export type NotificationListQuery = Static<typeof NotificationListQuery>;

const HhMm = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });

export const NotificationPreferences = Type.Object({
  email: Type.Object({
    enabled: Type.Boolean(),
    address: Type.Union([Type.String({ format: 'email', maxLength: 254 }), Type.Null()]),
  }),
  webhook: Type.Object({ enabled: Type.Boolean() }),
  /** Outbound channels wait until quiet hours end (town time); the in-app inbox never waits. */
  quietHours: Type.Union([Type.Object({ start: HhMm, end: HhMm }), Type.Null()]),
});
export type NotificationPreferences = Static<typeof NotificationPreferences>;
