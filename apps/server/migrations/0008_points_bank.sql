-- The points bank (志愿服务积分银行): a double-entry ledger of whole points, kept apart from the
-- service record (hours are never spent). Merchants and units stock a catalogue (积分四换:
-- services, training, venue time, goods); volunteers redeem, the merchant verifies the code.

-- Rules per town (one row; absent: the defaults in packages/shared/src/points.ts).
create table points_settings (
  town_id uuid primary key references town (id),
  help_per_hour integer not null default 10 check (help_per_hour between 0 and 1000),
  help_max_minutes integer check (help_max_minutes between 1 and 1440),
  help_bonus_min_stars smallint not null default 5 check (help_bonus_min_stars between 1 and 5),
  help_bonus_points integer not null default 5 check (help_bonus_points between 0 and 1000),
  complaint_max_stars smallint not null default 2 check (complaint_max_stars between 0 and 4),
  approval_threshold integer not null default 200 check (approval_threshold >= 1),
  hold_days integer not null default 7 check (hold_days between 1 and 90),
  expiry_months integer check (expiry_months between 1 and 120),
  expiry_on text not null default '12-31',
  expiry_warn_days integer not null default 30 check (expiry_warn_days between 1 and 90),
  updated_by uuid references account (id) on delete set null,
  updated_at timestamptz not null default now()
);

-- Points per hour by activity category (absent: 10 per hour, capped at 240 minutes, 2 to the team).
create table points_rate (
  town_id uuid not null references town (id),
  category text not null,
  per_hour integer not null check (per_hour between 0 and 1000),
  max_minutes integer check (max_minutes between 1 and 1440),
  team_per_hour integer not null default 0 check (team_per_hour between 0 and 1000),
  primary key (town_id, category)
);

-- Merchants and units that stock the catalogue (爱心商家, 共建单位), and the accounts that act for them.
create table merchant (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  region_id uuid not null references region (id),
  kind text not null check (kind in ('business', 'unit')),
  name text not null check (char_length(name) between 1 and 60),
  address text not null check (char_length(address) between 1 and 120),
  lat double precision check (lat between -90 and 90),
  lng double precision check (lng between -180 and 180),
  contact text not null default '',
  intro text not null default '',
  active boolean not null default true,
  created_by uuid references account (id) on delete set null,
  created_at timestamptz not null default clock_timestamp()
);
create unique index merchant_name_key on merchant (town_id, name);
create index merchant_region_idx on merchant (region_id);

create table merchant_member (
  merchant_id uuid not null references merchant (id),
  account_id uuid not null references account (id),
  primary key (merchant_id, account_id)
);
-- An account acts for one merchant.
create unique index merchant_member_account_key on merchant_member (account_id);

-- Accounts. The issuing account (one per town) is where points come from and the only one that may
-- go below zero; a hold account (one per merchant) keeps the points of codes not yet verified.
-- The balance is kept by the entry trigger below, so it always equals the sum of the entries.
create table points_account (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  kind text not null check (kind in ('issuing', 'volunteer', 'team', 'merchant', 'hold')),
  region_id uuid not null references region (id),
  volunteer_id uuid references volunteer (id),
  team_id uuid references team (id),
  merchant_id uuid references merchant (id),
  balance integer not null default 0,
  updated_at timestamptz not null default clock_timestamp(),
  constraint points_account_not_negative check (kind = 'issuing' or balance >= 0),
  constraint points_account_owner check (
    (kind = 'volunteer') = (volunteer_id is not null)
    and (kind = 'team') = (team_id is not null)
    and (kind in ('merchant', 'hold')) = (merchant_id is not null))
);
create unique index points_account_issuing_key on points_account (town_id) where kind = 'issuing';
create unique index points_account_volunteer_key on points_account (volunteer_id) where volunteer_id is not null;
create unique index points_account_team_key on points_account (team_id) where team_id is not null;
create unique index points_account_merchant_key on points_account (merchant_id, kind) where merchant_id is not null;
create index points_account_region_idx on points_account (region_id, kind);

