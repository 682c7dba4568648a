import type { FormRules } from 'element-plus';
import { TEAM_KINDS, type TeamKind, type TeamMemberStatus } from '@tongxin/shared';
import type { Region, Team, TeamListQuery } from '@tongxin/shared/schemas';
import { maxLengthRule, requiredRule } from '../../utils/form-rules';

type Translate = (key: string, params?: Record<string, unknown>) => string;

/**
 * What a team kind asks for in the form, following the server's rules: the town teams serve the
 * town itself (depth 0) and the community teams a village or community (depth 1), once each; a
 * pioneer team sits under the pioneer headquarters; a professional team names its organiser.
 */
export interface KindRule {
  /** The depth the served region must have; null: any region of the town. */
  regionDepth: 0 | 1 | null;
  organiser: boolean;
  parent: boolean;
}

export function kindRule(kind: TeamKind): KindRule {
  switch (kind) {
    case 'headquarters':
    case 'pioneer_headquarters':
      return { regionDepth: 0, organiser: false, parent: false };
    case 'community':
      return { regionDepth: 1, organiser: false, parent: false };
    case 'professional':
      return { regionDepth: null, organiser: true, parent: false };
    case 'pioneer':
      return { regionDepth: null, organiser: false, parent: true };
  }
}

/** The regions a team of this kind may serve, in the order given (the region store's path order). */
export function allowedRegions<R extends Pick<Region, 'id' | 'depth'>>(kind: TeamKind, regions: readonly R[]): R[] {
  const depth = kindRule(kind).regionDepth;
  return depth === null ? [...regions] : regions.filter((r) => r.depth === depth);
}

/** Kinds that exist once (per town or per community): those already taken for the chosen region. */
export function kindTaken(kind: TeamKind, regionId: string, teams: readonly Pick<Team, 'kind' | 'regionId'>[]): boolean {
  if (kind === 'professional' || kind === 'pioneer') return false;
  return teams.some((t) => t.kind === kind && t.regionId === regionId);
}

/** The team a pioneer team hangs under: the town's pioneer headquarters. */
export function pioneerHeadquarters<T extends Pick<Team, 'kind'>>(teams: readonly T[]): T | null {
  return teams.find((t) => t.kind === 'pioneer_headquarters') ?? null;
}

/** The "1+33+X" counters on top of the page: how many teams of each kind. */
export function kindCounts(teams: readonly Pick<Team, 'kind'>[]): Record<TeamKind, number> {
  const counts = Object.fromEntries(TEAM_KINDS.map((k) => [k, 0])) as Record<TeamKind, number>;
  for (const t of teams) counts[t.kind] += 1;
  return counts;
}

/** The counters in the order of the "1+33+X" shape, the pioneer teams together. */
export const COUNTERS = ['headquarters', 'community', 'professional', 'pioneer'] as const;
export type Counter = (typeof COUNTERS)[number];

export function counterValues(teams: readonly Pick<Team, 'kind'>[]): Record<Counter, number> {
  const c = kindCounts(teams);
  return {
    headquarters: c.headquarters,
    community: c.community,
    professional: c.professional,
    pioneer: c.pioneer_headquarters + c.pioneer,
  };
}

/** The counter a kind belongs to (the filter it sets when clicked). */
export function counterKinds(counter: Counter): TeamKind[] {
  return counter === 'pioneer' ? ['pioneer_headquarters', 'pioneer'] : [counter];
}

export interface TeamFilters {
  kind: TeamKind | '';
  regionId: string;
  q: string;
}

export function emptyTeamFilters(): TeamFilters {
  return { kind: '', regionId: '', q: '' };
}

export function teamQuery(f: TeamFilters): TeamListQuery {
  return { kind: f.kind || undefined, regionId: f.regionId || undefined, q: f.q.trim() || undefined };
}

/** The served region without the town, or the town for the town-wide teams. */
export function servedRegion(t: Pick<Team, 'regionPath'>): string {
  return (t.regionPath.length > 1 ? t.regionPath.slice(1) : t.regionPath).join(' / ');
}

export function kindTagType(kind: TeamKind): 'primary' | 'success' | 'warning' | 'danger' {
  if (kind === 'headquarters') return 'primary';
  if (kind === 'community') return 'success';
  if (kind === 'professional') return 'warning';
  return 'danger';
}

export function memberTagType(status: TeamMemberStatus): 'warning' | 'success' | 'info' | 'danger' {
  return status === 'pending' ? 'warning' : status === 'active' ? 'success' : status === 'rejected' ? 'danger' : 'info';
}

/** Pending first (what the reviewer comes for), then active, then the others; by application time within. */
export function sortMembers<M extends { status: TeamMemberStatus; appliedAt: string }>(members: readonly M[]): M[] {
  const order: Record<TeamMemberStatus, number> = { pending: 0, active: 1, left: 2, rejected: 3 };
  return [...members].sort((a, b) => order[a.status] - order[b.status] || a.appliedAt.localeCompare(b.appliedAt));
}

export function teamRules(t: Translate, kind: TeamKind | ''): FormRules {
  const rules: FormRules = {
    kind: [requiredRule(t, 'teams.kind', 'change')],
    name: [requiredRule(t, 'teams.name'), maxLengthRule(t, 60)],
    regionId: [requiredRule(t, 'teams.region', 'change')],
  };
  if (kind === 'professional') rules.organiser = [requiredRule(t, 'teams.organiser'), maxLengthRule(t, 60)];
  if (kind === 'pioneer') rules.parentId = [requiredRule(t, 'teams.parent', 'change')];
  return rules;
}
