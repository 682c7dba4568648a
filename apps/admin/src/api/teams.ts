import type {
  CreateTeamBody,
  Ok,
  Team,
  TeamList,
  TeamListQuery,
  TeamMember,
  TeamMemberList,
  UpdateTeamBody,
} from '@tongxin/shared/schemas';
import { http } from './http';

export const listTeams = (query: TeamListQuery = {}) => http.get<TeamList>('/teams', { ...query });
export const createTeam = (body: CreateTeamBody) => http.post<Team>('/teams', body);
export const updateTeam = (id: string, body: UpdateTeamBody) => http.patch<Team>(`/teams/${id}`, body);
/** Refused with TEAM_NOT_EMPTY while the team has members. */
export const deleteTeam = (id: string) => http.delete<Ok>(`/teams/${id}`);
export const listTeamMembers = (id: string) => http.get<TeamMemberList>(`/teams/${id}/members`);
/** For the team's leader or a volunteer manager of its region. */
export const approveTeamMember = (id: string, memberId: string) => http.post<TeamMember>(`/teams/${id}/members/${memberId}/approve`);
export const rejectTeamMember = (id: string, memberId: string) => http.post<TeamMember>(`/teams/${id}/members/${memberId}/reject`);
