import type {
  CreatePartyPointsEntryBody,
  PartyPointsEntry,
  PartyPointsItem,
  PartyPointsItemList,
  PartyPointsMember,
  PartyPointsNotice,
  PartyPointsRanking,
  PartyPointsRankingQuery,
  UpdatePartyPointsItemBody,
} from '@tongxin/shared/schemas';
import { http } from './http';

// ── Items and weights ───────────────────────────────────────────────────────────────────────────

/** The town's items (points per unit, yearly cap, weight, where the count comes from). */
export const listPartyPointsItems = () => http.get<PartyPointsItemList>('/party-points/items');
/** Town admins: only the fields sent change; the weights of all items must stay ≤ 100. */
export const updatePartyPointsItem = (code: string, body: UpdatePartyPointsItemBody) =>
  http.patch<PartyPointsItem>(`/party-points/items/${code}`, body);

// ── Ranking and one member's year ───────────────────────────────────────────────────────────────

/** Members in scope ranked by pioneer index (ranks are within their branch and community). */
export const getPartyPointsRanking = (query: PartyPointsRankingQuery) =>
  http.get<PartyPointsRanking>('/party-points/ranking', { ...query });
/** One member's item lines and entered entries of a year. */
export const getPartyPointsMember = (memberId: string, year: number) =>
  http.get<PartyPointsMember>(`/party-points/members/${memberId}`, { year });

// ── Entries (加分 / 扣分) and 冲正 ──────────────────────────────────────────────────────────────

/** Only items entered by hand (source 'manual'); the points are quantity × the item's points. */
export const createPartyPointsEntry = (body: CreatePartyPointsEntryBody) => http.post<PartyPointsEntry>('/party-points/entries', body);
/** The opposite entry, once; the reason is required. */
export const reversePartyPointsEntry = (id: string, reason: string) =>
  http.post<PartyPointsEntry>(`/party-points/entries/${id}/reverse`, { reason });

// ── 公示 ────────────────────────────────────────────────────────────────────────────────────────

/** Publish a branch's ranking of the year: kept as shown, sent to its members. */
export const publishPartyPoints = (year: number, orgId: string) => http.post<PartyPointsNotice>('/party-points/notices', { year, orgId });
