import type { MyTeams, TeamList, TeamMember, TeamMemberList } from '@tongxin/shared/schemas';
import { http } from './http';

const id = (s: string) => encodeURIComponent(s);

/** The teams I am in (active) or asked to join (pending). */
export const listMyTeams = () => http.get<MyTeams>('/me/teams');
/** Every signed-in person: the teams of their town, to choose one to join (no members). */
export const listTeamDirectory = () => http.get<TeamList>('/teams/directory');
/** Needs volunteer.read: team leaders and volunteer managers. */
export const listTeamMembers = (teamId: string) => http.get<TeamMemberList>(`/teams/${id(teamId)}/members`);
export const joinTeam = (teamId: string) => http.post<TeamMember>(`/teams/${id(teamId)}/join`);
export const leaveTeam = (teamId: string) => http.post<TeamMember>(`/teams/${id(teamId)}/leave`);
export const approveMember = (teamId: string, memberId: string) =>
  http.post<TeamMember>(`/teams/${id(teamId)}/members/${id(memberId)}/approve`);
export const rejectMember = (teamId: string, memberId: string) =>
  http.post<TeamMember>(`/teams/${id(teamId)}/members/${id(memberId)}/reject`);
