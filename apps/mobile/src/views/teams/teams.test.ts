import { describe, expect, it } from 'vitest';
import type { Team, TeamMember } from '@tongxin/shared/schemas';
import { canLeave, findTeamRow, joinableTeams, myTeamRows, splitMembers, teamKindLabel } from './teams';

const team = (id: string, over: Partial<Team> = {}): Team => ({
  id,
  townId: 't',
  kind: 'community',
  name: `队伍${id}`,
  regionId: 'r',
  regionPath: ['青樵镇', '上金湾社区'],
  organiser: null,
  parentId: null,
  leaderAccountId: null,
  leaderName: null,
  mentorAccountId: null,
  mentorName: null,
  serviceCategories: [],
  memberCount: 0,
  pendingCount: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

const member = (id: string, status: TeamMember['status'], appliedAt = '2026-01-01T00:00:00.000Z'): TeamMember => ({
  id,
  teamId: 'x',
  volunteerId: `v${id}`,
  name: `队员${id}`,
  volunteerNo: null,
  partyMember: false,
  status,
  appliedAt,
  joinedAt: null,
  leftAt: null,
});

describe('teamKindLabel', () => {
  it('speaks both languages', () => {
    expect(teamKindLabel('community', 'zh-CN')).toContain('社区');
    expect(teamKindLabel('community', 'en')).toContain('Community');
  });
});

describe('myTeamRows', () => {
  it('puts teams I lead first, then joined, then pending, and drops left ones', () => {
    const mine = {
      items: [
        { team: team('p'), membership: member('1', 'pending') },
        { team: team('a'), membership: member('2', 'active') },
        { team: team('l'), membership: member('3', 'left') },
      ],
    };
    const directory = [team('p'), team('a'), team('led', { leaderAccountId: 'me' }), team('other')];
    const rows = myTeamRows(mine, directory, 'me');
    expect(rows.map((r) => [r.team.id, r.standing])).toEqual([
      ['led', 'leader'],
      ['a', 'active'],
      ['p', 'pending'],
    ]);
  });

  it('marks a team I lead and am a member of as led', () => {
    const rows = myTeamRows({ items: [{ team: team('a', { leaderAccountId: 'me' }), membership: member('1', 'active') }] }, null, 'me');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.standing).toBe('leader');
    expect(canLeave(rows[0]!)).toBe(false);
  });

  it('works without the directory', () => {
    expect(myTeamRows({ items: [{ team: team('a'), membership: member('1', 'active') }] }, null, 'me')).toHaveLength(1);
  });
});

describe('joinableTeams and findTeamRow', () => {
  it('offers only teams I am not connected with', () => {
    const directory = [team('a'), team('b'), team('led', { leaderAccountId: 'me' })];
    const rows = myTeamRows({ items: [{ team: team('a'), membership: member('1', 'pending') }] }, directory, 'me');
    expect(joinableTeams(directory, rows).map((t) => t.id)).toEqual(['b']);
    expect(findTeamRow('a', rows, directory)?.standing).toBe('pending');
    expect(findTeamRow('b', rows, directory)?.standing).toBe('none');
    expect(findTeamRow('zzz', rows, directory)).toBeNull();
    expect(findTeamRow('b', rows, null)).toBeNull();
  });
});

describe('splitMembers and canLeave', () => {
  it('lists the oldest request first and leaves out those gone', () => {
    const { pending, active } = splitMembers([
      member('1', 'pending', '2026-02-02T00:00:00.000Z'),
      member('2', 'active'),
      member('3', 'pending', '2026-01-02T00:00:00.000Z'),
      member('4', 'rejected'),
      member('5', 'left'),
    ]);
    expect(pending.map((m) => m.id)).toEqual(['3', '1']);
    expect(active.map((m) => m.id)).toEqual(['2']);
  });

  it('lets members and applicants leave', () => {
    expect(canLeave({ team: team('a'), membership: member('1', 'active'), standing: 'active' })).toBe(true);
    expect(canLeave({ team: team('a'), membership: member('1', 'pending'), standing: 'pending' })).toBe(true);
    expect(canLeave({ team: team('a'), membership: null, standing: 'none' })).toBe(false);
  });
});
