import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient, encodeQuery, fieldErrors, readCookie } from './client.js';

interface Seen {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

function fakeServer(status: number, body: unknown) {
  const seen: Seen[] = [];
  const fetch = async (url: string | URL | Request, init?: RequestInit) => {
    seen.push({
      url: String(url),
      method: init?.method ?? 'GET',
      headers: init?.headers as Record<string, string>,
      body: init?.body as string | undefined,
    });
    return new Response(body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body), { status });
  };
  return { seen, fetch: fetch as typeof globalThis.fetch };
}

describe('api client', () => {
  it('echoes the CSRF cookie on writes only, and sends the locale', async () => {
    const server = fakeServer(200, { ok: true });
    const api = createApiClient({ locale: () => 'en', fetch: server.fetch, cookie: (n) => (n === 'tx_csrf' ? 'tok' : undefined) });
    await api.get('/regions', { parentId: 'a b', subtree: true, empty: '', none: undefined });
    await api.post('/regions', { name: '网格' });
    expect(server.seen[0]).toMatchObject({ url: '/api/regions?parentId=a+b&subtree=true', method: 'GET' });
    expect(server.seen[0]!.headers['x-csrf-token']).toBeUndefined();
    expect(server.seen[0]!.headers['accept-language']).toBe('en');
    expect(server.seen[1]!.headers['x-csrf-token']).toBe('tok');
    expect(JSON.parse(server.seen[1]!.body!)).toEqual({ name: '网格' });
  });

  it("turns the server's error body into an ApiError and reports 401", async () => {
    const server = fakeServer(409, { code: 'REGION_NAME_TAKEN', message: '同一上级下已有同名区域' });
    const api = createApiClient({ locale: () => 'zh-CN', fetch: server.fetch, cookie: () => undefined });
    const err = await api.post('/regions', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 409, code: 'REGION_NAME_TAKEN', message: '同一上级下已有同名区域' });

    let unauthorized = 0;
    const expired = createApiClient({
      locale: () => 'zh-CN',
      fetch: fakeServer(401, { code: 'AUTH_REQUIRED', message: '请先登录' }).fetch,
      onUnauthorized: () => unauthorized++,
    });
    await expect(expired.get('/auth/me')).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    // A failed login is the login form's business, not a redirect.
    await expect(expired.post('/auth/login', {})).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    expect(unauthorized).toBe(1);
  });

  it('maps a body that is not ours, and a network failure, to stable codes', async () => {
    const proxy = createApiClient({ locale: () => 'en', fetch: fakeServer(502, '<html>Bad gateway</html>').fetch });
    await expect(proxy.get('/x')).rejects.toMatchObject({ status: 502, code: 'INTERNAL_ERROR', message: 'Internal server error' });
    const offline = createApiClient({
      locale: () => 'zh-CN',
      fetch: (async () => {
        throw new TypeError('Failed to fetch');
      }) as typeof fetch,
    });
    await expect(offline.get('/x')).rejects.toMatchObject({ status: 0, code: 'SERVICE_UNAVAILABLE' });
  });

  it('reads cookies and encodes queries', () => {
    expect(readCookie('tx_csrf', 'a=1; tx_csrf=abc%3D; b=2')).toBe('abc=');
    expect(readCookie('nope', 'a=1')).toBeUndefined();
    expect(encodeQuery({})).toBe('');
    expect(encodeQuery({ page: 2, q: '陈' })).toBe('?page=2&q=%E9%99%88');
  });

  it('keys validation details by field, as the server writes them', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', '请求参数不正确', [
      { path: 'body/name', message: 'must NOT have fewer than 1 characters' },
      { path: 'body/grants/0/role', message: 'must be equal to one of the allowed values' },
      { path: 'body/name', message: 'second message for the same field' },
      { path: 'querystring/page', message: 'must be integer' },
    ]);
    expect(fieldErrors(error)).toEqual({
      name: 'must NOT have fewer than 1 characters',
      grants: 'must be equal to one of the allowed values',
      page: 'must be integer',
    });
    expect(fieldErrors(new Error('x'))).toEqual({});
  });
});
