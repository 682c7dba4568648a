-- Activities: what a team organises (Red Saturday and every other), the dated occurrences a
-- recurrence rule generates, sign-ups held in capacity slots, attendance (QR check-in/out),
-- and the service record that confirmed minutes feed (domain-rules §1.2).

-- Categories a town uses (治理类/关爱类/文体类 and others); a town admin edits its own list.
create table activity_category (
  town_id uuid not null references town (id),
  code text not null check (code ~ '^[a-z][a-z0-9_]{0,31}$'),
  label text not null check (char_length(label) between 1 and 20),
  sort smallint not null default 0,
  primary key (town_id, code)
);
insert into activity_category (town_id, code, label, sort)
select t.id, d.code, d.label, d.sort
from town t
cross join (values ('governance', '治理类', 1), ('care', '关爱类', 2), ('culture_sports', '文体类', 3),
  ('environment', '人居环境', 4), ('civilization', '文明实践', 5)) as d (code, label, sort);

-- An activity as published: one-off, or a series with a recurrence rule (RFC 5545 RRULE, e.g.
-- FREQ=MONTHLY;BYDAY=1SA for the first Saturday of every month). Times of day are local to the
-- town; every dated occurrence is a row of activity_occurrence.
create table activity (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  region_id uuid not null references region (id),
  organiser_team_id uuid not null references team (id),
  -- The paired professional team that runs it together with the organiser (三结对), if any.
  partner_team_id uuid references team (id),
  title text not null check (char_length(title) between 1 and 80),
  description text not null default '' check (char_length(description) <= 4000),
  category text not null,
  monthly_theme text check (char_length(monthly_theme) <= 40),
  site text not null check (char_length(site) between 1 and 120),
  lat double precision check (lat between -90 and 90),
  lng double precision check (lng between -180 and 180),
  -- Check-in must happen within this many metres of (lat, lng); null: no geofence.
  geofence_m integer check (geofence_m between 50 and 5000),
  capacity integer not null check (capacity between 1 and 5000),
  eligibility text not null default 'everyone' check (eligibility in ('everyone', 'team', 'party', 'skill')),
  eligibility_team_id uuid references team (id),
  eligibility_skill text check (char_length(eligibility_skill) <= 20),
  insurance_required boolean not null default false,
  -- First occurrence (local date and times) and the rule that repeats it.
  first_date date not null,
  start_time time not null,
  end_time time not null,
  rrule text check (char_length(rrule) <= 200),
  until_date date,
  status text not null default 'draft' check (status in ('draft', 'published', 'cancelled')),
  created_by uuid references account (id) on delete set null,
  created_at timestamptz not null default clock_timestamp(),
  updated_at timestamptz not null default now(),
  constraint activity_times check (end_time > start_time),
  constraint activity_place check ((lat is null) = (lng is null) and (geofence_m is null or lat is not null)),
  constraint activity_eligibility check (
    (eligibility = 'team') = (eligibility_team_id is not null) and (eligibility = 'skill') = (eligibility_skill is not null))
);
create index activity_region_idx on activity (region_id, status);
create index activity_team_idx on activity (organiser_team_id);

create table activity_occurrence (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  activity_id uuid not null references activity (id),
  -- Copied from the activity so lists and calendars need no join to scope by region.
  region_id uuid not null references region (id),
  -- The date the rule produced; edits move starts_at but keep this, so regenerating never duplicates.
  rule_date date not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  capacity integer not null check (capacity between 1 and 5000),
  site text,
  note text check (char_length(note) <= 400),
  -- Edited one by one: a later change to the series leaves it alone.
  detached boolean not null default false,
  status text not null default 'scheduled' check (status in ('scheduled', 'cancelled')),
  -- iCalendar SEQUENCE: bumped on every change a subscriber should see.
  sequence integer not null default 0,
  reminded_at timestamptz,
  hours_reminded_on date,
  hours_overdue_notified_at timestamptz,
  constraint activity_occurrence_times check (ends_at > starts_at)
);
create unique index activity_occurrence_rule_key on activity_occurrence (activity_id, rule_date);
create index activity_occurrence_region_idx on activity_occurrence (region_id, starts_at);
create index activity_occurrence_starts_idx on activity_occurrence (starts_at) where status = 'scheduled';

-- One row per place of an occurrence. A sign-up takes a free slot with FOR UPDATE SKIP LOCKED, so
-- concurrent sign-ups spread over rows instead of queueing on one counter (quality.md), and the
-- unique signup_id makes "more sign-ups than capacity" impossible by construction.
create table activity_slot (
  occurrence_id uuid not null references activity_occurrence (id),
  slot_no integer not null,
  signup_id uuid,
  primary key (occurrence_id, slot_no)
);
create unique index activity_slot_signup_key on activity_slot (signup_id);
create index activity_slot_free_idx on activity_slot (occurrence_id, slot_no) where signup_id is null;

