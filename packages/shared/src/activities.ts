/** Activities (seed 000: Red Saturday, 一月一主题; domain-rules §1.2: the service record). */

export const ACTIVITY_STATUSES = ['draft', 'published', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];
export const ACTIVITY_STATUS_LABELS: Record<ActivityStatus, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  published: { zh: '已发布', en: 'Published' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

/** Who may sign up for an activity. */
export const ACTIVITY_ELIGIBILITIES = ['everyone', 'team', 'party', 'skill'] as const;
export type ActivityEligibility = (typeof ACTIVITY_ELIGIBILITIES)[number];
export const ACTIVITY_ELIGIBILITY_LABELS: Record<ActivityEligibility, { zh: string; en: string }> = {
  everyone: { zh: '所有志愿者', en: 'Every volunteer' },
  team: { zh: '指定队伍队员', en: 'Members of a team' },
  party: { zh: '党员志愿者', en: 'Party members' },
  skill: { zh: '具备指定技能', en: 'Volunteers with a skill' },
};

/**
 * Recurrence presets offered by the forms; each is an RFC 5545 RRULE. "custom" lets a console
 * user type a rule (FREQ=DAILY|WEEKLY|MONTHLY with INTERVAL, BYDAY, BYMONTHDAY, COUNT).
 */
export const RECURRENCE_PRESETS = {
  none: null,
  first_saturday: 'FREQ=MONTHLY;BYDAY=1SA',
  weekly: 'FREQ=WEEKLY',
  monthly: 'FREQ=MONTHLY',
} as const;
export type RecurrencePreset = keyof typeof RECURRENCE_PRESETS;
export const RECURRENCE_LABELS: Record<RecurrencePreset | 'custom', { zh: string; en: string }> = {
  none: { zh: '不重复', en: 'Does not repeat' },
  first_saturday: { zh: '每月第一个星期六（红色星期六）', en: 'First Saturday of every month (Red Saturday)' },
  weekly: { zh: '每周', en: 'Weekly' },
  monthly: { zh: '每月同一天', en: 'Monthly on the same day' },
  custom: { zh: '自定义规则', en: 'Custom rule' },
};
/** A series generates at most this many occurrences (and none beyond two years). */
export const MAX_OCCURRENCES = 60;

export const SIGNUP_STATUSES = ['confirmed', 'waitlisted', 'cancelled'] as const;
export type SignupStatus = (typeof SIGNUP_STATUSES)[number];
export const SIGNUP_STATUS_LABELS: Record<SignupStatus, { zh: string; en: string }> = {
  confirmed: { zh: '已报名', en: 'Signed up' },
  waitlisted: { zh: '候补中', en: 'On the waitlist' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

export const SERVICE_RECORD_STATUSES = ['pending', 'confirmed'] as const;
export type ServiceRecordStatus = (typeof SERVICE_RECORD_STATUSES)[number];
export const SERVICE_RECORD_STATUS_LABELS: Record<ServiceRecordStatus, { zh: string; en: string }> = {
  pending: { zh: '待确认', en: 'Awaiting confirmation' },
  confirmed: { zh: '已确认', en: 'Confirmed' },
};

export const SERVICE_CORRECTION_STATUSES = ['pending', 'accepted', 'refused'] as const;
export type ServiceCorrectionStatus = (typeof SERVICE_CORRECTION_STATUSES)[number];

/** The check-in QR code changes this often; a code stays valid for two periods. */
export const CHECK_IN_ROTATE_SECONDS = 30;
/** Check-in opens this long before the start and closes this long after the end. */
export const CHECK_IN_OPENS_MINUTES = 60;
export const CHECK_IN_CLOSES_MINUTES = 120;
/** Service records are confirmed within 10 working days of the activity's end (办法第 11 条). */
export const CONFIRM_WITHIN_WORKING_DAYS = 10;
/** Volunteers are reminded this long before an occurrence starts. */
export const REMINDER_HOURS_BEFORE = 24;

/** Minutes served: check-in to check-out, counted only within the activity's own start and end. */
export function servedMinutes(checkIn: Date, checkOut: Date, startsAt: Date, endsAt: Date): number {
  const from = Math.max(checkIn.getTime(), startsAt.getTime());
  const to = Math.min(checkOut.getTime(), endsAt.getTime());
  return to > from ? Math.floor((to - from) / 60000) : 0;
}

/** Hours as people read them: 150 minutes → "2.5". */
export function formatHours(minutes: number): string {
  return (Math.round((minutes / 60) * 10) / 10).toString();
}

/** Categories every town starts with (seed 000: 治理类、关爱类、文体活动类); a town admin adds its own. */
export const DEFAULT_ACTIVITY_CATEGORIES: ReadonlyArray<{ code: string; label: string }> = [
  { code: 'governance', label: '治理类' },
  { code: 'care', label: '关爱类' },
  { code: 'culture_sports', label: '文体类' },
  { code: 'environment', label: '人居环境' },
  { code: 'civilization', label: '文明实践' },
];
