import { TEAM_KIND_LABELS, type Locale, type TeamKind } from '@tongxin/shared';
import type { MyTeams, Team, TeamMember } from '@tongxin/shared/schemas';

export const teamKindLabel = (kind: TeamKind, locale: Locale): string => TEAM_KIND_LABELS[kind][locale === 'en' ? 'en' : 'zh'];

/** Where I stand in a team: its leader, a member, waiting for the leader, or not in it. */
export type TeamStanding = 'leader' | 'active' | 'pending' | 'none';

export interface TeamRow {
  team: Team;
  membership: TeamMember | null;
  standing: TeamStanding;
}

function standingOf(team: Team, membership: TeamMember | null, accountId: string | null): TeamStanding {
  if (accountId && team.leaderAccountId === accountId) return 'leader';
  if (membership?.status === 'active' || membership?.status === 'pending') return membership.status;
  return 'none';
}

/**
 * 我的队伍: the teams I lead first (from the directory, which says who leads each team), then
 * those I am in, then those I asked to join. Left or refused memberships are not shown.
 */
export function myTeamRows(mine: MyTeams, directory: Team[] | null, accountId: string | null): TeamRow[] {
  const rows = new Map<string, TeamRow>();
  for (const { team, membership } of mine.items) {
    const standing = standingOf(team, membership, accountId);
    if (standing !== 'none') rows.set(team.id, { team, membership, standing });
  }
  for (const team of directory ?? []) {
    if (accountId && team.leaderAccountId === accountId && !rows.has(team.id)) {
      rows.set(team.id, { team, membership: null, standing: 'leader' });
    }
  }
  const order: Record<TeamStanding, number> = { leader: 0, active: 1, pending: 2, none: 3 };
  return [...rows.values()].sort((a, b) => order[a.standing] - order[b.standing]);
}

/** 加入队伍: the town's teams I am not in, have not asked to join and do not lead. */
export function joinableTeams(directory: Team[], rows: TeamRow[]): Team[] {
  const taken = new Set(rows.map((r) => r.team.id));
  return directory.filter((t) => !taken.has(t.id));
}

/** One team for the detail page: my row if I have one, otherwise the directory's entry. */
export function findTeamRow(id: string, rows: TeamRow[], directory: Team[] | null): TeamRow | null {
  const row = rows.find((r) => r.team.id === id);
  if (row) return row;
  const team = directory?.find((t) => t.id === id);
  return team ? { team, membership: null, standing: 'none' } : null;
}

/** The leader's view of the members: who waits for a decision (oldest first), and who is in. */
export function splitMembers(members: TeamMember[]): { pending: TeamMember[]; active: TeamMember[] } {
  const pending = members.filter((m) => m.status === 'pending').sort((a, b) => a.appliedAt.localeCompare(b.appliedAt));
  const active = members.filter((m) => m.status === 'active');
  return { pending, active };
}

/** A member who may leave (or withdraw the request); a leader leaves through the community. */
export const canLeave = (row: TeamRow): boolean => row.membership !== null && (row.standing === 'active' || row.standing === 'pending');
