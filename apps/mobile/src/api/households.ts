import type { HouseholdContact, LogContactBody, MyHouseholdDetail, MyHouseholdList } from '@tongxin/shared/schemas';
import { http } from './http';

/** The households I serve as grid worker, and those I keep in touch with as a party member (户联系). */
export const listMyHouseholds = () => http.get<MyHouseholdList>('/me/households');
export const getMyHousehold = (id: string) => http.get<MyHouseholdDetail>(`/me/households/${encodeURIComponent(id)}`);
export const logContact = (id: string, body: LogContactBody) =>
  http.post<HouseholdContact>(`/me/households/${encodeURIComponent(id)}/contacts`, body);
