-- Party members' quantified points (党员量化积分) and the pioneer index (党员先锋指数): a ledger of
-- its own, apart from volunteer points. Items a branch enters (三会一课, 主题党日, training,
-- deductions) are entries here; items the platform already records (confirmed service hours, help
-- requests served, household contacts) are read from their own tables when a year is totalled.

create table party_points_item (
  town_id uuid not null references town (id),
  code text not null check (code ~ '^[a-z][a-z0-9_]{0,31}$'),
  label text not null check (char_length(label) between 1 and 30),
  points integer not null check (points between -100 and 100 and points <> 0),
  unit text not null check (char_length(unit) between 1 and 6),
  yearly_cap integer check (yearly_cap between 1 and 10000),
  weight integer not null default 0 check (weight between 0 and 100),
  source text not null check (source in ('manual', 'volunteer_hours', 'help_answered', 'household_contact')),
  sort smallint not null default 0,
  primary key (town_id, code)
);

-- Entries of the manual items; never changed: a mistake is undone by a reversing entry.
create table party_points_entry (
  id bigint generated always as identity primary key,
  town_id uuid not null references town (id),
  member_id uuid not null references party_member (id),
  item text not null,
  year smallint not null,
  happened_on date not null,
  quantity integer not null check (quantity <> 0),
  points integer not null,
  reason text not null check (char_length(reason) between 1 and 300),
  reverses_id bigint references party_points_entry (id),
  created_by uuid references account (id) on delete set null,
  created_at timestamptz not null default clock_timestamp()
);
create index party_points_entry_member_idx on party_points_entry (member_id, year);
create unique index party_points_entry_reverses_key on party_points_entry (reverses_id) where reverses_id is not null;
create trigger party_points_entry_no_change before update or delete on party_points_entry
  for each row execute function points_entry_append_only();

-- A year's ranking published to a branch (公示): what was shown, kept as it was shown.
create table party_points_notice (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  org_id uuid not null references party_org (id),
  region_id uuid not null references region (id),
  year smallint not null,
  snapshot jsonb not null,
  published_by uuid references account (id) on delete set null,
  published_at timestamptz not null default clock_timestamp()
);
create index party_points_notice_org_idx on party_points_notice (org_id, year);

-- Help requests served, counted per volunteer: the service record's source says which.
create index service_record_confirmed_idx on service_record (volunteer_id, served_on) where status = 'confirmed';
