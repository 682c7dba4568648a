/**
 * The one HTTP client both front ends use. It speaks the server's conventions so that no page
 * has to: the session rides in an httpOnly cookie, writes echo the `tx_csrf` cookie in
 * `x-csrf-token`, the caller's language goes in `Accept-Language`, and every failure becomes an
 * `ApiError` carrying the server's stable code and its message in that language.
 */
import { errorMessage, isErrorBody, type ErrorBody, type ErrorCode, type Locale } from './errors.js';

export const CSRF_COOKIE = 'tx_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorBody['details'],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * Per-field messages of a VALIDATION_FAILED answer, keyed by field name. The server writes each
 * detail's path as `<location>/<field>/…` (e.g. `body/name`, `querystring/page`); the location is
 * dropped so the key matches the form field.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError) || !error.details) return out;
  for (const d of error.details) {
    const segments = d.path.split('/').filter(Boolean);
    if (segments[0] && ['body', 'querystring', 'params', 'headers'].includes(segments[0])) segments.shift();
    const field = segments[0];
    if (field && !out[field]) out[field] = d.message;
  }
  return out;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface ApiClientOptions {
  /** Prefix of every path, e.g. '/api'. */
  base?: string;
  locale(): Locale;
  /** Called on 401 (not for the login call itself), e.g. to go to the login page. */
  onUnauthorized?(error: ApiError): void;
  fetch?: typeof fetch;
  /** Reads a cookie; defaults to document.cookie. */
  cookie?(name: string): string | undefined;
}

export interface ApiClient {
  get<T>(path: string, query?: Query): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body?: unknown): Promise<T>;
  delete<T>(path: string): Promise<T>;
  /** Absolute-path URL for links and EventSource, with the query encoded. */
  url(path: string, query?: Query): string;
}

export function readCookie(name: string, source: string = typeof document === 'undefined' ? '' : document.cookie): string | undefined {
  for (const part of source.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export function encodeQuery(query?: Query): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function createApiClient(opts: ApiClientOptions): ApiClient {
  const base = opts.base ?? '/api';
  const doFetch = opts.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const cookie = opts.cookie ?? ((name: string) => readCookie(name));
  const url = (path: string, query?: Query) => `${base}${path}${encodeQuery(query)}`;

  async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
    const locale = opts.locale();
    const headers: Record<string, string> = { accept: 'application/json', 'accept-language': locale };
    if (method !== 'GET') {
      const csrf = cookie(CSRF_COOKIE);
      if (csrf) headers[CSRF_HEADER] = csrf;
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await doFetch(url(path, query), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
      });
    } catch {
      throw new ApiError(0, 'SERVICE_UNAVAILABLE', errorMessage('SERVICE_UNAVAILABLE', locale));
    }
    const text = await res.text();
    let data: unknown = undefined;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = undefined;
      }
    }
    if (!res.ok) {
      const error = isErrorBody(data)
        ? new ApiError(res.status, data.code, data.message, data.details)
        : new ApiError(
            res.status,
            res.status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST',
            errorMessage(res.status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST', locale),
          );
      if (res.status === 401 && path !== '/auth/login') opts.onUnauthorized?.(error);
      throw error;
    }
    return data as T;
  }

  return {
    get: (path, query) => request('GET', path, undefined, query),
    post: (path, body) => request('POST', path, body ?? {}),
    put: (path, body) => request('PUT', path, body ?? {}),
    patch: (path, body) => request('PATCH', path, body ?? {}),
    delete: (path) => request('DELETE', path),
    url,
  };
}