-- One movement of points; its entries sum to zero (checked at commit by a constraint trigger).
create table points_txn (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  kind text not null check (kind in ('earn', 'earn_adjust', 'grant', 'deduct', 'hold', 'settle', 'release', 'expire', 'reverse')),
  memo text not null check (char_length(memo) between 1 and 300),
  reverses_id uuid references points_txn (id),
  service_record_id uuid references service_record (id),
  redemption_id uuid,
  adjustment_id uuid,
  -- Points a correction could not take back because they were already spent (written off).
  shortfall integer not null default 0 check (shortfall >= 0),
  created_by uuid references account (id) on delete set null,
  created_at timestamptz not null default clock_timestamp()
);
-- A transaction is reversed at most once.
create unique index points_txn_reverses_key on points_txn (reverses_id) where reverses_id is not null;
create index points_txn_record_idx on points_txn (service_record_id) where service_record_id is not null;
create index points_txn_redemption_idx on points_txn (redemption_id) where redemption_id is not null;

create table points_entry (
  id bigint generated always as identity primary key,
  txn_id uuid not null references points_txn (id),
  account_id uuid not null references points_account (id),
  amount integer not null check (amount <> 0),
  balance_after integer not null default 0,
  created_at timestamptz not null default clock_timestamp()
);
create index points_entry_account_idx on points_entry (account_id, id desc);
create index points_entry_txn_idx on points_entry (txn_id);

-- Each entry moves its account's balance in the same statement (and the account's check refuses a
-- balance below zero), and records the balance after it for statements.
create function points_entry_apply() returns trigger language plpgsql as $$
begin
  update points_account set balance = balance + new.amount, updated_at = clock_timestamp()
    where id = new.account_id returning balance into new.balance_after;
  if not found then
    raise exception 'points account % does not exist', new.account_id using errcode = '23503';
  end if;
  return new;
end $$;
create trigger points_entry_apply before insert on points_entry
  for each row execute function points_entry_apply();

-- Entries are never updated or deleted: a mistake is reversed by a new transaction.
create function points_entry_append_only() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only', tg_table_name using errcode = '55000';
end $$;
create trigger points_entry_no_change before update or delete on points_entry
  for each row execute function points_entry_append_only();
create trigger points_entry_no_truncate before truncate on points_entry
  for each statement execute function points_entry_append_only();
create trigger points_txn_no_change before update or delete on points_txn
  for each row execute function points_entry_append_only();
create trigger points_txn_no_truncate before truncate on points_txn
  for each statement execute function points_entry_append_only();

-- At commit, every transaction that gained entries must sum to zero and have at least two.
create function points_txn_balanced() returns trigger language plpgsql as $$
declare
  total integer;
  n integer;
begin
  select coalesce(sum(amount), 0), count(*) into total, n from points_entry where txn_id = new.txn_id;
  if total <> 0 or n < 2 then
    raise exception 'points transaction % does not balance (sum %, % entries)', new.txn_id, total, n
      using errcode = '23514', constraint = 'points_txn_balanced';
  end if;
  return null;
end $$;
create constraint trigger points_txn_balanced after insert on points_entry
  deferrable initially deferred for each row execute function points_txn_balanced();

-- What a service record has earned so far, with the rule it earned under (a later correction
-- recomputes with the same rule; a rule change does not rewrite the past).
create table points_earning (
  service_record_id uuid primary key references service_record (id),
  town_id uuid not null references town (id),
  volunteer_id uuid not null references volunteer (id),
  team_id uuid references team (id),
  per_hour integer not null,
  max_minutes integer,
  team_per_hour integer not null default 0,
  bonus integer not null default 0,
  -- A complaint upheld: the hours stay on the record, the points are nil.
  nil boolean not null default false,
  points integer not null default 0,
  team_points integer not null default 0,
  updated_at timestamptz not null default clock_timestamp()
);

