import type {
  ContactLinksBody,
  CreatePartyMemberBody,
  CreatePartyOrgBody,
  HouseholdPage,
  Ok,
  PartyMember,
  PartyMemberListQuery,
  PartyMemberPage,
  PartyOrg,
  PartyOrgList,
  PartyOrgListQuery,
  UpdatePartyMemberBody,
  UpdatePartyOrgBody,
} from '@tongxin/shared/schemas';
import { http } from './http';
import { apiUrl, downloadFile } from './files';

export const listPartyOrgs = (query: PartyOrgListQuery = {}) => http.get<PartyOrgList>('/party-orgs', { ...query });
export const createPartyOrg = (body: CreatePartyOrgBody) => http.post<PartyOrg>('/party-orgs', body);
export const updatePartyOrg = (id: string, body: UpdatePartyOrgBody) => http.patch<PartyOrg>(`/party-orgs/${id}`, body);
export const deletePartyOrg = (id: string) => http.delete<Ok>(`/party-orgs/${id}`);

export const listPartyMembers = (query: PartyMemberListQuery) => http.get<PartyMemberPage>('/party-members', { ...query });
export const getPartyMember = (id: string) => http.get<PartyMember>(`/party-members/${id}`);
export const createPartyMember = (body: CreatePartyMemberBody) => http.post<PartyMember>('/party-members', body);
export const updatePartyMember = (id: string, body: UpdatePartyMemberBody) => http.patch<PartyMember>(`/party-members/${id}`, body);
export const deletePartyMember = (id: string) => http.delete<Ok>(`/party-members/${id}`);
/** 户联系: the households a member keeps in touch with. */
export const listContactHouseholds = (id: string) => http.get<HouseholdPage>(`/party-members/${id}/contact-households`);
export const setContactHouseholds = (id: string, body: ContactLinksBody) => http.put<Ok>(`/party-members/${id}/contact-households`, body);
export const exportPartyMembers = (query: Omit<PartyMemberListQuery, 'page' | 'pageSize'>) =>
  downloadFile(apiUrl('/party-members/export', { ...query }), '党员.xlsx');
