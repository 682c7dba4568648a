import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestContext, type TestTown } from '../../../test/helpers.js';

let t: TestContext;
let town: TestTown;
beforeAll(async () => {
  t = await createTestApp({ config: { loginMaxFailures: 3, loginLockMinutes: 15 } });
  town = await t.createTown();
});
afterAll(() => t?.close());

const login = (mobile: string, password: string, lang = 'zh-CN') =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { mobile, password }, headers: { 'accept-language': lang } });

describe('login', () => {
  it('signs in with mobile and password and sets httpOnly SameSite cookies', async () => {
    const a = await t.createAccount(town.townId, town.communities[0]!.id, 'community_admin', '陈慧敏');
    const res = await login(`+86 ${a.mobile}`, TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const me = res.json();
    expect(me.name).toBe('陈慧敏');
    expect(me.mobileMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(me.grants[0]).toMatchObject({ role: 'community_admin', regionName: '东社区', levelName: '社区' });
    expect(me.permissions).toContain('region.manage');
    const session = res.cookies.find((c) => c.name === 'tx_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Lax');
    expect(res.cookies.find((c) => c.name === 'tx_csrf')!.httpOnly).toBeFalsy();
  });

  it('answers the same for an unknown number and a wrong password, in the caller language', async () => {
    const a = await t.createAccount(town.townId, town.communities[0]!.id, 'volunteer');
    const wrong = await login(a.mobile, 'Wrong-pass-1');
    const unknown = await login('13000000000', 'Wrong-pass-1', 'en-US,en;q=0.9');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ code: 'AUTH_INVALID_CREDENTIALS', message: '手机号或密码不正确' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toEqual({ code: 'AUTH_INVALID_CREDENTIALS', message: 'Wrong mobile number or password' });
  });

  it('locks the account after repeated failures, even for the right password', async () => {
    const a = await t.createAccount(town.townId, town.communities[0]!.id, 'volunteer');
    expect((await login(a.mobile, 'Wrong-pass-1')).statusCode).toBe(401);
    expect((await login(a.mobile, 'Wrong-pass-2')).statusCode).toBe(401);
    const third = await login(a.mobile, 'Wrong-pass-3');
    expect(third.statusCode).toBe(423);
    expect(third.json().code).toBe('AUTH_ACCOUNT_LOCKED');
    const right = await login(a.mobile, TEST_PASSWORD);
    expect(right.json().code).toBe('AUTH_ACCOUNT_LOCKED');
    const audit = await t.db.selectFrom('audit_log').select('action').where('entity_id', '=', a.id).orderBy('at').execute();
    expect(audit.map((r) => r.action)).toEqual(['auth.login_failed', 'auth.login_failed', 'auth.account_locked', 'auth.login_locked']);
  });

  it('refuses a disabled account only after a correct password', async () => {
    const a = await t.createAccount(town.townId, town.communities[0]!.id, 'volunteer');
    await t.db.updateTable('account').set({ disabled: true }).where('id', '=', a.id).execute();
    expect((await login(a.mobile, 'Wrong-pass-1')).json().code).toBe('AUTH_INVALID_CREDENTIALS');
    expect((await login(a.mobile, TEST_PASSWORD)).json().code).toBe('AUTH_ACCOUNT_DISABLED');
  });

  it('rate-limits login attempts from one address, not from others', async () => {
    const limitedApp = await createTestApp({ config: { loginRateLimit: 5 } });
    try {
      const attempt = (remoteAddress: string) =>
        limitedApp.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { mobile: '13000000001', password: 'x' } });
      const codes: number[] = [];
      for (let i = 0; i < 7; i++) codes.push((await attempt('10.1.1.1')).statusCode);
      expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(codes.slice(5)).toEqual([429, 429]);
      const limited = await attempt('10.1.1.1');
      expect(limited.json().code).toBe('RATE_LIMITED');
      expect((await attempt('10.2.2.2')).statusCode).toBe(401);
    } finally {
      await limitedApp.close();
    }
  });
});

describe('session', () => {
  it('logout ends the session', async () => {
    const a = await t.createAccount(town.townId, town.communities[0]!.id, 'volunteer');
    const caller = await t.login(a.mobile);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: caller.headers })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: caller.headers })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: caller.headers })).statusCode).toBe(401);
  });

  it('changing the password checks the old one, rejects weak ones and signs out other sessions', async () => {
    const a = await t.createAccount(town.townId, town.communities[0]!.id, 'volunteer');
    const one = await t.login(a.mobile);
    const two = await t.login(a.mobile);
    const change = (currentPassword: string, newPassword: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/password', headers: one.headers, payload: { currentPassword, newPassword } });
    expect((await change('nope-123', 'Better-pass-9')).json().code).toBe('AUTH_WRONG_PASSWORD');
    expect((await change(TEST_PASSWORD, 'short')).json().code).toBe('AUTH_WEAK_PASSWORD');
    expect((await change(TEST_PASSWORD, 'Better-pass-9')).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: one.headers })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: two.headers })).statusCode).toBe(401);
    expect((await login(a.mobile, 'Better-pass-9')).statusCode).toBe(200);
  });

  it('stores preferences', async () => {
    const caller = await t.caller(town.townId, town.communities[0]!.id, 'resident');
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/auth/me/preferences',
      headers: caller.headers,
      payload: { largeText: true, locale: 'en' },
    });
    expect(res.json()).toMatchObject({ largeText: true, locale: 'en' });
  });

  it('never stores the mobile number or the session token in clear text', async () => {
    const a = await t.createAccount(town.townId, town.communities[0]!.id, 'volunteer');
    const caller = await t.login(a.mobile);
    const row = await t.db.selectFrom('account').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(a.mobile);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const token = caller.cookie.match(/tx_session=([^;]+)/)![1]!;
    const sessions = await t.db.selectFrom('session').select('id').where('account_id', '=', a.id).execute();
    expect(sessions.map((s) => s.id)).not.toContain(token);
  });
});
