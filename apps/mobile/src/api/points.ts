import { errorMessage, isErrorBody } from '@tongxin/shared';
import { ApiError, CSRF_COOKIE, CSRF_HEADER, readCookie } from '@tongxin/shared/client';
import type {
  CatalogAdminQuery,
  CatalogItem,
  CatalogPage,
  CatalogQuery,
  CreateCatalogItemBody,
  Merchant,
  MyPoints,
  PointsRules,
  RedeemBody,
  Redemption,
  RedemptionPage,
  RedemptionQuery,
  Statement,
  StatementQuery,
  UpdateCatalogItemBody,
} from '@tongxin/shared/schemas';
import { currentLocale } from '../locales';
import { http } from './http';

const id = (s: string) => encodeURIComponent(s);

// ------------------------------------------------------------------ a volunteer's points

/** How points are earned in my town (per hour by category, help requests, the 5-star extra). */
export const getPointsRules = () => http.get<PointsRules>('/points/rules');
/** 我的积分: balance, held, earned, spent, expiring, and the service hours beside them. */
export const getMyPoints = () => http.get<MyPoints>('/points/me');
/** 积分明细, newest first. */
export const getMyStatement = (query: StatementQuery = {}) => http.get<Statement>('/points/me/statement', { ...query });
/** 积分明细 as an Excel file, saved by the browser. */
export const downloadMyStatement = (fallbackName: string) => download('/points/me/statement.xlsx', fallbackName);

// ------------------------------------------------------------------ catalogue and redemptions

/** 兑换目录: listed items, nearest first when lat/lng are given. */
export const listCatalog = (query: CatalogQuery = {}) => http.get<CatalogPage>('/catalog', { ...query });
export const getCatalogItem = (itemId: string) => http.get<CatalogItem>(`/catalog/${id(itemId)}`);

/**
 * 兑换. `idempotencyKey` is made once per confirmation: sending it again (a double tap, a retry after
 * the network failed) answers the first redemption and takes no more points.
 */
export const redeemItem = (itemId: string, body: RedeemBody, idempotencyKey: string) =>
  send<Redemption>('POST', `/catalog/${id(itemId)}/redeem`, { body, headers: { 'idempotency-key': idempotencyKey } });

/** 我的兑换码, by status. */
export const listMyRedemptions = (query: RedemptionQuery = {}) => http.get<RedemptionPage>('/redemptions/mine', { ...query });
export const getRedemption = (redemptionId: string) => http.get<Redemption>(`/redemptions/${id(redemptionId)}`);
/** 取消兑换 while the code is not yet verified: the points come back. */
export const cancelRedemption = (redemptionId: string) => http.post<Redemption>(`/redemptions/${id(redemptionId)}/cancel`);

// ------------------------------------------------------------------ a merchant's own

export const getMyMerchant = () => http.get<Merchant>('/merchant/me');
export const listMerchantItems = (query: CatalogAdminQuery = {}) => http.get<CatalogPage>('/merchant/items', { ...query });
export const createMerchantItem = (body: CreateCatalogItemBody) => http.post<CatalogItem>('/merchant/items', body);
export const updateMerchantItem = (itemId: string, body: UpdateCatalogItemBody) =>
  http.patch<CatalogItem>(`/merchant/items/${id(itemId)}`, body);
export const withdrawMerchantItem = (itemId: string) => http.post<CatalogItem>(`/merchant/items/${id(itemId)}/withdraw`);
export const listMerchantRedemptions = (query: RedemptionQuery = {}) => http.get<RedemptionPage>('/merchant/redemptions', { ...query });
/** 查询: what a code is for, before verifying it. */
export const lookupRedemption = (code: string) => http.get<Redemption>(`/merchant/redemptions/${id(code)}`);
/** 确认核销. */
export const verifyRedemption = (code: string) => http.post<Redemption>('/merchant/verify', { code });
export const getMerchantStatement = (query: StatementQuery = {}) => http.get<Statement>('/merchant/statement', { ...query });
export const downloadMerchantStatement = (fallbackName: string) => download('/merchant/statement.xlsx', fallbackName);

// ------------------------------------------------------------------ what the JSON client cannot do

/**
 * A request with extra headers (the JSON client sends a fixed set) or a file answer, with the
 * client's conventions: the session cookie, the CSRF header on writes, Accept-Language, and an
 * ApiError carrying the server's message on failure.
 */
async function request(
  method: string,
  path: string,
  opts: { body?: unknown; headers?: Record<string, string>; accept?: string } = {},
): Promise<Response> {
  const locale = currentLocale();
  const headers: Record<string, string> = { accept: opts.accept ?? 'application/json', 'accept-language': locale, ...opts.headers };
  if (method !== 'GET') {
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) headers[CSRF_HEADER] = csrf;
  }
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(http.url(path), {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'SERVICE_UNAVAILABLE', errorMessage('SERVICE_UNAVAILABLE', locale));
  }
  if (res.ok) return res;
  let data: unknown;
  try {
    data = JSON.parse(await res.text());
  } catch {
    data = undefined;
  }
  if (isErrorBody(data)) throw new ApiError(res.status, data.code, data.message, data.details);
  const code = res.status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST';
  throw new ApiError(res.status, code, errorMessage(code, locale));
}

async function send<T>(method: string, path: string, opts: { body?: unknown; headers?: Record<string, string> }): Promise<T> {
  const res = await request(method, path, opts);
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** `filename*=UTF-8''…` (the Chinese name) or `filename="…"` of a Content-Disposition header. */
export function dispositionFileName(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain?.[1] ?? fallback;
}

async function download(path: string, fallbackName: string): Promise<void> {
  const res = await request('GET', path, { accept: '*/*' });
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = dispositionFileName(res.headers.get('content-disposition'), fallbackName);
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 30_000);
}
