-- People on the grid: households and residents, care tags, party organisations and members,
-- grid duties and household contact (户联系). Protected personal data (ID numbers, mobile numbers,
-- exact addresses, care tags, notes, what a household raised) is stored only as AES-GCM
-- ciphertext, with HMAC keyed hashes where it must be found and a mask where it is shown.

-- Care tags a town uses (独居老人, 空巢老人, …); residents carry them encrypted.
create table care_tag (
  town_id uuid not null references town (id),
  code text not null check (code ~ '^[a-z][a-z0-9_]{0,31}$'),
  label text not null check (char_length(label) between 1 and 20),
  sort smallint not null default 0,
  primary key (town_id, code)
);
insert into care_tag (town_id, code, label, sort)
select t.id, d.code, d.label, d.sort
from town t
cross join (values ('living_alone', '独居老人', 1), ('empty_nest', '空巢老人', 2), ('left_behind_child', '留守儿童', 3),
  ('disabled', '残疾人', 4), ('low_income', '低保户', 5), ('extreme_poverty', '特困人员', 6),
  ('serious_illness', '重病患者', 7), ('veteran', '退役军人', 8)) as d (code, label, sort);

create table household (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  -- The grid (or any node below the town) the household sits in.
  region_id uuid not null references region (id),
  household_no text,
  address_cipher text not null,
  address_masked text not null,
  -- Keyed hash of the normalised full address (address + building + unit + room): re-imports find it.
  address_hash text not null,
  building text,
  unit text,
  room_cipher text,
  room_masked text,
  lng double precision,
  lat double precision,
  version integer not null default 1,
  created_at timestamptz not null default clock_timestamp(),
  updated_at timestamptz not null default now(),
  constraint household_location check ((lng is null) = (lat is null))
);
create index household_region_idx on household (region_id);
create unique index household_address_key on household (town_id, address_hash);
create unique index household_no_key on household (town_id, household_no) where household_no is not null;

create table resident (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  household_id uuid not null references household (id),
  -- Copied from the household (kept in step on a move) so region scoping needs no join.
  region_id uuid not null references region (id),
  name text not null check (char_length(name) between 1 and 40),
  -- Pinyin initials of the name (张三 → zs), for search.
  name_initials text not null default '',
  sex text not null check (sex in ('male', 'female')),
  birth_date date,
  id_type text not null default 'resident_id'
    check (id_type in ('resident_id', 'hk_macao_permit', 'taiwan_permit', 'passport', 'foreign_permanent', 'other')),
  id_cipher text,
  id_hash text,
  id_masked text,
  mobile_cipher text,
  mobile_hash text,
  mobile_masked text,
  ethnicity text,
  political_status text not null default 'masses'
    check (political_status in ('party_member', 'probationary_member', 'league_member', 'other_party', 'masses')),
  new_citizen boolean not null default false,
  relation_to_head text,
  -- Care tags: a ciphertext of the JSON array of codes, and one keyed hash per code for search.
  care_tags_cipher text,
  care_tag_hashes text[] not null default '{}',
  notes_cipher text,
  guardian_name text,
  guardian_relation text,
  guardian_consented_on date,
  version integer not null default 1,
  created_at timestamptz not null default clock_timestamp(),
  updated_at timestamptz not null default now(),
  constraint resident_id_parts check ((id_cipher is null) = (id_hash is null)),
  constraint resident_mobile_parts check ((mobile_cipher is null) = (mobile_hash is null))
);
create index resident_household_idx on resident (household_id);
create index resident_region_idx on resident (region_id);
create unique index resident_id_key on resident (town_id, id_hash) where id_hash is not null;
create index resident_mobile_idx on resident (mobile_hash) where mobile_hash is not null;
create index resident_initials_idx on resident (town_id, name_initials text_pattern_ops);
create index resident_care_tags_idx on resident using gin (care_tag_hashes);

-- Moves of households between grids and of residents between households, never rewritten.
create table residence_move (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  entity text not null check (entity in ('household', 'resident')),
  entity_id uuid not null,
  from_region_id uuid references region (id),
  to_region_id uuid references region (id),
  from_household_id uuid references household (id),
  to_household_id uuid references household (id),
  reason text,
  actor_id uuid references account (id) on delete set null,
  at timestamptz not null default clock_timestamp()
);
create index residence_move_entity_idx on residence_move (entity_id, at desc);

