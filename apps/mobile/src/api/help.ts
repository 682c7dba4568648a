import { errorMessage, isErrorBody } from '@tongxin/shared';
import { ApiError, CSRF_COOKIE, CSRF_HEADER, readCookie } from '@tongxin/shared/client';
import type {
  CreateHelpRequestBody,
  HelpCategoryList,
  HelpCheckInBody,
  HelpConfirmBody,
  HelpDispatchBody,
  HelpFinishBody,
  HelpMineQuery,
  HelpOptionalReasonBody,
  HelpPoolQuery,
  HelpReasonBody,
  HelpRequestDetail,
  HelpRequestPage,
  HelpReviewBody,
  UploadedAttachment,
} from '@tongxin/shared/schemas';
import { currentLocale } from '../locales';
import { http } from './http';

const id = (s: string) => encodeURIComponent(s);
type State = NonNullable<HelpMineQuery['state']>;

/** The town's help categories (求助类别), for the tiles of 我要求助. */
export const listHelpCategories = () => http.get<HelpCategoryList>('/help-categories');

/** Ask for help: for myself, for a resident (grid worker: forResidentId), or from a visit (contactId). */
export const createHelpRequest = (body: CreateHelpRequestBody) => http.post<HelpRequestDetail>('/help-requests', body);
/** 我的求助: what I asked for, still moving or finished. */
export const listMyHelpRequests = (state: State) => http.get<HelpRequestPage>('/help-requests/mine', { state });
/** 抢单大厅: what I may claim, nearest first when the phone's position is given. */
export const listHelpPool = (query: HelpPoolQuery = {}) => http.get<HelpRequestPage>('/help-requests/pool', { ...query });
/** 我的服务: claimed by me or assigned to me. */
export const listServedHelpRequests = (state: State) => http.get<HelpRequestPage>('/help-requests/served', { state });
/** One request with its timeline and the actions open to me. */
export const getHelpRequest = (requestId: string) => http.get<HelpRequestDetail>(`/help-requests/${id(requestId)}`);

const act =
  <B extends object>(action: string) =>
  (requestId: string, body: B) =>
    http.post<HelpRequestDetail>(`/help-requests/${id(requestId)}/${action}`, body);

// The requester.
export const cancelHelpRequest = act<HelpOptionalReasonBody>('cancel');
export const reopenHelpRequest = act<HelpReasonBody>('reopen');
export const reviewHelpRequest = act<HelpReviewBody>('review');
// The volunteer.
export const claimHelpRequest = (requestId: string) => http.post<HelpRequestDetail>(`/help-requests/${id(requestId)}/claim`);
export const declineHelpRequest = act<HelpReasonBody>('decline');
export const releaseHelpRequest = act<HelpReasonBody>('release');
export const checkInHelpRequest = act<HelpCheckInBody>('check-in');
export const finishHelpRequest = act<HelpFinishBody>('finish');
// Grid workers and admins handling the request (the rest is done on the console).
export const acceptHelpRequest = (requestId: string) => http.post<HelpRequestDetail>(`/help-requests/${id(requestId)}/accept`);
export const refuseHelpRequest = act<HelpReasonBody>('refuse');
export const recallHelpRequest = act<HelpReasonBody>('recall');
export const widenHelpRequest = (requestId: string) => http.post<HelpRequestDetail>(`/help-requests/${id(requestId)}/widen`);
export const dispatchHelpRequest = act<HelpDispatchBody>('dispatch');
export const confirmHelpRequest = act<HelpConfirmBody>('confirm');
export const sendBackHelpRequest = act<HelpReasonBody>('send-back');

/**
 * Upload one photo or voice note as the raw request body (the JSON client cannot), with the same
 * conventions: the session cookie, the CSRF header, Accept-Language, and an ApiError with the
 * server's message on failure. `type` is the bare MIME type the server accepts (no parameters).
 */
export async function uploadAttachment(body: Blob, type: string): Promise<UploadedAttachment> {
  const locale = currentLocale();
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': locale, 'content-type': type };
  const csrf = readCookie(CSRF_COOKIE);
  if (csrf) headers[CSRF_HEADER] = csrf;
  let res: Response;
  try {
    res = await fetch(http.url('/attachments'), { method: 'POST', headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'SERVICE_UNAVAILABLE', errorMessage('SERVICE_UNAVAILABLE', locale));
  }
  let data: unknown;
  try {
    data = JSON.parse(await res.text());
  } catch {
    data = undefined;
  }
  if (res.ok) return data as UploadedAttachment;
  if (isErrorBody(data)) throw new ApiError(res.status, data.code, data.message, data.details);
  const code = res.status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST';
  throw new ApiError(res.status, code, errorMessage(code, locale));
}
