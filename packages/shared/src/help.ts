/**
 * Help requests (seed 003: 居民点单、网格派单、志愿抢单、社区评单; domain-rules §9: review, refusal
 * with a reason only the requester sees, re-dispatch, phone callback). One table of transitions
 * serves the server (which refuses anything else) and both apps (which show only the buttons
 * that can work).
 */

export const HELP_STATUSES = [
  'submitted',
  'accepted',
  'refused',
  'assigned',
  'open',
  'claimed',
  'in_service',
  'done',
  'reviewed',
  'closed',
  'cancelled',
  'duplicate',
] as const;
export type HelpStatus = (typeof HELP_STATUSES)[number];

export const HELP_STATUS_LABELS: Record<HelpStatus, { zh: string; en: string }> = {
  submitted: { zh: '待受理', en: 'Submitted' },
  accepted: { zh: '待派单', en: 'Accepted' },
  refused: { zh: '已拒绝', en: 'Refused' },
  assigned: { zh: '已派单', en: 'Assigned' },
  open: { zh: '抢单中', en: 'Open for claiming' },
  claimed: { zh: '已接单', en: 'Claimed' },
  in_service: { zh: '服务中', en: 'In service' },
  done: { zh: '待评价', en: 'Done' },
  reviewed: { zh: '待社区确认', en: 'Reviewed' },
  closed: { zh: '已办结', en: 'Closed' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
  duplicate: { zh: '重复求助', en: 'Duplicate' },
};

/** Statuses that still need someone to act. */
export const HELP_ACTIVE_STATUSES: readonly HelpStatus[] = [
  'submitted',
  'accepted',
  'assigned',
  'open',
  'claimed',
  'in_service',
  'done',
  'reviewed',
];

/** Where a dispatched request can be claimed: one team, or a pool that widens grid → community → town. */
export const HELP_POOLS = ['team', 'grid', 'community', 'town'] as const;
export type HelpPool = (typeof HELP_POOLS)[number];
export const HELP_POOL_LABELS: Record<HelpPool, { zh: string; en: string }> = {
  team: { zh: '指定队伍', en: 'A team' },
  grid: { zh: '本网格', en: 'The grid' },
  community: { zh: '本社区', en: 'The community' },
  town: { zh: '全镇', en: 'The town' },
};

/**
 * Who does what: the requester (or the grid worker who filed for them), the staff who handle
 * requests (help.manage: grid workers, community and town admins), the community that confirms
 * (help.confirm), the volunteer who claimed or was named, and the system's timers.
 */
export type HelpActor = 'requester' | 'handler' | 'confirmer' | 'volunteer' | 'system';

export const HELP_ACTIONS = [
  'submit',
  'accept',
  'refuse',
  'mark_duplicate',
  'dispatch',
  'recall',
  'widen',
  'claim',
  'decline',
  'release',
  'check_in',
  'finish',
  'review',
  'confirm',
  'send_back',
  'cancel',
  'reopen',
  'remind',
  'escalate',
] as const;
export type HelpAction = (typeof HELP_ACTIONS)[number];

export const HELP_ACTION_LABELS: Record<HelpAction, { zh: string; en: string }> = {
  submit: { zh: '提交求助', en: 'Asked for help' },
  accept: { zh: '受理', en: 'Accepted' },
  refuse: { zh: '拒绝', en: 'Refused' },
  mark_duplicate: { zh: '标记为重复', en: 'Marked as a duplicate' },
  dispatch: { zh: '派单', en: 'Dispatched' },
  recall: { zh: '撤回派单', en: 'Dispatch withdrawn' },
  widen: { zh: '扩大抢单范围', en: 'Pool widened' },
  claim: { zh: '接单', en: 'Claimed' },
  decline: { zh: '婉拒派单', en: 'Declined' },
  release: { zh: '放弃接单', en: 'Released' },
  check_in: { zh: '到场签到', en: 'Checked in on site' },
  finish: { zh: '完成服务', en: 'Service done' },
  review: { zh: '评价', en: 'Reviewed' },
  confirm: { zh: '社区确认办结', en: 'Confirmed by the community' },
  send_back: { zh: '退回重办', en: 'Sent back' },
  cancel: { zh: '取消求助', en: 'Cancelled' },
  reopen: { zh: '重新打开', en: 'Reopened' },
  remind: { zh: '到期提醒', en: 'Reminder' },
  escalate: { zh: '逾期上报', en: 'Escalated' },
};

/** The state machine: for each action, the statuses it may start from and who may take it. */
export const HELP_TRANSITIONS: Record<
  Exclude<HelpAction, 'submit' | 'remind' | 'escalate'>,
  { from: readonly HelpStatus[]; by: readonly HelpActor[] }
> = {
  accept: { from: ['submitted'], by: ['handler'] },
  refuse: { from: ['submitted'], by: ['handler'] },
  mark_duplicate: { from: ['submitted', 'accepted'], by: ['handler'] },
  // Dispatching a submitted request accepts it too; from assigned/open/claimed it is a re-dispatch.
  dispatch: { from: ['submitted', 'accepted', 'assigned', 'open', 'claimed'], by: ['handler'] },
  recall: { from: ['assigned', 'open', 'claimed'], by: ['handler'] },
  widen: { from: ['open'], by: ['system', 'handler'] },
  claim: { from: ['open', 'assigned'], by: ['volunteer'] },
  decline: { from: ['assigned'], by: ['volunteer'] },
  release: { from: ['claimed'], by: ['volunteer'] },
  check_in: { from: ['claimed'], by: ['volunteer'] },
  finish: { from: ['in_service'], by: ['volunteer'] },
  // The requester rates it; a grid worker may record a phone callback (电话回访) instead.
  review: { from: ['done'], by: ['requester', 'handler'] },
  confirm: { from: ['done', 'reviewed'], by: ['confirmer'] },
  send_back: { from: ['done', 'reviewed'], by: ['confirmer'] },
  cancel: { from: ['submitted', 'accepted', 'assigned', 'open', 'claimed'], by: ['requester', 'handler'] },
  reopen: { from: ['done', 'reviewed', 'closed'], by: ['requester'] },
};

export function helpActionAllowed(action: keyof typeof HELP_TRANSITIONS, status: HelpStatus): boolean {
  return HELP_TRANSITIONS[action].from.includes(status);
}

/** A requester may reopen a request this many days after the service was done. */
export const HELP_REOPEN_DAYS = 7;
/** Check-in on site needs the phone within this many metres of the place, when both are known. */
export const HELP_CHECK_IN_RADIUS_M = 500;

/** Deadlines are counted in working hours (09:00–12:00, 13:00–17:00 on working days) or working days. */
export const HELP_DEADLINE_UNITS = ['working_hours', 'working_days'] as const;
export type HelpDeadlineUnit = (typeof HELP_DEADLINE_UNITS)[number];

export const DEFAULT_HELP_CATEGORIES: ReadonlyArray<{
  code: string;
  label: string;
  accept: [number, HelpDeadlineUnit];
  claim: [number, HelpDeadlineUnit];
  complete: [number, HelpDeadlineUnit];
}> = [
  { code: 'errand', label: '代买代办', accept: [2, 'working_hours'], claim: [4, 'working_hours'], complete: [1, 'working_days'] },
  { code: 'repair', label: '家电维修', accept: [2, 'working_hours'], claim: [1, 'working_days'], complete: [3, 'working_days'] },
  { code: 'companion', label: '陪伴就医', accept: [2, 'working_hours'], claim: [1, 'working_days'], complete: [2, 'working_days'] },
  { code: 'cleaning', label: '清洁助老', accept: [4, 'working_hours'], claim: [1, 'working_days'], complete: [3, 'working_days'] },
  { code: 'tutoring', label: '学业辅导', accept: [1, 'working_days'], claim: [2, 'working_days'], complete: [5, 'working_days'] },
  { code: 'other', label: '其他求助', accept: [1, 'working_days'], claim: [2, 'working_days'], complete: [5, 'working_days'] },
];

/** Stars a requester gives; at or above this a request counts as rated well (the points bank may add extras). */
export const HELP_WELL_RATED_STARS = 4;