-- The party organisation tree, modelled apart from the region tree and mapped onto it.
create table party_org (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  parent_id uuid references party_org (id),
  kind text not null check (kind in ('committee', 'general_branch', 'branch', 'group')),
  name text not null check (char_length(name) between 1 and 60),
  region_id uuid not null references region (id),
  secretary_member_id uuid,
  created_at timestamptz not null default clock_timestamp()
);
create index party_org_parent_idx on party_org (parent_id);
create index party_org_region_idx on party_org (region_id);
-- A grid's party group is the party group of that grid: one per node.
create unique index party_org_group_key on party_org (region_id) where kind = 'group';
create unique index party_org_sibling_name_key on party_org (town_id, coalesce(parent_id, town_id), name);

create table party_member (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  org_id uuid not null references party_org (id),
  -- The organisation's region, copied for scoping (kept in step when the member changes branch).
  region_id uuid not null references region (id),
  resident_id uuid references resident (id) on delete set null,
  account_id uuid references account (id) on delete set null,
  name text not null,
  join_date date not null,
  full_date date,
  status text not null check (status in ('full', 'probationary')),
  -- 在职党员双报到: the community the member reported to, when, and the services pledged.
  report_region_id uuid references region (id),
  reported_on date,
  work_unit text,
  pledged_services text[] not null default '{}',
  created_at timestamptz not null default clock_timestamp(),
  updated_at timestamptz not null default now(),
  constraint party_member_dates check (full_date is null or full_date >= join_date),
  constraint party_member_report check ((report_region_id is null) = (reported_on is null))
);
create index party_member_org_idx on party_member (org_id);
create index party_member_region_idx on party_member (region_id);
create index party_member_report_idx on party_member (report_region_id) where report_region_id is not null;
create unique index party_member_resident_key on party_member (resident_id) where resident_id is not null;
create unique index party_member_account_key on party_member (account_id) where account_id is not null;
alter table party_org add constraint party_org_secretary_fk foreign key (secretary_member_id) references party_member (id) on delete set null;

-- Grid duties: grid workers, building heads, unit heads and party-member central households.
create table grid_duty (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  region_id uuid not null references region (id),
  duty text not null check (duty in ('grid_worker', 'building_head', 'unit_head', 'party_center_household')),
  account_id uuid references account (id) on delete cascade,
  resident_id uuid references resident (id) on delete cascade,
  party_member_id uuid references party_member (id) on delete cascade,
  building text,
  unit text,
  created_at timestamptz not null default clock_timestamp(),
  constraint grid_duty_person check (num_nonnulls(account_id, resident_id, party_member_id) >= 1)
);
create index grid_duty_region_idx on grid_duty (region_id);
create index grid_duty_account_idx on grid_duty (account_id) where account_id is not null;
create unique index grid_duty_key on grid_duty (region_id, duty,
  coalesce(account_id, resident_id, party_member_id), coalesce(building, ''), coalesce(unit, ''));

-- 户联系: the households each party member keeps in touch with.
create table household_link (
  party_member_id uuid not null references party_member (id) on delete cascade,
  household_id uuid not null references household (id) on delete cascade,
  town_id uuid not null references town (id),
  created_at timestamptz not null default now(),
  primary key (party_member_id, household_id)
);
create index household_link_household_idx on household_link (household_id);

-- A contact or visit with a household, logged from the phone.
create table household_contact (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  household_id uuid not null references household (id),
  region_id uuid not null references region (id),
  party_member_id uuid references party_member (id) on delete set null,
  account_id uuid not null references account (id),
  contacted_on date not null,
  way text not null check (way in ('visit', 'phone', 'wechat', 'meeting', 'other')),
  raised_cipher text,
  -- none | open (to follow up) | help_request | appeal (turned into one, by later modules)
  follow_up text not null default 'none' check (follow_up in ('none', 'open', 'help_request', 'appeal')),
  follow_up_ref uuid,
  created_at timestamptz not null default clock_timestamp()
);
create index household_contact_household_idx on household_contact (household_id, contacted_on desc);
create index household_contact_member_idx on household_contact (party_member_id, contacted_on desc);

-- Excel imports: the outcome and the per-row error report, kept for download.
create table import_run (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  region_id uuid not null references region (id),
  account_id uuid not null references account (id),
  kind text not null check (kind in ('households', 'residents', 'party_members')),
  strict boolean not null,
  total integer not null,
  created integer not null,
  updated integer not null,
  unchanged integer not null,
  failed integer not null,
  rolled_back boolean not null,
  -- [{row, column, message}]: row numbers and reasons only, no personal data.
  errors jsonb not null default '[]',
  created_at timestamptz not null default now()
);
create index import_run_account_idx on import_run (account_id, created_at desc);
