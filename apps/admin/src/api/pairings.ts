import type {
  CreatePairingBody,
  CreatePracticalMatterBody,
  EndPairingBody,
  MentorCandidateList,
  Ok,
  Pairing,
  PairingCoverage,
  PairingCoverageQuery,
  PairingList,
  PairingListQuery,
  PracticalMatter,
  PracticalMatterList,
  PracticalMatterListQuery,
  PutQuarterListBody,
  TeamList,
  UpdatePairingBody,
  UpdatePracticalMatterBody,
} from '@tongxin/shared/schemas';
import { http } from './http';

/** 三结对: coverage of the communities in scope and the "四个一" duties for a month and a quarter. */
export const getPairingCoverage = (query: PairingCoverageQuery = {}) => http.get<PairingCoverage>('/pairings/coverage', { ...query });
export const listPairings = (query: PairingListQuery = {}) => http.get<PairingList>('/pairings', { ...query });
export const getPairing = (id: string) => http.get<Pairing>(`/pairings/${id}`);
export const createPairing = (body: CreatePairingBody) => http.post<Pairing>('/pairings', body);
export const updatePairing = (id: string, body: UpdatePairingBody) => http.patch<Pairing>(`/pairings/${id}`, body);
/** Refused with PAIRING_ENDED when it has ended already. */
export const endPairing = (id: string, body: EndPairingBody) => http.post<Pairing>(`/pairings/${id}/end`, body);
export const deletePairing = (id: string) => http.delete<Ok>(`/pairings/${id}`);
/** 一月一主题 (month YYYY-MM, inside the pairing's period). */
export const putMonthlyTheme = (id: string, month: string, theme: string) =>
  http.put<Pairing>(`/pairings/${id}/themes/${month}`, { theme });
export const deleteMonthlyTheme = (id: string, month: string) => http.delete<Pairing>(`/pairings/${id}/themes/${month}`);
/** 需求及服务清单 (quarter YYYY-Qn). */
export const putQuarterList = (id: string, quarter: string, body: PutQuarterListBody) =>
  http.put<Pairing>(`/pairings/${id}/lists/${quarter}`, body);
export const deleteQuarterList = (id: string, quarter: string) => http.delete<Pairing>(`/pairings/${id}/lists/${quarter}`);
export const findMentors = (communityId: string, q?: string) =>
  http.get<MentorCandidateList>('/pairings/mentor-candidates', { communityId, q: q || undefined });
/** Every team of the caller's town (professional teams may serve the whole town, outside a community admin's scope). */
export const listTownTeams = (kind?: 'community' | 'professional') => http.get<TeamList>('/teams/directory', { kind });

export const listPracticalMatters = (query: PracticalMatterListQuery = {}) =>
  http.get<PracticalMatterList>('/practical-matters', { ...query });
export const createPracticalMatter = (body: CreatePracticalMatterBody) => http.post<PracticalMatter>('/practical-matters', body);
export const updatePracticalMatter = (id: string, body: UpdatePracticalMatterBody) =>
  http.patch<PracticalMatter>(`/practical-matters/${id}`, body);
export const deletePracticalMatter = (id: string) => http.delete<Ok>(`/practical-matters/${id}`);
