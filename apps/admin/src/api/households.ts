import type {
  CreateHouseholdBody,
  Household,
  HouseholdContactList,
  HouseholdListQuery,
  HouseholdPage,
  MoveRecord,
  Ok,
  Revealed,
  UpdateHouseholdBody,
} from '@tongxin/shared/schemas';
import { http } from './http';
import { apiUrl, downloadFile } from './files';

export const listHouseholds = (query: HouseholdListQuery) => http.get<HouseholdPage>('/households', { ...query });
export const getHousehold = (id: string) => http.get<Household>(`/households/${id}`);
export const createHousehold = (body: CreateHouseholdBody) => http.post<Household>('/households', body);
export const updateHousehold = (id: string, body: UpdateHouseholdBody) => http.patch<Household>(`/households/${id}`, body);
export const deleteHousehold = (id: string) => http.delete<Ok>(`/households/${id}`);
export const moveHousehold = (id: string, body: { regionId: string; reason?: string }) =>
  http.post<Household>(`/households/${id}/move`, body);
export const listHouseholdMoves = (id: string) => http.get<{ items: MoveRecord[] }>(`/households/${id}/moves`);
/** The exact address in clear; the server writes each call to the audit log. */
export const revealHousehold = (id: string) => http.get<Revealed>(`/households/${id}/reveal`, { fields: 'address' });
export const listHouseholdContacts = (id: string) => http.get<HouseholdContactList>(`/households/${id}/contacts`);
export const exportHouseholds = (query: Omit<HouseholdListQuery, 'page' | 'pageSize'>) =>
  downloadFile(apiUrl('/households/export', { ...query }), '户籍.xlsx');