create table activity_signup (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  occurrence_id uuid not null references activity_occurrence (id),
  volunteer_id uuid not null references volunteer (id),
  status text not null check (status in ('confirmed', 'waitlisted', 'cancelled')),
  -- Waitlist order: the moment the volunteer asked (clock_timestamp, so one transaction's rows differ).
  requested_at timestamptz not null default clock_timestamp(),
  confirmed_at timestamptz,
  cancelled_at timestamptz,
  cancelled_by uuid references account (id) on delete set null,
  -- Attendance on the day.
  checked_in_at timestamptz,
  check_in_method text check (check_in_method in ('qr', 'manual')),
  check_in_distance_m integer,
  checked_out_at timestamptz,
  check_out_method text check (check_out_method in ('qr', 'manual')),
  checked_in_by uuid references account (id) on delete set null
);
create unique index activity_signup_open_key on activity_signup (occurrence_id, volunteer_id)
  where status in ('confirmed', 'waitlisted');
create index activity_signup_waitlist_idx on activity_signup (occurrence_id, requested_at) where status = 'waitlisted';
create index activity_signup_volunteer_idx on activity_signup (volunteer_id, status);

-- The volunteer's service record (志愿服务记录, domain-rules §1.2): what was done, when, where,
-- for how long, organised by whom. Minutes count only once confirmed; activities feed it now and
-- help requests later (source).
create table service_record (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  volunteer_id uuid not null references volunteer (id),
  region_id uuid not null references region (id),
  source text not null check (source in ('activity', 'help_request', 'manual')),
  occurrence_id uuid references activity_occurrence (id),
  signup_id uuid references activity_signup (id),
  title text not null,
  category text,
  served_on date not null,
  place text,
  content text,
  organiser text,
  leader_name text,
  -- Measured from check-in to check-out, within the activity's own start and end.
  measured_minutes integer not null default 0 check (measured_minutes >= 0),
  minutes integer not null default 0 check (minutes between 0 and 1440),
  status text not null default 'pending' check (status in ('pending', 'confirmed')),
  -- Confirm by this date: 10 working days after the activity ended (办法第 11 条).
  due_on date not null,
  confirmed_by uuid references account (id) on delete set null,
  confirmed_at timestamptz,
  created_at timestamptz not null default clock_timestamp()
);
create unique index service_record_signup_key on service_record (signup_id);
create index service_record_volunteer_idx on service_record (volunteer_id, served_on desc);
create index service_record_pending_idx on service_record (occurrence_id) where status = 'pending';

-- A volunteer asks for a record to be corrected; the organiser accepts (minutes change, audited)
-- or refuses with a reason.
create table service_correction (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  record_id uuid not null references service_record (id),
  volunteer_id uuid not null references volunteer (id),
  requested_minutes integer not null check (requested_minutes between 0 and 1440),
  reason text not null check (char_length(reason) between 1 and 400),
  status text not null default 'pending' check (status in ('pending', 'accepted', 'refused')),
  decision_reason text,
  decided_by uuid references account (id) on delete set null,
  decided_at timestamptz,
  created_at timestamptz not null default clock_timestamp()
);
create unique index service_correction_open_key on service_correction (record_id) where status = 'pending';

-- Training, awards and evaluations on the record (办法第 8–10 条), entered by the organisation.
create table volunteer_training (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  volunteer_id uuid not null references volunteer (id),
  name text not null check (char_length(name) between 1 and 80),
  content text,
  minutes integer not null check (minutes between 1 and 6000),
  organiser text not null,
  held_on date not null,
  created_by uuid references account (id) on delete set null,
  created_at timestamptz not null default clock_timestamp()
);
create index volunteer_training_idx on volunteer_training (volunteer_id);

create table volunteer_award (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  volunteer_id uuid not null references volunteer (id),
  name text not null check (char_length(name) between 1 and 80),
  awarded_on date not null,
  awarded_by text not null,
  created_by uuid references account (id) on delete set null,
  created_at timestamptz not null default clock_timestamp()
);
create index volunteer_award_idx on volunteer_award (volunteer_id);

create table volunteer_evaluation (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  volunteer_id uuid not null references volunteer (id),
  stars smallint check (stars between 1 and 5),
  comment text not null check (char_length(comment) between 1 and 400),
  evaluated_on date not null,
  evaluator text not null,
  created_by uuid references account (id) on delete set null,
  created_at timestamptz not null default clock_timestamp()
);
create index volunteer_evaluation_idx on volunteer_evaluation (volunteer_id);

-- Secret links for iCalendar subscriptions: one per volunteer or community, stored as a hash.
create table calendar_feed (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  owner_kind text not null check (owner_kind in ('volunteer', 'community')),
  owner_id uuid not null,
  token_hash text not null,
  created_at timestamptz not null default clock_timestamp()
);
create unique index calendar_feed_owner_key on calendar_feed (owner_kind, owner_id);
create unique index calendar_feed_token_key on calendar_feed (token_hash);
