import type {
  CreateResidentBody,
  MoveRecord,
  Ok,
  Resident,
  ResidentListQuery,
  ResidentPage,
  Revealed,
  RevealField,
  UpdateResidentBody,
} from '@tongxin/shared/schemas';
import { http } from './http';
import { apiUrl, downloadFile, queryString } from './files';

export const listResidents = (query: ResidentListQuery) => http.get<ResidentPage>('/residents', { ...query });
export const getResident = (id: string) => http.get<Resident>(`/residents/${id}`);
export const createResident = (body: CreateResidentBody) => http.post<Resident>('/residents', body);
export const updateResident = (id: string, body: UpdateResidentBody) => http.patch<Resident>(`/residents/${id}`, body);
export const deleteResident = (id: string) => http.delete<Ok>(`/residents/${id}`);
export const moveResident = (id: string, body: { householdId: string; reason?: string }) =>
  http.post<Resident>(`/residents/${id}/move`, body);
export const listResidentMoves = (id: string) => http.get<{ items: MoveRecord[] }>(`/residents/${id}/moves`);
/** Protected values in clear (`fields=idNumber&fields=mobile`); the server audits every call. */
export const revealResident = (id: string, fields: readonly RevealField[]) =>
  http.get<Revealed>(`/residents/${id}/reveal${queryString({ fields })}`);
export const exportResidents = (query: Omit<ResidentListQuery, 'page' | 'pageSize'>) =>
  downloadFile(apiUrl('/residents/export', { ...query }), '居民.xlsx');
