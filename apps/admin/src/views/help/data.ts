import {
  HELP_POOL_LABELS,
  HELP_STATUSES,
  type HelpAction,
  type HelpDeadlineUnit,
  type HelpPool,
  type HelpStatus,
  type Locale,
} from '@tongxin/shared';
import type {
  HelpCategory,
  HelpConfirmBody,
  HelpDispatchBody,
  HelpListQuery,
  HelpRequest,
  HelpReviewBody,
  UpdateHelpCategoryBody,
  Volunteer,
} from '@tongxin/shared/schemas';
import { enumLabel, textOrNull, type RemoteOption } from '../../utils/people';

type Translate = (key: string, params?: Record<string, unknown>) => string;

export const PAGE_SIZES = [10, 20, 50, 100];
/** The map shows this many requests at most (the API's largest page). */
export const MAP_LIMIT = 200;

// ── Status groups: the board's tabs ─────────────────────────────────────────────────────────────

export const HELP_TABS = ['all', 'submitted', 'accepted', 'dispatched', 'serving', 'reviewing', 'closed', 'other'] as const;
export type HelpTab = (typeof HELP_TABS)[number];
export type HelpGroup = Exclude<HelpTab, 'all'>;

/** The statuses behind each tab (待受理, 待派单, 已派单/抢单中, 已接单/服务中, 待评价/待社区确认, 已办结, 其他). */
export const TAB_STATUSES: Record<HelpGroup, readonly HelpStatus[]> = {
  submitted: ['submitted'],
  accepted: ['accepted'],
  dispatched: ['assigned', 'open'],
  serving: ['claimed', 'in_service'],
  reviewing: ['done', 'reviewed'],
  closed: ['closed'],
  other: ['refused', 'cancelled', 'duplicate'],
};

/** The tab a status sits under. */
export function groupOf(status: HelpStatus): HelpGroup {
  for (const [group, statuses] of Object.entries(TAB_STATUSES) as Array<[HelpGroup, readonly HelpStatus[]]>) {
    if (statuses.includes(status)) return group;
  }
  return 'other';
}

/** The count on each tab from the summary's per-status counts; "all" is every status. */
export function tabCounts(counts: Record<string, number> | null | undefined): Record<HelpTab, number> {
  const out = Object.fromEntries(HELP_TABS.map((t) => [t, 0])) as Record<HelpTab, number>;
  for (const status of HELP_STATUSES) {
    const n = counts?.[status] ?? 0;
    out.all += n;
    out[groupOf(status)] += n;
  }
  return out;
}

/** One colour per group: the status tag, the map marker and its legend. */
export const GROUP_COLOURS: Record<HelpGroup, string> = {
  submitted: '#c2410c',
  accepted: '#a16207',
  dispatched: '#1d4ed8',
  serving: '#0f766e',
  reviewing: '#7e22ce',
  closed: '#15803d',
  other: '#4b5563',
};

export function statusColour(status: HelpStatus): string {
  return GROUP_COLOURS[groupOf(status)];
}

/** The status tag's inline style: coloured text and border on a pale fill of the same colour. */
export function statusStyle(status: HelpStatus): Record<string, string> {
  const c = statusColour(status);
  return { color: c, borderColor: `${c}66`, backgroundColor: `${c}12` };
}

/** A circle marker: the status colour; overdue requests get a thick red ring. */
export function markerStyle(status: HelpStatus, overdue: boolean) {
  return {
    radius: overdue ? 9 : 8,
    color: overdue ? '#b91c1c' : '#ffffff',
    weight: overdue ? 3 : 2,
    fillColor: statusColour(status),
    fillOpacity: 0.92,
  };
}

/**
 * Requests at the same spot (one household asking twice, neighbours in one building) would hide
 * each other: those sharing a position are set around it on a small ring, so each can be clicked.
 */
