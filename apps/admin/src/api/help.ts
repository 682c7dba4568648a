import type {
  HelpCategory,
  HelpCategoryList,
  HelpConfirmBody,
  HelpDispatchBody,
  HelpDuplicateBody,
  HelpListQuery,
  HelpOptionalReasonBody,
  HelpReasonBody,
  HelpRequestDetail,
  HelpRequestPage,
  HelpReviewBody,
  HelpSummary,
  UpdateHelpCategoryBody,
} from '@tongxin/shared/schemas';
import { http } from './http';

/**
 * `?status=a&status=b&regionId=…`: the shared client's query encoder keeps one value per key, and
 * the list filters by several statuses at once, so this one query is encoded here.
 */
export function helpListSearch(query: HelpListQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** The town's help categories with their deadlines. */
export const listHelpCategories = () => http.get<HelpCategoryList>('/help-categories');
/** Town admins: a category's label, deadlines and timers. */
export const updateHelpCategory = (code: string, body: UpdateHelpCategoryBody) =>
  http.patch<HelpCategory>(`/help-categories/${code}`, body);

/** The handlers' board (help.manage): requests in scope, newest first. */
export const listHelpRequests = (query: HelpListQuery) => http.get<HelpRequestPage>(`/help-requests${helpListSearch(query)}`);
/** Counts per status (and overdue) in scope, for the board's tabs. */
export const getHelpSummary = (regionId?: string) => http.get<HelpSummary>('/help-requests/summary', { regionId });
export const getHelpRequest = (id: string) => http.get<HelpRequestDetail>(`/help-requests/${id}`);

// Every action answers the request as it now is, with its timeline and the actions left.
export const acceptHelpRequest = (id: string) => http.post<HelpRequestDetail>(`/help-requests/${id}/accept`);
/** The reason is shown to the requester only. */
export const refuseHelpRequest = (id: string, body: HelpReasonBody) => http.post<HelpRequestDetail>(`/help-requests/${id}/refuse`, body);
export const markHelpDuplicate = (id: string, body: HelpDuplicateBody) =>
  http.post<HelpRequestDetail>(`/help-requests/${id}/duplicate`, body);
/** To a named volunteer, a team, or a pool that widens grid → community → town on the category's timer. */
export const dispatchHelpRequest = (id: string, body: HelpDispatchBody) =>
  http.post<HelpRequestDetail>(`/help-requests/${id}/dispatch`, body);
export const recallHelpRequest = (id: string, body: HelpReasonBody) => http.post<HelpRequestDetail>(`/help-requests/${id}/recall`, body);
/** Widen an open pool now (grid → community → town) instead of waiting for the category's timer. */
export const widenHelpRequest = (id: string) => http.post<HelpRequestDetail>(`/help-requests/${id}/widen`);
/** A handler records the requester's rating after a phone call (电话回访). */
export const reviewHelpRequest = (id: string, body: HelpReviewBody) => http.post<HelpRequestDetail>(`/help-requests/${id}/review`, body);
/** 社区评单: closes the request and credits the volunteer's service record. */
export const confirmHelpRequest = (id: string, body: HelpConfirmBody) => http.post<HelpRequestDetail>(`/help-requests/${id}/confirm`, body);
export const sendBackHelpRequest = (id: string, body: HelpReasonBody) =>
  http.post<HelpRequestDetail>(`/help-requests/${id}/send-back`, body);
export const cancelHelpRequest = (id: string, body: HelpOptionalReasonBody) =>
  http.post<HelpRequestDetail>(`/help-requests/${id}/cancel`, body);
