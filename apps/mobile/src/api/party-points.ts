import type { MyPartyPoints, PartyPointsItemList, PartyPointsNoticeList } from '@tongxin/shared/schemas';
import { http } from './http';

// ------------------------------------------------------------------ a party member's own

/**
 * 我的党员积分 of a year: my item lines, total, pioneer index and ranks, my entered entries; and,
 * for a branch secretary, the whole branch's ranking (`branch`, otherwise null). An account that
 * is not linked to a party member is answered 403 NOT_A_PARTY_MEMBER.
 */
export const getMyPartyPoints = (year: number) => http.get<MyPartyPoints>('/party-points/me', { year });

/** 公示 of my branch and the organisations above it, newest first, each with the ranking as published. */
export const listMyPartyPointsNotices = () => http.get<PartyPointsNoticeList>('/party-points/notices/mine');

/** The town's items (points per unit, unit, yearly cap, weight), readable by every signed-in account. */
export const listPartyPointsItems = () => http.get<PartyPointsItemList>('/party-points/items');
