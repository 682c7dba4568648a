-- Foundation: towns, the region tree, accounts and role grants, sessions, the audit log,
-- notifications. Every business table carries town_id so that a distributed PostgreSQL
-- (Citus) can shard by town later; see docs/ARCHITECTURE.md.

create table town (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  -- Names of the region levels, from the town root down (镇/村(社区)/经济社(小区)/网格/…).
  level_names text[] not null,
  timezone text not null default 'Asia/Shanghai',
  created_at timestamptz not null default now(),
  constraint town_levels check (cardinality(level_names) between 2 and 6)
);

-- The town's root node has id = town.id, so a town is also a region.
create table region (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  parent_id uuid references region (id),
  depth smallint not null check (depth between 0 and 5),
  -- Materialised path of ids: '/<root>/<child>/…/<self>/'. Subtree = path LIKE prefix || '%'.
  path text not null,
  name text not null check (char_length(name) between 1 and 60),
  code text check (code ~ '^[0-9]{12}$'),
  boundary jsonb,
  centre_lng double precision,
  centre_lat double precision,
  version integer not null default 1,
  -- clock_timestamp(): rows made in one transaction (the seed, an import) keep their order.
  created_at timestamptz not null default clock_timestamp(),
  updated_at timestamptz not null default now(),
  constraint region_root check ((depth = 0) = (parent_id is null)),
  constraint region_centre check ((centre_lng is null) = (centre_lat is null))
);
create unique index region_path_key on region (path text_pattern_ops);
create index region_parent_idx on region (parent_id);
create index region_town_idx on region (town_id);
create unique index region_sibling_name_key on region (parent_id, name);
create unique index region_code_key on region (town_id, code) where code is not null;

create table account (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  home_region_id uuid not null references region (id),
  name text not null,
  -- The mobile number is personal data: a keyed hash finds it, AES-GCM keeps it.
  mobile_hash text not null,
  mobile_cipher text not null,
  mobile_masked text not null,
  password_hash text not null,
  disabled boolean not null default false,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  locale text not null default 'zh-CN' check (locale in ('zh-CN', 'en')),
  large_text boolean not null default false,
  password_changed_at timestamptz not null default now(),
  created_at timestamptz not null default clock_timestamp(),
  updated_at timestamptz not null default now()
);
create unique index account_mobile_key on account (mobile_hash);
create index account_home_region_idx on account (home_region_id);

create table role_grant (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  account_id uuid not null references account (id) on delete cascade,
  role text not null check (role in ('town_admin', 'community_admin', 'grid_worker', 'team_leader', 'volunteer',
    'resident', 'merchant', 'lecturer', 'department_handler', 'auditor')),
  region_id uuid not null references region (id),
  granted_by uuid references account (id) on delete set null,
  created_at timestamptz not null default now()
);
create unique index role_grant_key on role_grant (account_id, role, region_id);
create index role_grant_region_idx on role_grant (region_id);

create table session (
  -- sha256 of the cookie token: a stolen database cannot be replayed as cookies.
  id text primary key,
  account_id uuid not null references account (id) on delete cascade,
  csrf_token text not null,
  ip text,
  user_agent text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index session_account_idx on session (account_id);

create table audit_log (
  id uuid primary key default gen_random_uuid(),
  -- No foreign keys: the log outlives what it describes.
  town_id uuid,
  region_id uuid,
  at timestamptz not null default clock_timestamp(),
  actor_id uuid,
  actor_name text,
  action text not null,
  entity text not null,
  entity_id text,
  before jsonb,
  after jsonb,
  ip text,
  request_id text
);
create index audit_log_at_idx on audit_log (at desc);
create index audit_log_entity_idx on audit_log (entity, entity_id);
create index audit_log_actor_idx on audit_log (actor_id, at desc);
create index audit_log_region_idx on audit_log (region_id, at desc);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only' using errcode = '55000';
end
$$;
create trigger audit_log_no_change before update or delete on audit_log
  for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_append_only();

create table notification (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  account_id uuid not null references account (id) on delete cascade,
  kind text not null,
  title text not null,
  body text not null,
  link text,
  data jsonb,
  created_at timestamptz not null default now(),
  read_at timestamptz
);
create index notification_inbox_idx on notification (account_id, created_at desc);
create index notification_unread_idx on notification (account_id) where read_at is null;

create table notification_preference (
  account_id uuid primary key references account (id) on delete cascade,
  town_id uuid not null references town (id),
  email_enabled boolean not null default false,
  email_cipher text,
  webhook_enabled boolean not null default false,
  quiet_start text,
  quiet_end text,
  updated_at timestamptz not null default now()
);

create table notification_delivery (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  notification_id uuid not null references notification (id) on delete cascade,
  channel text not null check (channel in ('email', 'webhook')),
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed', 'skipped')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error text,
  sent_at timestamptz,
  created_at timestamptz not null default now()
);
create index notification_delivery_due_idx on notification_delivery (next_attempt_at) where status = 'pending';
create index notification_delivery_notification_idx on notification_delivery (notification_id);