export function spreadOverlaps<T extends { lat: number; lng: number }>(
  items: readonly T[],
  metres = 14,
): Array<T & { atLat: number; atLng: number }> {
  const groups = new Map<string, number[]>();
  items.forEach((p, i) => {
    const key = `${p.lat.toFixed(6)},${p.lng.toFixed(6)}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const out = items.map((p) => ({ ...p, atLat: p.lat, atLng: p.lng }));
  for (const idx of groups.values()) {
    if (idx.length < 2) continue;
    idx.forEach((i, k) => {
      const angle = (2 * Math.PI * k) / idx.length;
      const p = out[i]!;
      p.atLat = p.lat + (metres * Math.sin(angle)) / 111_320;
      p.atLng = p.lng + (metres * Math.cos(angle)) / (111_320 * Math.cos((p.lat * Math.PI) / 180));
    });
  }
  return out;
}

// ── The board's filters ─────────────────────────────────────────────────────────────────────────

export interface HelpFilters {
  tab: HelpTab;
  regionId: string;
  category: string;
  overdue: boolean;
  q: string;
}

export function emptyHelpFilters(): HelpFilters {
  return { tab: 'all', regionId: '', category: '', overdue: false, q: '' };
}

/** The list query of the filters (without paging); what is empty is left out. */
export function helpQuery(f: HelpFilters): Omit<HelpListQuery, 'page' | 'pageSize'> {
  return {
    status: f.tab === 'all' ? undefined : [...TAB_STATUSES[f.tab]],
    regionId: f.regionId || undefined,
    category: f.category || undefined,
    overdue: f.overdue ? true : undefined,
    q: f.q.trim() || undefined,
  };
}

/** `?tab=` of the page when it is one of the tabs, else all. */
export function tabFromQuery(value: unknown): HelpTab {
  const v = Array.isArray(value) ? value[0] : value;
  return (HELP_TABS as readonly unknown[]).includes(v) ? (v as HelpTab) : 'all';
}

/** `?id=` of the page (a notification's link opens that request); '' when missing. */
export function idFromQuery(value: unknown): string {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v) ? v : '';
}

/** The review queue: what the volunteer finished (rated or not), in scope. */
export function reviewQuery(regionId: string): Omit<HelpListQuery, 'page' | 'pageSize'> {
  return { status: [...TAB_STATUSES.reviewing], regionId: regionId || undefined };
}

// ── One request as a row ────────────────────────────────────────────────────────────────────────

/** The region names without the town (everyone on the console works in one town). */
export function regionText(regionNames: readonly string[]): string {
  return (regionNames.length > 1 ? regionNames.slice(1) : regionNames).join(' / ');
}

/** The grid and the community above it: "第一网格" over "上金湾社区" (the town and middle levels left out). */
export function regionShort(regionNames: readonly string[]): { name: string; parent: string } {
  const below = regionNames.length > 1 ? regionNames.slice(1) : regionNames;
  return { name: below.at(-1) ?? '', parent: below.length > 1 ? below[0]! : '' };
}

/** Lists show a phone masked (138****0007) even to handlers; the drawer shows what the server sent. */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  return /^\d{11}$/.test(phone) ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : phone;
}

export type DeadlineStep = 'accept' | 'claim' | 'complete';

/**
 * The deadline of the step the request is in: accepting while submitted, getting claimed while
 * waiting for a volunteer, finishing while claimed or in service; none after that.
 */
export function currentDeadline(
  r: Pick<HelpRequest, 'status' | 'acceptDueAt' | 'claimDueAt' | 'completeDueAt'>,
): { step: DeadlineStep; at: string } | null {
  let step: DeadlineStep | null = null;
  if (r.status === 'submitted') step = 'accept';
  else if (r.status === 'accepted' || r.status === 'assigned' || r.status === 'open') step = 'claim';
  else if (r.status === 'claimed' || r.status === 'in_service') step = 'complete';
  if (!step) return null;
  const at = step === 'accept' ? r.acceptDueAt : step === 'claim' ? r.claimDueAt : r.completeDueAt;
  return at ? { step, at } : null;
}

/**
 * Who has it: the volunteer who claimed it, else the one it was sent to, else the team, else the
 * pool ("本社区 · 上金湾社区"); null when nobody yet.
 */
export function holderText(
  r: Pick<HelpRequest, 'claimant' | 'assignee' | 'team' | 'pool' | 'poolRegionName'>,
  locale: Locale,
): { kind: 'claimant' | 'assignee' | 'team' | 'pool'; text: string } | null {
  if (r.claimant) return { kind: 'claimant', text: r.claimant.name };
  if (r.assignee) return { kind: 'assignee', text: r.assignee.name };
  if (r.team) return { kind: 'team', text: r.team.name };
  if (r.pool) {
    const label = enumLabel(HELP_POOL_LABELS, r.pool, locale);
    return { kind: 'pool', text: r.poolRegionName ? `${label} · ${r.poolRegionName}` : label };
  }
  return null;
}

/** The actions the console offers, in the order of the drawer's buttons (the volunteer's own are on the phone). */
export const CONSOLE_ACTIONS = [
  'accept',
  'dispatch',
  'refuse',
  'mark_duplicate',
  'recall',
  'widen',
  'review',
  'confirm',
  'send_back',
  'cancel',
] as const satisfies readonly HelpAction[];
export type ConsoleAction = (typeof CONSOLE_ACTIONS)[number];

/** The buttons to show: exactly the request's actions that the console can take, in button order. */
export function consoleActions(actions: readonly HelpAction[]): ConsoleAction[] {
  return CONSOLE_ACTIONS.filter((a) => actions.includes(a));
}

/** Actions that ask for a reason in the one reason dialog; required unless said otherwise. */
export const REASON_ACTIONS = ['refuse', 'recall', 'send_back', 'cancel'] as const satisfies readonly ConsoleAction[];
export type ReasonAction = (typeof REASON_ACTIONS)[number];
export function reasonRequired(action: ReasonAction): boolean {
  return action !== 'cancel';
}

// ── Dispatch ────────────────────────────────────────────────────────────────────────────────────

export type DispatchTo = HelpDispatchBody['to'];
export type DispatchPool = Exclude<HelpPool, 'team'>;
export const DISPATCH_POOLS: readonly DispatchPool[] = ['grid', 'community', 'town'];

export interface DispatchForm {
  to: DispatchTo;
  volunteerId: string;
  teamId: string;
  pool: DispatchPool;
  reason: string;
}

export function emptyDispatchForm(): DispatchForm {
  return { to: 'pool', volunteerId: '', teamId: '', pool: 'grid', reason: '' };
}

/** What is missing (an i18n key), or null. */
export function dispatchProblem(f: DispatchForm): string | null {
  if (f.to === 'volunteer' && !f.volunteerId) return 'help.pickVolunteer';
  if (f.to === 'team' && !f.teamId) return 'help.pickTeam';
  return null;
}

/** Only the target that applies is sent. */
export function dispatchBody(f: DispatchForm): HelpDispatchBody {
  const reason = textOrNull(f.reason);
  const target = f.to === 'volunteer' ? { volunteerId: f.volunteerId } : f.to === 'team' ? { teamId: f.teamId } : { pool: f.pool };
  return { to: f.to, ...target, ...(reason ? { reason } : {}) };
}

/** A volunteer to dispatch to: "黄小敏 · V0001 · 上金湾社区 · 党员". */
export function volunteerOption(
  v: Pick<Volunteer, 'id' | 'name' | 'volunteerNo' | 'regionPath' | 'partyMember'>,
  partyText: string,
): RemoteOption {
  const parts = [v.name, v.volunteerNo, v.regionPath.at(-1), v.partyMember ? partyText : null].filter(Boolean);
  return { value: v.id, label: parts.join(' · ') };
}

/** Another request to point a duplicate at: "H20260301-0002 · 代买代办 · 关玉珍". */
export function requestOption(r: Pick<HelpRequest, 'id' | 'no' | 'categoryLabel' | 'requesterName'>): RemoteOption {
  return { value: r.id, label: `${r.no} · ${r.categoryLabel} · ${r.requesterName}` };
}

// ── Review (phone callback) and confirm ─────────────────────────────────────────────────────────

export function reviewBody(stars: number, words: string): HelpReviewBody {
  const w = textOrNull(words);
  return { stars, ...(w ? { words: w } : {}) };
}

/** At most this many minutes are credited by default (the server's cap: 8 hours). */
export const DEFAULT_MINUTES_CAP = 480;

/** The minutes to credit, as the server would count them: check-in to done, at most 8 hours; null when unknown. */
export function measuredMinutes(r: Pick<HelpRequest, 'checkedInAt' | 'doneAt'>): number | null {
  if (!r.checkedInAt || !r.doneAt) return null;
  const ms = new Date(r.doneAt).getTime() - new Date(r.checkedInAt).getTime();
  if (!Number.isFinite(ms) || ms < 0) return null;
  return Math.min(DEFAULT_MINUTES_CAP, Math.max(1, Math.round(ms / 60_000)));
}

export function confirmBody(minutes: number | null | undefined, note: string): HelpConfirmBody {
  const n = textOrNull(note);
  return { ...(minutes ? { minutes: Math.round(minutes) } : {}), ...(n ? { note: n } : {}) };
}

// ── Categories ──────────────────────────────────────────────────────────────────────────────────

export const DEADLINE_STEPS = ['accept', 'claim', 'complete'] as const;

export interface CategoryRow {
  code: string;
  label: string;
  accept: { amount: number; unit: HelpDeadlineUnit };
  claim: { amount: number; unit: HelpDeadlineUnit };
  complete: { amount: number; unit: HelpDeadlineUnit };
  widenMinutes: number;
  partyFirstMinutes: number;
}

/** A deep copy to edit in place. */
export function categoryToRow(c: HelpCategory): CategoryRow {
  return {
    code: c.code,
    label: c.label,
    accept: { ...c.accept },
    claim: { ...c.claim },
    complete: { ...c.complete },
    widenMinutes: c.widenMinutes,
    partyFirstMinutes: c.partyFirstMinutes,
  };
}

/** Only what changed; an empty object when nothing did. */
export function categoryPatch(row: CategoryRow, saved: HelpCategory): UpdateHelpCategoryBody {
  const body: UpdateHelpCategoryBody = {};
  const label = row.label.trim();
  if (label !== saved.label) body.label = label;
  for (const step of DEADLINE_STEPS) {
    const d = row[step];
    if (d.amount !== saved[step].amount || d.unit !== saved[step].unit) body[step] = { amount: d.amount, unit: d.unit };
  }
  if (row.widenMinutes !== saved.widenMinutes) body.widenMinutes = row.widenMinutes;
  if (row.partyFirstMinutes !== saved.partyFirstMinutes) body.partyFirstMinutes = row.partyFirstMinutes;
  return body;
}

/** What is wrong with a row (i18n keys by field), empty when it can be saved. */
export function categoryProblems(row: CategoryRow): Partial<Record<'label' | 'deadline' | 'widenMinutes' | 'partyFirstMinutes', string>> {
  const out: Partial<Record<'label' | 'deadline' | 'widenMinutes' | 'partyFirstMinutes', string>> = {};
  const label = row.label.trim();
  if (!label) out.label = 'help.labelRequired';
  else if (label.length > 20) out.label = 'help.labelTooLong';
  const amountOk = (n: number) => Number.isInteger(n) && n >= 1 && n <= 240;
  if (!DEADLINE_STEPS.every((s) => amountOk(row[s].amount))) out.deadline = 'help.deadlineRange';
  if (!Number.isInteger(row.widenMinutes) || row.widenMinutes < 5 || row.widenMinutes > 10080) out.widenMinutes = 'help.widenRange';
  if (!Number.isInteger(row.partyFirstMinutes) || row.partyFirstMinutes < 0 || row.partyFirstMinutes > 1440) {
    out.partyFirstMinutes = 'help.partyFirstRange';
  }
  return out;
}

/** "2 工作小时" / "1 工作日". */
export function deadlineText(d: { amount: number; unit: HelpDeadlineUnit }, t: Translate): string {
  return t(`help.units.${d.unit}`, { n: d.amount });
}
