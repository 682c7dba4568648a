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

/** A calendar day as 'YYYY-MM-DD' on both backends. */
type DateOnly = string;

export interface CareTagTable {
  town_id: string;
  code: string;
  label: string;
  sort: Generated<number>;
}

export interface HouseholdTable {
  id: Generated<string>;
  town_id: string;
  region_id: string;
  household_no: string | null;
  address_cipher: string;
  address_masked: string;
  address_hash: string;
  building: string | null;
  unit: string | null;
  room_cipher: string | null;
  room_masked: string | null;
  lng: number | null;
  lat: number | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ResidentTable {
  id: Generated<string>;
  town_id: string;
  household_id: string;
  region_id: string;
  name: string;
  name_initials: Generated<string>;
  sex: string;
  birth_date: DateOnly | null;
  id_type: Generated<string>;
  id_cipher: string | null;
  id_hash: string | null;
  id_masked: string | null;
  mobile_cipher: string | null;
  mobile_hash: string | null;
  mobile_masked: string | null;
  ethnicity: string | null;
  political_status: Generated<string>;
  new_citizen: Generated<boolean>;
  relation_to_head: string | null;
  care_tags_cipher: string | null;
  care_tag_hashes: Generated<string[]>;
  notes_cipher: string | null;
  guardian_name: string | null;
  guardian_relation: string | null;
  guardian_consented_on: DateOnly | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ResidenceMoveTable {
  id: Generated<string>;
  town_id: string;
  entity: 'household' | 'resident';
  entity_id: string;
  from_region_id: string | null;
  to_region_id: string | null;
  from_household_id: string | null;
  to_household_id: string | null;
  reason: string | null;
  actor_id: string | null;
  at: Timestamp;
}

export interface PartyOrgTable {
  id: Generated<string>;
  town_id: string;
  parent_id: string | null;
  kind: string;
  name: string;
  region_id: string;
  secretary_member_id: string | null;
  created_at: Timestamp;
}

export interface PartyMemberTable {
  id: Generated<string>;
  town_id: string;
  org_id: string;
  region_id: string;
  resident_id: string | null;
  account_id: string | null;
  name: string;
  join_date: DateOnly;
  full_date: DateOnly | null;
  status: string;
  report_region_id: string | null;
  reported_on: DateOnly | null;
  work_unit: string | null;
  pledged_services: Generated<string[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface GridDutyTable {
  id: Generated<string>;
  town_id: string;
  region_id: string;
  duty: string;
  account_id: string | null;
  resident_id: string | null;
  party_member_id: string | null;
  building: string | null;
  unit: string | null;
  created_at: Timestamp;
}

export interface HouseholdLinkTable {
  party_member_id: string;
  household_id: string;
  town_id: string;
  created_at: Timestamp;
}

export interface HouseholdContactTable {
  id: Generated<string>;
  town_id: string;
  household_id: string;
  region_id: string;
  party_member_id: string | null;
  account_id: string;
  contacted_on: DateOnly;
  way: string;
  raised_cipher: string | null;
  follow_up: Generated<string>;
  follow_up_ref: string | null;
  created_at: Timestamp;
}

export interface ImportRunTable {
  id: Generated<string>;
  town_id: string;
  region_id: string;
  account_id: string;
  kind: string;
  strict: boolean;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  rolled_back: boolean;
  errors: Json;
  created_at: Timestamp;
}

export interface VolunteerTable {
  id: Generated<string>;
  town_id: string;
  account_id: string;
  region_id: string;
  volunteer_no: string | null;
  name: string;
  sex: string;
  birth_date: DateOnly;
  id_type: string;
  id_cipher: string;
  id_hash: string;
  id_masked: string;
  skills: string[];
  service_categories: string[];
  availability: string[];
  guardian_name: string | null;
  guardian_relation: string | null;
  guardian_consented_on: DateOnly | null;
  status: Generated<string>;
  reject_reason: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  registered_at: Timestamp;
  updated_at: Timestamp;
}

export interface VolunteerCounterTable {
  town_id: string;
  year: number;
  last: Generated<number>;
}

export interface TeamTable {
  id: Generated<string>;
  town_id: string;
  kind: string;
  name: string;
  region_id: string;
  organiser: string | null;
  parent_id: string | null;
  leader_account_id: string | null;
  mentor_account_id: string | null;
  service_categories: string[];
  created_at: Timestamp;
}

export interface TeamMemberTable {
  id: Generated<string>;
  town_id: string;
  team_id: string;
  volunteer_id: string;
  status: Generated<string>;
  applied_at: Timestamp;
  joined_at: Date | null;
  left_at: Date | null;
  decided_by: string | null;
}

export interface ActivityCategoryTable {
  town_id: string;
  code: string;
  label: string;
  sort: Generated<number>;
}

export interface ActivityTable {
  id: Generated<string>;
  town_id: string;
  region_id: string;
  organiser_team_id: string;
  partner_team_id: string | null;
  title: string;
  description: Generated<string>;
  category: string;
  monthly_theme: string | null;
  site: string;
  lat: number | null;
  lng: number | null;
  geofence_m: number | null;
  capacity: number;
  eligibility: Generated<string>;
  eligibility_team_id: string | null;
  eligibility_skill: string | null;
  insurance_required: Generated<boolean>;
  first_date: DateOnly;
  /** HH:MM:SS */
  start_time: string;
  end_time: string;
  rrule: string | null;
  until_date: DateOnly | null;
  status: Generated<string>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ActivityOccurrenceTable {
  id: Generated<string>;
  town_id: string;
  activity_id: string;
  region_id: string;
  rule_date: DateOnly;
  starts_at: Date;
  ends_at: Date;
  capacity: number;
  site: string | null;
  note: string | null;
  detached: Generated<boolean>;
  status: Generated<string>;
  sequence: Generated<number>;
  reminded_at: Date | null;
  hours_reminded_on: DateOnly | null;
  hours_overdue_notified_at: Date | null;
}

export interface ActivitySlotTable {
  occurrence_id: string;
  slot_no: number;
  signup_id: string | null;
}

export interface ActivitySignupTable {
  id: Generated<string>;
  town_id: string;
  occurrence_id: string;
  volunteer_id: string;
  status: string;
  requested_at: Timestamp;
  confirmed_at: Date | null;
  cancelled_at: Date | null;
  cancelled_by: string | null;
  checked_in_at: Date | null;
  check_in_method: string | null;
  check_in_distance_m: number | null;
  checked_out_at: Date | null;
  check_out_method: string | null;
  checked_in_by: string | null;
}

export interface ServiceRecordTable {
  id: Generated<string>;
  town_id: string;
  volunteer_id: string;
  region_id: string;
  source: string;
  occurrence_id: string | null;
  signup_id: string | null;
  title: string;
  category: string | null;
  served_on: DateOnly;
  place: string | null;
  content: string | null;
  organiser: string | null;
  leader_name: string | null;
  measured_minutes: Generated<number>;
  minutes: Generated<number>;
  status: Generated<string>;
  due_on: DateOnly;
  confirmed_by: string | null;
  confirmed_at: Date | null;
  help_request_id: Generated<string | null>;
  created_at: Timestamp;
}

export interface ServiceCorrectionTable {
  id: Generated<string>;
  town_id: string;
  record_id: string;
  volunteer_id: string;
  requested_minutes: number;
  reason: string;
  status: Generated<string>;
  decision_reason: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  created_at: Timestamp;
}

export interface VolunteerTrainingTable {
  id: Generated<string>;
  town_id: string;
  volunteer_id: string;
  name: string;
  content: string | null;
  minutes: number;
  organiser: string;
  held_on: DateOnly;
  created_by: string | null;
  created_at: Timestamp;
}

export interface VolunteerAwardTable {
  id: Generated<string>;
  town_id: string;
  volunteer_id: string;
  name: string;
  awarded_on: DateOnly;
  awarded_by: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface VolunteerEvaluationTable {
  id: Generated<string>;
  town_id: string;
  volunteer_id: string;
  stars: number | null;
  comment: string;
  evaluated_on: DateOnly;
  evaluator: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface CalendarFeedTable {
  id: Generated<string>;
  town_id: string;
  owner_kind: string;
  owner_id: string;
  token_hash: string;
  /** The token sealed with DataCipher (0006), so an existing link can be shown again. */
  token_cipher: string | null;
  created_at: Timestamp;
}

export interface PairingTable {
  id: Generated<string>;
  town_id: string;
  kind: string;
  community_id: string;
  community_team_id: string | null;
  partner_team_id: string | null;
  mentor_account_id: string | null;
  provider_name: string | null;
  provider_contact: string | null;
  provider_account_id: string | null;
  note: string | null;
  start_date: DateOnly;
  end_date: DateOnly | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PairingThemeTable {
  pairing_id: string;
  town_id: string;
  month: string;
  theme: string;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface PairingQuarterListTable {
  pairing_id: string;
  town_id: string;
  quarter: string;
  need_list: Generated<string[]>;
  service_list: Generated<string[]>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface PracticalMatterTable {
  id: Generated<string>;
  town_id: string;
  community_id: string;
  title: string;
  solved_on: DateOnly | null;
  note: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MigrationTable {
  id: string;
  applied_at: Timestamp;
}

export interface JobTable {
  id: Generated<string>;
  name: string;
  key: string | null;
  run_at: Timestamp;
  payload: Json;
  attempts: Generated<number>;
  last_error: string | null;
  done_at: Date | null;
  created_at: Generated<Date>;
}

export interface HelpCategoryTable {
  town_id: string;
  code: string;
  label: string;
  accept_amount: number;
  accept_unit: string;
  claim_amount: number;
  claim_unit: string;
  complete_amount: number;
  complete_unit: string;
  widen_minutes: Generated<number>;
  party_first_minutes: Generated<number>;
  sort: Generated<number>;
}

export interface AttachmentTable {
  id: Generated<string>;
  town_id: string;
  account_id: string;
  kind: 'photo' | 'voice';
  content_type: string;
  size: number;
  bytes: Buffer;
  help_request_id: string | null;
  stage: 'request' | 'done' | null;
  created_at: Generated<Date>;
}

export interface HelpCounterTable {
  town_id: string;
  day: string;
  last: number;
}

export interface HelpRequestTable {
  id: Generated<string>;
  town_id: string;
  no: string;
  region_id: string;
  household_id: string | null;
  resident_id: string | null;
  requester_account_id: string | null;
  requester_name: string;
  phone_cipher: string | null;
  phone_masked: string | null;
  filed_by: string;
  channel: 'phone' | 'grid_worker' | 'visit';
  contact_id: string | null;
  category: string;
  description: string;
  wanted_at: Date | null;
  wanted_note: string | null;
  place_cipher: string;
  place_masked: string;
  lat: number | null;
  lng: number | null;
  status: Generated<string>;
  refused_reason: string | null;
  duplicate_of_id: string | null;
  pool: string | null;
  pool_region_id: string | null;
  team_id: string | null;
  assignee_volunteer_id: string | null;
  claimant_volunteer_id: string | null;
  dispatched_at: Date | null;
  claimed_at: Date | null;
  checked_in_at: Date | null;
  done_at: Date | null;
  done_note: string | null;
  review_stars: number | null;
  review_words: string | null;
  review_by: 'requester' | 'callback' | null;
  confirmed_by: string | null;
  confirmed_at: Date | null;
  minutes: number | null;
  accept_due_at: Date | null;
  claim_due_at: Date | null;
  complete_due_at: Date | null;
  overdue_since: Date | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface HelpEventTable {
  id: Generated<string>;
  seq: Generated<string>;
  town_id: string;
  request_id: string;
  action: string;
  from_status: string | null;
  to_status: string | null;
  actor_account_id: string | null;
  actor_name: string | null;
  reason: string | null;
  data: Json;
  at: Date;
}

export interface PointsSettingsTable {
  town_id: string;
  help_per_hour: Generated<number>;
  help_max_minutes: number | null;
  help_bonus_min_stars: Generated<number>;
  help_bonus_points: Generated<number>;
  complaint_max_stars: Generated<number>;
  approval_threshold: Generated<number>;
  hold_days: Generated<number>;
  expiry_months: number | null;
  expiry_on: Generated<string>;
  expiry_warn_days: Generated<number>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface PointsRateTable {
  town_id: string;
  category: string;
  per_hour: number;
  max_minutes: number | null;
  team_per_hour: Generated<number>;
}

export interface MerchantTable {
  id: Generated<string>;
  town_id: string;
  region_id: string;
  kind: 'business' | 'unit';
  name: string;
  address: string;
  lat: number | null;
  lng: number | null;
  contact: Generated<string>;
  intro: Generated<string>;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface MerchantMemberTable {
  merchant_id: string;
  account_id: string;
}

export interface PointsAccountTable {
  id: Generated<string>;
  town_id: string;
  kind: 'issuing' | 'volunteer' | 'team' | 'merchant' | 'hold';
  region_id: string;
  volunteer_id: string | null;
  team_id: string | null;
  merchant_id: string | null;
  balance: Generated<number>;
  updated_at: Generated<Date>;
}

export interface PointsTxnTable {
  id: Generated<string>;
  town_id: string;
  kind: 'earn' | 'earn_adjust' | 'grant' | 'deduct' | 'hold' | 'settle' | 'release' | 'expire' | 'reverse';
  memo: string;
  reverses_id: string | null;
  service_record_id: string | null;
  redemption_id: string | null;
  adjustment_id: string | null;
  shortfall: Generated<number>;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface PointsEntryTable {
  id: Generated<string>;
  txn_id: string;
  account_id: string;
  amount: number;
  balance_after: Generated<number>;
  created_at: Generated<Date>;
}

export interface PointsEarningTable {
  service_record_id: string;
  town_id: string;
  volunteer_id: string;
  team_id: string | null;
  per_hour: number;
  max_minutes: number | null;
  team_per_hour: Generated<number>;
  bonus: Generated<number>;
  nil: Generated<boolean>;
  points: Generated<number>;
  team_points: Generated<number>;
  updated_at: Generated<Date>;
}

export interface PointsAdjustmentTable {
  id: Generated<string>;
  town_id: string;
  account_id: string;
  amount: number;
  reason: string;
  status: Generated<'pending' | 'posted' | 'rejected'>;
  requested_by: string;
  requested_at: Generated<Date>;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  txn_id: string | null;
}

export interface CatalogItemTable {
  id: Generated<string>;
  town_id: string;
  merchant_id: string;
  kind: 'service' | 'training' | 'venue' | 'goods';
  title: string;
  description: Generated<string>;
  price: number;
  stock: Generated<number>;
  per_person_limit: Generated<number>;
  valid_from: string;
  valid_until: string;
  collect_at: string;
  lat: number | null;
  lng: number | null;
  photo_id: string | null;
  status: Generated<'pending' | 'listed' | 'rejected' | 'withdrawn'>;
  moderation_reason: string | null;
  moderated_by: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface CatalogSlotTable {
  id: Generated<string>;
  item_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  capacity: number;
  taken: Generated<number>;
}

export interface RedemptionTable {
  id: Generated<string>;
  town_id: string;
  item_id: string;
  merchant_id: string;
  volunteer_id: string;
  slot_id: string | null;
  quantity: number;
  points: number;
  code: string;
  status: Generated<'held' | 'verified' | 'expired' | 'cancelled'>;
  expires_at: Timestamp;
  verified_at: Date | null;
  verified_by: string | null;
  closed_at: Date | null;
  created_at: Generated<Date>;
}

export interface IdempotencyKeyTable {
  account_id: string;
  key: string;
  route: string;
  status: number | null;
  response: Json;
  created_at: Generated<Date>;
}

export interface PartyPointsItemTable {
  town_id: string;
  code: string;
  label: string;
  points: number;
  unit: string;
  yearly_cap: number | null;
  weight: Generated<number>;
  source: 'manual' | 'volunteer_hours' | 'help_answered' | 'household_contact';
  sort: Generated<number>;
}

export interface PartyPointsEntryTable {
  id: Generated<string>;
  town_id: string;
  member_id: string;
  item: string;
  year: number;
  happened_on: string;
  quantity: number;
  points: number;
  reason: string;
  reverses_id: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface PartyPointsNoticeTable {
  id: Generated<string>;
  town_id: string;
  org_id: string;
  region_id: string;
  year: number;
  snapshot: Json;
  published_by: string | null;
  published_at: Generated<Date>;
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
  care_tag: CareTagTable;
  household: HouseholdTable;
  resident: ResidentTable;
  residence_move: ResidenceMoveTable;
  party_org: PartyOrgTable;
  party_member: PartyMemberTable;
  grid_duty: GridDutyTable;
  household_link: HouseholdLinkTable;
  household_contact: HouseholdContactTable;
  import_run: ImportRunTable;
  volunteer: VolunteerTable;
  volunteer_counter: VolunteerCounterTable;
  team: TeamTable;
  team_member: TeamMemberTable;
  activity_category: ActivityCategoryTable;
  activity: ActivityTable;
  activity_occurrence: ActivityOccurrenceTable;
  activity_slot: ActivitySlotTable;
  activity_signup: ActivitySignupTable;
  service_record: ServiceRecordTable;
  service_correction: ServiceCorrectionTable;
  volunteer_training: VolunteerTrainingTable;
  volunteer_award: VolunteerAwardTable;
  volunteer_evaluation: VolunteerEvaluationTable;
  calendar_feed: CalendarFeedTable;
  pairing: PairingTable;
  pairing_theme: PairingThemeTable;
  pairing_quarter_list: PairingQuarterListTable;
  practical_matter: PracticalMatterTable;
  job: JobTable;
  help_category: HelpCategoryTable;
  attachment: AttachmentTable;
  help_counter: HelpCounterTable;
  help_request: HelpRequestTable;
  help_event: HelpEventTable;
  points_settings: PointsSettingsTable;
  points_rate: PointsRateTable;
  merchant: MerchantTable;
  merchant_member: MerchantMemberTable;
  points_account: PointsAccountTable;
  points_txn: PointsTxnTable;
  points_entry: PointsEntryTable;
  points_earning: PointsEarningTable;
  points_adjustment: PointsAdjustmentTable;
  catalog_item: CatalogItemTable;
  catalog_slot: CatalogSlotTable;
  redemption: RedemptionTable;
  idempotency_key: IdempotencyKeyTable;
  party_points_item: PartyPointsItemTable;
  party_points_entry: PartyPointsEntryTable;
  party_points_notice: PartyPointsNoticeTable;
  _migration: MigrationTable;
}

export type RegionRow = Selectable<RegionTable>;
export type AccountRow = Selectable<AccountTable>;
export type NewAccount = Insertable<AccountTable>;
export type AccountUpdate = Updateable<AccountTable>;
export type NotificationRow = Selectable<NotificationTable>;
export type HouseholdRow = Selectable<HouseholdTable>;
export type ResidentRow = Selectable<ResidentTable>;
export type PartyOrgRow = Selectable<PartyOrgTable>;
export type PartyMemberRow = Selectable<PartyMemberTable>;
