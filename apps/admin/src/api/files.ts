import { errorMessage, isErrorBody, type ErrorCode } from '@tongxin/shared';
import { ApiError, CSRF_COOKIE, CSRF_HEADER, encodeQuery, readCookie, type Query } from '@tongxin/shared/client';
import { currentLocale } from '../locales';
import { reportUnauthorized } from './http';

/**
 * File transfers the shared JSON client does not do: an .xlsx upload as the raw request body and
 * downloads saved as a file. Same conventions as the client: the session cookie, the CSRF header
 * on writes, Accept-Language, and every failure an ApiError with the server's message.
 */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const BASE = '/api';

type QueryWithLists = Record<string, Query[string] | readonly string[]>;

/** `?a=1&fields=x&fields=y`: empty values left out, array values repeat their key. */
export function queryString(query?: QueryWithLists): string {
  if (!query) return '';
  const single: Query = {};
  const repeated = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (Array.isArray(v)) for (const item of v as readonly string[]) repeated.append(k, item);
    else single[k] = v as Query[string];
  }
  const head = encodeQuery(single);
  const tail = repeated.toString();
  return `${head}${tail ? (head ? '&' : '?') + tail : ''}`;
}

/** `/api/residents/export?…` for downloads and uploads. */
export function apiUrl(path: string, query?: QueryWithLists): string {
  return `${BASE}${path}${queryString(query)}`;
}

async function failure(res: Response): Promise<ApiError> {
  const locale = currentLocale();
  let data: unknown;
  try {
    data = JSON.parse(await res.text());
  } catch {
    data = undefined;
  }
  const fallback: ErrorCode = res.status >= 500 ? 'INTERNAL_ERROR' : res.status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST';
  const error = isErrorBody(data)
    ? new ApiError(res.status, data.code, data.message, data.details)
    : new ApiError(res.status, fallback, errorMessage(fallback, locale));
  if (res.status === 401) reportUnauthorized(error);
  return error;
}

async function send(url: string, init: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin', ...init });
  } catch {
    throw new ApiError(0, 'SERVICE_UNAVAILABLE', errorMessage('SERVICE_UNAVAILABLE', currentLocale()));
  }
  if (!res.ok) throw await failure(res);
  return res;
}

/** The file name from Content-Disposition (RFC 6266, `filename*=UTF-8''…` preferred). */
export function dispositionFileName(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      // fall through to the plain form
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
  return plain?.[1]?.trim() || fallback;
}

/** GET a file and hand it to the browser as a download. */
export async function downloadFile(url: string, fallbackName: string): Promise<void> {
  const res = await send(url, { headers: { 'accept-language': currentLocale() } });
  const blob = await res.blob();
  const name = dispositionFileName(res.headers.get('content-disposition'), fallbackName);
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 30_000);
}

/** POST a file as the raw request body; the answer is JSON. */
export async function uploadFile<T>(url: string, file: Blob, contentType = XLSX_TYPE): Promise<T> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'accept-language': currentLocale(),
    'content-type': contentType,
  };
  const csrf = readCookie(CSRF_COOKIE);
  if (csrf) headers[CSRF_HEADER] = csrf;
  const res = await send(url, { method: 'POST', headers, body: file });
  return (await res.json()) as T;
}
