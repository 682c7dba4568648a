/**
 * The session cache: a request served from it must never outlive a change that ends or narrows
 * the session — a revoked grant, a disabled account, a logout, a change written by another module
 * or another instance.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { openDatabase } from '../db/index.js';
import { backend, createTestApp, testConfig, type Caller, type TestContext, type TestTown } from '../../../test/helpers.js';
import { sessionCacheOf } from './session-cache.js';

let t: TestContext;
let town: TestTown;
let townAdmin: Caller;
beforeAll(async () => {
  t = await createTestApp();
  town = await t.createTown();
  townAdmin = await t.caller(town.townId, town.townId, 'town_admin');
});
afterAll(() => t?.close());

const call = (app: TestContext['app'], caller: Caller, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: caller.headers, payload: payload as never });

/** Polls until `check` holds; a change written straight into the database arrives by NOTIFY. */
async function eventually(check: () => Promise<boolean>, ms = 2000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}

describe('session cache', () => {
  it('serves a signed-in caller from the cache', async () => {
    const me = await t.caller(town.townId, town.communities[0]!.id, 'community_admin');
    expect((await call(t.app, me, 'GET', '/api/auth/me')).statusCode).toBe(200);
    const before = sessionCacheOf(t.db)!.size;
    expect(before).toBeGreaterThan(0);
    expect((await call(t.app, me, 'GET', '/api/auth/me')).statusCode).toBe(200);
    expect(sessionCacheOf(t.db)!.size).toBe(before);
  });

  it('a revoked grant is gone on the next request', async () => {
    const me = await t.caller(town.townId, town.communities[0]!.id, 'community_admin');
    expect((await call(t.app, me, 'GET', '/api/accounts')).statusCode).toBe(200);
    const account = (await call(t.app, townAdmin, 'GET', `/api/accounts/${me.accountId}`)).json();
    const grantId = account.grants[0].id as string;
    expect((await call(t.app, townAdmin, 'DELETE', `/api/accounts/${me.accountId}/grants/${grantId}`)).statusCode).toBe(200);
    const res = await call(t.app, me, 'GET', '/api/accounts');
    expect(res.statusCode).toBe(403);
    // A grant given back works at once too.
    const back = await call(t.app, townAdmin, 'POST', `/api/accounts/${me.accountId}/grants`, {
      role: 'community_admin',
      regionId: town.communities[0]!.id,
    });
    expect(back.statusCode).toBeLessThan(300);
    expect((await call(t.app, me, 'GET', '/api/accounts')).statusCode).toBe(200);
  });

  it('a disabled account gets 401 on the next request', async () => {
    const me = await t.caller(town.townId, town.communities[1]!.id, 'volunteer');
    expect((await call(t.app, me, 'GET', '/api/auth/me')).statusCode).toBe(200);
    expect((await call(t.app, townAdmin, 'PATCH', `/api/accounts/${me.accountId}`, { disabled: true })).statusCode).toBe(200);
    const res = await call(t.app, me, 'GET', '/api/auth/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('AUTH_REQUIRED');
  });

  it('a renamed account shows its new name', async () => {
    const me = await t.caller(town.townId, town.communities[1]!.id, 'community_admin');
    expect((await call(t.app, me, 'GET', '/api/auth/me')).statusCode).toBe(200);
    await call(t.app, townAdmin, 'PATCH', `/api/accounts/${me.accountId}`, { name: '改名后' });
    // The audit line of the caller's next write names them as they are now.
    expect((await call(t.app, me, 'POST', '/api/auth/logout')).statusCode).toBeLessThan(300);
    const line = await t.db
      .selectFrom('audit_log')
      .select('actor_name')
      .where('actor_id', '=', me.accountId)
      .where('action', '=', 'auth.logout')
      .executeTakeFirstOrThrow();
    expect(line.actor_name).toBe('改名后');
  });

  it('changes written by any module reach the cache through the database (grants, accounts, sessions)', async () => {
    const me = await t.caller(town.townId, town.communities[0]!.id, 'community_admin');
    expect((await call(t.app, me, 'GET', '/api/accounts')).statusCode).toBe(200);
    await t.db.deleteFrom('role_grant').where('account_id', '=', me.accountId).execute();
    expect(await eventually(async () => (await call(t.app, me, 'GET', '/api/accounts')).statusCode === 403)).toBe(true);
    await sql`update account set disabled = true where id = ${me.accountId}`.execute(t.db);
    expect(await eventually(async () => (await call(t.app, me, 'GET', '/api/auth/me')).statusCode === 401)).toBe(true);

    const other = await t.caller(town.townId, town.communities[0]!.id, 'volunteer');
    expect((await call(t.app, other, 'GET', '/api/auth/me')).statusCode).toBe(200);
    await t.db.deleteFrom('session').where('account_id', '=', other.accountId).execute();
    expect(await eventually(async () => (await call(t.app, other, 'GET', '/api/auth/me')).statusCode === 401)).toBe(true);
  });

  it('logout and a password change end the sessions at once', async () => {
    const me = await t.caller(town.townId, town.communities[0]!.id, 'volunteer');
    const second = await t.login(me.mobile);
    expect((await call(t.app, second, 'GET', '/api/auth/me')).statusCode).toBe(200);
    expect(
      (
        await call(t.app, me, 'POST', '/api/auth/password', {
          currentPassword: 'Passw0rd-test',
          newPassword: 'Another-Passw0rd',
        })
      ).statusCode,
    ).toBeLessThan(300);
    expect((await call(t.app, second, 'GET', '/api/auth/me')).statusCode).toBe(401);
    expect((await call(t.app, me, 'GET', '/api/auth/me')).statusCode).toBe(200);
    expect((await call(t.app, me, 'POST', '/api/auth/logout')).statusCode).toBeLessThan(300);
    expect((await call(t.app, me, 'GET', '/api/auth/me')).statusCode).toBe(401);
  });

  // Both instances share this process here, so B reads its NOTIFY only when the event loop turns:
  // give it a few milliseconds (test/faults/instances.test.ts checks separate processes at once).
  it.runIf(backend === 'postgres')('a revoked grant and a disabled account reach another instance', async () => {
    const other = await openDatabase({ databaseUrl: t.database.url!, poolSize: 4 });
    const b = await buildApp({ config: testConfig({ dataKey: t.config.dataKey }), database: other, startWorkers: false });
    await b.ready();
    try {
      const me = await t.caller(town.townId, town.communities[0]!.id, 'community_admin');
      expect((await call(b, me, 'GET', '/api/accounts')).statusCode).toBe(200);
      const grantId = (await call(t.app, townAdmin, 'GET', `/api/accounts/${me.accountId}`)).json().grants[0].id as string;
      expect((await call(t.app, townAdmin, 'DELETE', `/api/accounts/${me.accountId}/grants/${grantId}`)).statusCode).toBe(200);
      expect(await eventually(async () => (await call(b, me, 'GET', '/api/accounts')).statusCode === 403, 300)).toBe(true);
      expect((await call(b, me, 'GET', '/api/auth/me')).statusCode).toBe(200);
      expect((await call(t.app, townAdmin, 'PATCH', `/api/accounts/${me.accountId}`, { disabled: true })).statusCode).toBe(200);
      expect(await eventually(async () => (await call(b, me, 'GET', '/api/auth/me')).statusCode === 401, 300)).toBe(true);
    } finally {
      await b.close();
      await other.close();
    }
  });
});