-- Grants and deductions by an admin; above the town's threshold a second person approves (maker–checker).
create table points_adjustment (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  account_id uuid not null references points_account (id),
  amount integer not null check (amount <> 0),
  reason text not null check (char_length(reason) between 1 and 200),
  status text not null default 'pending' check (status in ('pending', 'posted', 'rejected')),
  requested_by uuid not null references account (id),
  requested_at timestamptz not null default clock_timestamp(),
  decided_by uuid references account (id),
  decided_at timestamptz,
  decision_reason text,
  txn_id uuid references points_txn (id),
  constraint points_adjustment_checker check (decided_by is null or status = 'posted' and decided_by <> requested_by or status = 'rejected')
);
create index points_adjustment_pending_idx on points_adjustment (town_id, requested_at) where status = 'pending';

-- The catalogue (爱心资源库): what a merchant offers for points.
create table catalog_item (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  merchant_id uuid not null references merchant (id),
  kind text not null check (kind in ('service', 'training', 'venue', 'goods')),
  title text not null check (char_length(title) between 1 and 60),
  description text not null default '' check (char_length(description) <= 1000),
  price integer not null check (price between 1 and 1000000),
  -- Units left on the shelf; never below zero however many redeem at once.
  stock integer not null default 0 check (stock >= 0),
  per_person_limit integer not null default 1 check (per_person_limit between 1 and 100),
  valid_from date not null,
  valid_until date not null,
  collect_at text not null check (char_length(collect_at) between 1 and 120),
  lat double precision check (lat between -90 and 90),
  lng double precision check (lng between -180 and 180),
  photo_id uuid references attachment (id),
  status text not null default 'pending' check (status in ('pending', 'listed', 'rejected', 'withdrawn')),
  moderation_reason text,
  moderated_by uuid references account (id) on delete set null,
  created_by uuid references account (id) on delete set null,
  created_at timestamptz not null default clock_timestamp(),
  constraint catalog_item_validity check (valid_until >= valid_from)
);
create index catalog_item_listing_idx on catalog_item (town_id, status, kind);
create index catalog_item_merchant_idx on catalog_item (merchant_id);

-- Time slots of venue-time items: a booking takes a place (capacity), the same pattern rooms will use.
create table catalog_slot (
  id uuid primary key default gen_random_uuid(),
  item_id uuid not null references catalog_item (id),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  capacity integer not null check (capacity between 1 and 500),
  taken integer not null default 0,
  constraint catalog_slot_times check (ends_at > starts_at),
  constraint catalog_slot_capacity check (taken between 0 and capacity)
);
create index catalog_slot_item_idx on catalog_slot (item_id, starts_at);

create table redemption (
  id uuid primary key default gen_random_uuid(),
  town_id uuid not null references town (id),
  item_id uuid not null references catalog_item (id),
  merchant_id uuid not null references merchant (id),
  volunteer_id uuid not null references volunteer (id),
  slot_id uuid references catalog_slot (id),
  quantity integer not null check (quantity between 1 and 100),
  points integer not null check (points >= 1),
  code text not null check (code ~ '^[0-9]{8}$'),
  status text not null default 'held' check (status in ('held', 'verified', 'expired', 'cancelled')),
  expires_at timestamptz not null,
  verified_at timestamptz,
  verified_by uuid references account (id) on delete set null,
  closed_at timestamptz,
  created_at timestamptz not null default clock_timestamp()
);
-- A code is unique among the town's codes still to be verified.
create unique index redemption_code_key on redemption (town_id, code) where status = 'held';
create index redemption_volunteer_idx on redemption (volunteer_id, created_at desc);
create index redemption_item_idx on redemption (item_id, volunteer_id) where status in ('held', 'verified');
create index redemption_merchant_idx on redemption (merchant_id, created_at desc);

-- A retried write with the same Idempotency-Key answers what the first answered and does nothing more.
create table idempotency_key (
  account_id uuid not null references account (id),
  key text not null check (char_length(key) between 1 and 200),
  route text not null,
  status integer,
  response jsonb,
  created_at timestamptz not null default clock_timestamp(),
  primary key (account_id, key)
);
