import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestContext, type TestTown } from '../../test/helpers.js';

let t: TestContext;
let town: TestTown;
let admin: Caller;
beforeAll(async () => {
  t = await createTestApp();
  town = await t.createTown();
  admin = await t.caller(town.townId, town.townId, 'town_admin');
});
afterAll(() => t?.close());

describe('errors', () => {
  it('validation errors carry a stable code, details and the caller language', async () => {
    const zh = await t.app.inject({ method: 'POST', url: '/api/regions', headers: admin.headers, payload: { parentId: 'nope', name: '' } });
    expect(zh.statusCode).toBe(400);
    expect(zh.json()).toMatchObject({ code: 'VALIDATION_FAILED', message: '请求参数不正确' });
    expect(zh.json().details[0].path).toMatch(/^body/);
    const en = await t.app.inject({
      method: 'POST',
      url: '/api/regions',
      headers: { ...admin.headers, 'accept-language': 'en' },
      payload: { parentId: 'nope' },
    });
    expect(en.json().message).toBe('The request is not valid');
  });

  it('malformed JSON, huge bodies and unknown routes get 4xx codes, never 500', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/regions',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('BAD_REQUEST');
    const huge = await t.app.inject({
      method: 'POST',
      url: '/api/regions',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ parentId: town.townId, name: 'x'.repeat(2_000_000) }),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().code).toBe('PAYLOAD_TOO_LARGE');
    const missing = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('ROUTE_NOT_FOUND');
    const sqlish = await t.app.inject({ method: 'GET', url: `/api/regions/${encodeURIComponent("1' or '1'='1")}`, headers: admin.headers });
    expect(sqlish.statusCode).toBe(400);
  });

  it('serves OpenAPI 3.1 and the docs page, and health probes', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/regions', '/api/accounts', '/api/audit', '/api/auth/login']));
    expect((await t.app.inject({ method: 'GET', url: '/api/docs/' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).json().status).toBe('ready');
  });

  it('sets security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    // Served over plain HTTP (a LAN address, the default): no upgrade to HTTPS, no HSTS.
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('behind HTTPS (secure cookies) asks browsers to stay on HTTPS', async () => {
    const secure = await createTestApp({ config: { cookieSecure: true } });
    try {
      const res = await secure.app.inject({ method: 'GET', url: '/healthz' });
      expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    } finally {
      await secure.close();
    }
  });
});
