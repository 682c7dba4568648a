import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | undefined | null, string | null>;

export interface TownTable {
  id: Generated<string>;
  name: string;
  level_names: string[];
  timezone: Generated<string>;
  created_at: Timestamp;
}

export interface RegionTable {
  id: Generated<string>;
  town_id: string;
  parent_id: string | null;
  depth: number;
  path: string;
  name: string;
  code: string | null;
  boundary: Json;
  centre_lng: number | null;
  centre_lat: number | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AccountTable {
  id: Generated<string>;
  town_id: string;
  home_region_id: string;
  name: string;
  mobile_hash: string;
  mobile_cipher: string;
  mobile_masked: string;
  password_hash: string;
  disabled: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  locale: Generated<string>;
  large_text: Generated<boolean>;
  password_changed_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RoleGrantTable {
  id: Generated<string>;
  town_id: string;
  account_id: string;
  role: string;
  region_id: string;
  granted_by: string | null;
  created_at: Timestamp;
}

export interface SessionTable {
  id: string;
  account_id: string;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Date;
}

export interface AuditLogTable {
  id: Generated<string>;
  town_id: string | null;
  region_id: string | null;
  at: Timestamp;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: Json;
  after: Json;
  ip: string | null;
  request_id: string | null;
}

export interface NotificationTable {
  id: Generated<string>;
  town_id: string;
  account_id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  data: Json;
  created_at: Timestamp;
  read_at: Date | null;
}

export interface NotificationPreferenceTable {
  account_id: string;
  town_id: string;
  email_enabled: Generated<boolean>;
  email_cipher: string | null;
  webhook_enabled: Generated<boolean>;
  quiet_start: string | null;
  quiet_end: string | null;
  updated_at: Timestamp;
}

export interface NotificationDeliveryTable {
  id: Generated<string>;
  town_id: string;
  notification_id: string;
  channel: string;
  status: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  sent_at: Date | null;
  created_at: Timestamp;
}

export interface MigrationTable {
  id: string;
  applied_at: Timestamp;
}

export interface DB {
  town: TownTable;
  region: RegionTable;
  account: AccountTable;
  role_grant: RoleGrantTable;
  session: SessionTable;
  audit_log: AuditLogTable;
  notification: NotificationTable;
  notification_preference: NotificationPreferenceTable;
  notification_delivery: NotificationDeliveryTable;
  _migration: MigrationTable;
}

export type RegionRow = Selectable<RegionTable>;
export type AccountRow = Selectable<AccountTable>;
export type NewAccount = Insertable<AccountTable>;
export type AccountUpdate = Updateable<AccountTable>;
export type NotificationRow = Selectable<NotificationTable>;
