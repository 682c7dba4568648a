-- The three pairings (三结对, seed 000) and what the "四个一" duties need beyond activities:
-- community team ↔ professional team, mentor ↔ community team, resource provider ↔ community;
-- the monthly theme each pair agrees (一月一主题), the quarterly needs-and-services list they
-- draw up together, and the practical matters each community solves (急难愁盼, 我为群众办实事).

create table pairing (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  kind text not null check (kind in ('team', 'mentor', 'resource')),
  -- The village or community (a depth-1 region).
  community_id uuid not null references region (id),
  -- Its community team: team and mentor pairings pair that team.
  community_team_id uuid references team (id),
  partner_team_id uuid references team (id),
  mentor_account_id uuid references account (id),
  -- A resource provider is a unit, merchant or organisation: a name, how to reach it, an account if it has one.
  provider_name text check (char_length(provider_name) between 1 and 80),
  provider_contact text check (char_length(provider_contact) <= 120),
  provider_account_id uuid references account (id),
  note text check (char_length(note) <= 400),
  -- Local calendar days, both inclusive; no end date: in force until ended.
  start_date date not null,
  end_date date,
  created_by uuid references account (id) on delete set null,
  created_at timestamptz not null default clock_timestamp(),
  updated_at timestamptz not null default now(),
  constraint pairing_dates check (end_date is null or end_date >= start_date),
  constraint pairing_partner check (
    (kind = 'team') = (partner_team_id is not null)
    and (kind = 'mentor') = (mentor_account_id is not null)
    and (kind = 'resource') = (provider_name is not null)
    and (kind = 'resource') = (community_team_id is null)
    and (kind = 'resource' or (provider_contact is null and provider_account_id is null))
  )
);
create index pairing_community_idx on pairing (community_id, kind, start_date);
create index pairing_partner_team_idx on pairing (partner_team_id) where partner_team_id is not null;
-- One open-ended pairing per community and partner (the service also refuses overlapping periods).
create unique index pairing_team_open_key on pairing (community_id, partner_team_id) where kind = 'team' and end_date is null;
create unique index pairing_mentor_open_key on pairing (community_id, mentor_account_id) where kind = 'mentor' and end_date is null;
create unique index pairing_resource_open_key on pairing (community_id, provider_name) where kind = 'resource' and end_date is null;

-- 一月一主题: one row per pairing and month.
create table pairing_theme (
  pairing_id uuid not null references pairing (id) on delete cascade,
  town_id uuid not null references town (id),
  month text not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  theme text not null check (char_length(theme) between 1 and 40),
  updated_by uuid references account (id) on delete set null,
  updated_at timestamptz not null default clock_timestamp(),
  primary key (pairing_id, month)
);

-- 需求及服务清单: one per pairing and quarter, items as free text.
create table pairing_quarter_list (
  pairing_id uuid not null references pairing (id) on delete cascade,
  town_id uuid not null references town (id),
  quarter text not null check (quarter ~ '^[0-9]{4}-Q[1-4]$'),
  need_list text[] not null default '{}',
  service_list text[] not null default '{}',
  updated_by uuid references account (id) on delete set null,
  updated_at timestamptz not null default clock_timestamp(),
  primary key (pairing_id, quarter)
);
create index pairing_quarter_list_quarter_idx on pairing_quarter_list (quarter);

-- 急难愁盼: a practical matter of the community, solved on a day (null while in hand).
create table practical_matter (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  community_id uuid not null references region (id),
  title text not null check (char_length(title) between 1 and 80),
  solved_on date,
  note text check (char_length(note) <= 1000),
  created_by uuid references account (id) on delete set null,
  created_at timestamptz not null default clock_timestamp(),
  updated_at timestamptz not null default now()
);
create index practical_matter_community_idx on practical_matter (community_id, solved_on);
