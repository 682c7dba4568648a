-- Help requests (seed 003: 居民点单、网格派单、志愿抢单、社区评单) and the platform's job queue.

-- Jobs: one row per thing to do at a time. A runner takes a due row with FOR UPDATE SKIP LOCKED,
-- runs its handler in the same transaction and marks it done there, so with several server
-- instances each job's effects happen once. A keyed job (e.g. one deadline of one request) is
-- rescheduled in place.
create table job (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  key text,
  run_at timestamptz not null,
  payload jsonb not null default '{}',
  attempts integer not null default 0,
  last_error text,
  done_at timestamptz,
  created_at timestamptz not null default clock_timestamp()
);
create unique index job_key on job (key) where key is not null;
create index job_due_idx on job (run_at) where done_at is null;

-- What residents ask help with, per town, and the deadlines of each step (working hours or days).
create table help_category (
  town_id uuid not null references town (id),
  code text not null check (code ~ '^[a-z][a-z0-9_]{0,31}$'),
  label text not null check (char_length(label) between 1 and 20),
  accept_amount integer not null check (accept_amount between 1 and 240),
  accept_unit text not null check (accept_unit in ('working_hours', 'working_days')),
  claim_amount integer not null check (claim_amount between 1 and 240),
  claim_unit text not null check (claim_unit in ('working_hours', 'working_days')),
  complete_amount integer not null check (complete_amount between 1 and 240),
  complete_unit text not null check (complete_unit in ('working_hours', 'working_days')),
  widen_minutes integer not null default 60 check (widen_minutes between 5 and 10080),
  party_first_minutes integer not null default 10 check (party_first_minutes between 0 and 1440),
  sort smallint not null default 0,
  primary key (town_id, code)
);
insert into help_category (town_id, code, label, accept_amount, accept_unit, claim_amount, claim_unit, complete_amount, complete_unit, sort)
select t.id, d.code, d.label, d.aa, d.au, d.ca, d.cu, d.pa, d.pu, d.sort
from town t
cross join (values
  ('errand', '代买代办', 2, 'working_hours', 4, 'working_hours', 1, 'working_days', 1),
  ('repair', '家电维修', 2, 'working_hours', 1, 'working_days', 3, 'working_days', 2),
  ('companion', '陪伴就医', 2, 'working_hours', 1, 'working_days', 2, 'working_days', 3),
  ('cleaning', '清洁助老', 4, 'working_hours', 1, 'working_days', 3, 'working_days', 4),
  ('tutoring', '学业辅导', 1, 'working_days', 2, 'working_days', 5, 'working_days', 5),
  ('other', '其他求助', 1, 'working_days', 2, 'working_days', 5, 'working_days', 6)
) as d (code, label, aa, au, ca, cu, pa, pu, sort);

-- Photos and voice notes, kept in the database so every server instance can serve them.
create table attachment (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  account_id uuid not null references account (id),
  kind text not null check (kind in ('photo', 'voice')),
  content_type text not null,
  size integer not null check (size > 0),
  bytes bytea not null,
  help_request_id uuid,
  stage text check (stage in ('request', 'done')),
  created_at timestamptz not null default clock_timestamp()
);
create index attachment_request_idx on attachment (help_request_id) where help_request_id is not null;

-- A short number per town and day (H20261123-0007) to read out on a phone callback.
create table help_counter (
  town_id uuid not null references town (id),
  day date not null,
  last integer not null default 0,
  primary key (town_id, day)
);

create table help_request (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  no text not null,
  -- The grid (or deepest node) where help is needed: the requester's household's, or the filer's pick.
  region_id uuid not null references region (id),
  household_id uuid references household (id) on delete set null,
  resident_id uuid references resident (id) on delete set null,
  requester_account_id uuid references account (id) on delete set null,
  requester_name text not null,
  phone_cipher text,
  phone_masked text,
  filed_by uuid not null references account (id),
  channel text not null check (channel in ('phone', 'grid_worker', 'visit')),
  contact_id uuid references household_contact (id) on delete set null,
  category text not null,
  description text not null check (char_length(description) between 1 and 1000),
  wanted_at timestamptz,
  wanted_note text,
  place_cipher text not null,
  place_masked text not null,
  lat double precision,
  lng double precision,
  status text not null default 'submitted' check (status in ('submitted', 'accepted', 'refused', 'assigned', 'open',
    'claimed', 'in_service', 'done', 'reviewed', 'closed', 'cancelled', 'duplicate')),
  refused_reason text,
  duplicate_of_id uuid references help_request (id),
  pool text check (pool in ('team', 'grid', 'community', 'town')),
  pool_region_id uuid references region (id),
  team_id uuid references team (id),
  assignee_volunteer_id uuid references volunteer (id),
  claimant_volunteer_id uuid references volunteer (id),
  dispatched_at timestamptz,
  claimed_at timestamptz,
  checked_in_at timestamptz,
  done_at timestamptz,
  done_note text,
  review_stars smallint check (review_stars between 1 and 5),
  review_words text,
  review_by text check (review_by in ('requester', 'callback')),
  confirmed_by uuid references account (id) on delete set null,
  confirmed_at timestamptz,
  minutes integer,
  accept_due_at timestamptz,
  claim_due_at timestamptz,
  complete_due_at timestamptz,
  -- Set when the current step's deadline passed (escalated); cleared when the step moves on.
  overdue_since timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default clock_timestamp(),
  updated_at timestamptz not null default clock_timestamp(),
  constraint help_request_location check ((lat is null) = (lng is null))
);
create unique index help_request_no_key on help_request (town_id, no);
create index help_request_status_idx on help_request (town_id, status, created_at desc);
create index help_request_region_idx on help_request (region_id, created_at desc);
create index help_request_open_idx on help_request (pool_region_id) where status in ('open', 'assigned');
create index help_request_requester_idx on help_request (requester_account_id, created_at desc);
create index help_request_claimant_idx on help_request (claimant_volunteer_id, created_at desc);
create index help_request_assignee_idx on help_request (assignee_volunteer_id) where assignee_volunteer_id is not null;
create index help_request_overdue_idx on help_request (town_id) where overdue_since is not null;

-- The timeline: every transition with who, when and why; never updated.
create table help_event (
  id uuid primary key default gen_random_uuid(),
  -- Insertion order: several steps can share one instant (a test clock, one transaction).
  seq bigint generated always as identity,
  town_id uuid not null references town (id),
  request_id uuid not null references help_request (id),
  action text not null,
  from_status text,
  to_status text,
  actor_account_id uuid references account (id) on delete set null,
  actor_name text,
  reason text,
  data jsonb,
  at timestamptz not null
);
create index help_event_request_idx on help_event (request_id, seq);

alter table attachment add constraint attachment_request_fk foreign key (help_request_id) references help_request (id);

-- Confirmed help requests credit the volunteer's service record (the record activities feed).
alter table service_record add column help_request_id uuid references help_request (id);
-- One record per confirmed round of service (a reopened request may be served and confirmed again).
create index service_record_help_idx on service_record (help_request_id) where help_request_id is not null;
