-- Volunteers: a registration per account, reviewed by the community; an approved volunteer gets a
-- volunteer number (never the ID number: domain-rules §1) and the volunteer role on the region.

create table volunteer (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  account_id uuid not null references account (id),
  region_id uuid not null references region (id),
  volunteer_no text,
  name text not null check (char_length(name) between 1 and 40),
  sex text not null check (sex in ('male', 'female')),
  birth_date date not null,
  id_type text not null,
  id_cipher text not null,
  id_hash text not null,
  id_masked text not null,
  skills text[] not null default '{}',
  service_categories text[] not null default '{}',
  availability text[] not null default '{}',
  guardian_name text,
  guardian_relation text,
  guardian_consented_on date,
  status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
  reject_reason text,
  reviewed_by uuid references account (id) on delete set null,
  reviewed_at timestamptz,
  registered_at timestamptz not null default clock_timestamp(),
  updated_at timestamptz not null default now()
);
create unique index volunteer_account_key on volunteer (account_id);
create unique index volunteer_id_key on volunteer (town_id, id_hash);
create unique index volunteer_no_key on volunteer (town_id, volunteer_no) where volunteer_no is not null;
create index volunteer_region_idx on volunteer (region_id, status);

-- Volunteer numbers run per town and year (QQ2026000001): one counter row per town and year,
-- taken with UPDATE … RETURNING so two approvals never share a number.
create table volunteer_counter (
  town_id uuid not null references town (id),
  year integer not null,
  last integer not null default 0,
  primary key (town_id, year)
);

-- Teams: 1 town headquarters, one team per community (33), professional teams (X), and the
-- party-member pioneer teams under their headquarters.
create table team (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  kind text not null check (kind in ('headquarters', 'community', 'professional', 'pioneer_headquarters', 'pioneer')),
  name text not null check (char_length(name) between 1 and 60),
  region_id uuid not null references region (id),
  organiser text,
  parent_id uuid references team (id),
  leader_account_id uuid references account (id) on delete set null,
  mentor_account_id uuid references account (id) on delete set null,
  service_categories text[] not null default '{}',
  created_at timestamptz not null default clock_timestamp()
);
create unique index team_headquarters_key on team (town_id) where kind = 'headquarters';
create unique index team_pioneer_headquarters_key on team (town_id) where kind = 'pioneer_headquarters';
create unique index team_community_key on team (region_id) where kind = 'community';
create unique index team_name_key on team (town_id, name);
create index team_region_idx on team (region_id);

create table team_member (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  team_id uuid not null references team (id),
  volunteer_id uuid not null references volunteer (id),
  status text not null default 'pending' check (status in ('pending', 'active', 'left', 'rejected')),
  applied_at timestamptz not null default clock_timestamp(),
  joined_at timestamptz,
  left_at timestamptz,
  decided_by uuid references account (id) on delete set null
);
-- One open membership (pending or active) per volunteer and team; the history stays.
create unique index team_member_open_key on team_member (team_id, volunteer_id) where status in ('pending', 'active');
create index team_member_volunteer_idx on team_member (volunteer_id);
