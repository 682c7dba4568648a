/**
 * Generated access test: every /api route × every role, inside and outside the caller's scope.
 * A route added without a case here fails the first test; a route that forgets scoping answers
 * 2xx outside the scope and fails the matrix.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { ROLES, ROLE_PERMISSIONS, type Role } from '@tongxin/shared';
import { insertRegion } from '../src/modules/regions/index.js';
import { createTestApp, type Caller, type TestContext, type TestTown } from './helpers.js';

type Side = 'A' | 'B';
interface Fixture {
  t: TestContext;
  town: TestTown;
  community(side: Side): TestTown['communities'][number];
  /** A fresh subgrid with one empty grid under community A or B. */
  freshGrid(side: Side): Promise<{ subgridId: string; gridId: string }>;
  /** A fresh account homed in the community's grid, holding `volunteer` there. */
  freshAccount(side: Side): Promise<{ id: string; grantId: string }>;
  /** A notification addressed to this account. */
  notificationFor(accountId: string): Promise<string>;
}

interface Request extends Omit<InjectOptions, 'headers'> {
  url: string;
}
/** Build the request for the caller's own side (in scope) or the other (out of scope). */
type Case = (fx: Fixture, side: Side, caller: Caller) => Promise<Request | null>;

const name = () => `区域${randomUUID().slice(0, 8)}`;

const CASES: Record<string, Case | 'public' | 'sse'> = {
  'POST /api/auth/login': 'public',
  'GET /api/openapi.json': 'public',
  'POST /api/auth/logout': async (_fx, side) => (side === 'A' ? { method: 'POST', url: '/api/auth/logout' } : null),
  'GET /api/auth/me': async (_fx, side) => (side === 'A' ? { method: 'GET', url: '/api/auth/me' } : null),
  'POST /api/auth/password': async (_fx, side) =>
    side === 'A'
      ? { method: 'POST', url: '/api/auth/password', payload: { currentPassword: 'Passw0rd-test', newPassword: 'Passw0rd-test' } }
      : null,
  'PATCH /api/auth/me/preferences': async (_fx, side) =>
    side === 'A' ? { method: 'PATCH', url: '/api/auth/me/preferences', payload: { largeText: true } } : null,

  'GET /api/regions': async (fx, side) => ({ method: 'GET', url: `/api/regions?parentId=${fx.community(side).id}` }),
  'GET /api/regions/:id': async (fx, side) => ({ method: 'GET', url: `/api/regions/${fx.community(side).gridId}` }),
  'POST /api/regions': async (fx, side) => ({
    method: 'POST',
    url: '/api/regions',
    payload: { parentId: fx.community(side).subgridId, name: name() },
  }),
  'PATCH /api/regions/:id': async (fx, side) => ({
    method: 'PATCH',
    url: `/api/regions/${fx.community(side).gridId}`,
    payload: { name: name() },
  }),
  'POST /api/regions/:id/move': async (fx, side) => {
    const g = await fx.freshGrid(side);
    return { method: 'POST', url: `/api/regions/${g.gridId}/move`, payload: { parentId: fx.community(side).subgridId } };
  },
  'DELETE /api/regions/:id': async (fx, side) => ({ method: 'DELETE', url: `/api/regions/${(await fx.freshGrid(side)).gridId}` }),

  // Every caller here holds its role on community A, so no town lies inside its scope: only the
  // outside case applies (regions.test.ts covers a town admin on the town root).
  'GET /api/towns/:id': async (fx, side) => (side === 'B' ? { method: 'GET', url: `/api/towns/${fx.town.townId}` } : null),
  'PATCH /api/towns/:id': async (fx, side) =>
    side === 'B'
      ? { method: 'PATCH', url: `/api/towns/${fx.town.townId}`, payload: { levelNames: ['镇', '社区', '小区', '网格', '楼栋'] } }
      : null,

  'GET /api/accounts': async (fx, side) => ({ method: 'GET', url: `/api/accounts?regionId=${fx.community(side).id}` }),
  'POST /api/accounts': async (fx, side) => ({
    method: 'POST',
    url: '/api/accounts',
    payload: {
      name: '新账号',
      mobile: `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
      password: 'Abcdefg123',
      homeRegionId: fx.community(side).gridId,
    },
  }),
  'GET /api/accounts/:id': async (fx, side) => ({ method: 'GET', url: `/api/accounts/${(await fx.freshAccount(side)).id}` }),
  'PATCH /api/accounts/:id': async (fx, side) => ({
    method: 'PATCH',
    url: `/api/accounts/${(await fx.freshAccount(side)).id}`,
    payload: { name: '改名' },
  }),
  'POST /api/accounts/:id/reset-password': async (fx, side) => ({
    method: 'POST',
    url: `/api/accounts/${(await fx.freshAccount(side)).id}/reset-password`,
    payload: { password: 'Newpass123' },
  }),
  'POST /api/accounts/:id/grants': async (fx, side) => ({
    method: 'POST',
    url: `/api/accounts/${(await fx.freshAccount(side)).id}/grants`,
    payload: { role: 'resident', regionId: fx.community(side).gridId },
  }),
  'DELETE /api/accounts/:id/grants/:grantId': async (fx, side) => {
    const a = await fx.freshAccount(side);
    return { method: 'DELETE', url: `/api/accounts/${a.id}/grants/${a.grantId}` };
  },

  'GET /api/audit': async (fx, side) => ({ method: 'GET', url: `/api/audit?regionId=${fx.community(side).id}` }),

  // Own records only: "out of scope" means somebody else's record.
  'GET /api/notifications': async (_fx, side) => (side === 'A' ? { method: 'GET', url: '/api/notifications' } : null),
  'POST /api/notifications/:id/read': async (fx, side, caller) => {
    const owner = side === 'A' ? caller.accountId : (await fx.freshAccount('A')).id;
    return { method: 'POST', url: `/api/notifications/${await fx.notificationFor(owner)}/read` };
  },
  'POST /api/notifications/read-all': async (_fx, side) => (side === 'A' ? { method: 'POST', url: '/api/notifications/read-all' } : null),
  'GET /api/notifications/preferences': async (_fx, side) =>
    side === 'A' ? { method: 'GET', url: '/api/notifications/preferences' } : null,
  'PUT /api/notifications/preferences': async (_fx, side) =>
    side === 'A'
      ? {
          method: 'PUT',
          url: '/api/notifications/preferences',
          payload: { email: { enabled: false, address: null }, webhook: { enabled: false }, quietHours: null },
        }
      : null,
  'GET /api/notifications/stream': 'sse',
};

let t: TestContext;
let fx: Fixture;

beforeAll(async () => {
  t = await createTestApp();
  const town = await t.createTown();
  const community = (side: Side) => town.communities[side === 'A' ? 0 : 1]!;
  fx = {
    t,
    town,
    community,
    async freshGrid(side) {
      const c = community(side);
      const subgridId = randomUUID();
      const gridId = randomUUID();
      const base = { town_id: town.townId, code: null, boundary: null, centre_lng: null, centre_lat: null };
      await t.db.transaction().execute(async (trx) => {
        await insertRegion(trx, {
          ...base,
          id: subgridId,
          parent_id: c.id,
          depth: 2,
          path: `/${town.townId}/${c.id}/${subgridId}/`,
          name: name(),
        });
        await insertRegion(trx, {
          ...base,
          id: gridId,
          parent_id: subgridId,
          depth: 3,
          path: `/${town.townId}/${c.id}/${subgridId}/${gridId}/`,
          name: name(),
        });
      });
      return { subgridId, gridId };
    },
    async freshAccount(side) {
      const a = await t.createAccount(town.townId, community(side).gridId, 'volunteer');
      const grant = await t.db.selectFrom('role_grant').select('id').where('account_id', '=', a.id).executeTakeFirstOrThrow();
      return { id: a.id, grantId: grant.id };
    },
    async notificationFor(accountId) {
      return t.db
        .transaction()
        .execute((trx) =>
          t.app.platform.notifier.notify(trx, { townId: town.townId, accountId, kind: 'test', title: '测试通知', body: '内容' }),
        );
    },
  };
});
afterAll(() => t?.close());

describe('access matrix', () => {
  it('has a case for every /api route', () => {
    const routes = t.app.apiRoutes.map((r) => `${r.method} ${r.url}`);
    expect(routes.length).toBeGreaterThan(20);
    const missing = routes.filter((r) => !(r in CASES));
    expect(missing, 'routes without an access case').toEqual([]);
  });

  it('refuses every non-public route without a session', async () => {
    for (const r of t.app.apiRoutes) {
      if (r.access === 'public') continue;
      const url = r.url.replace(/:(\w+)/g, () => randomUUID());
      const res = await t.app.inject({
        method: r.method as InjectOptions['method'],
        url,
        payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
      });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      expect(res.json().code).toBe('AUTH_REQUIRED');
    }
  });

  it('refuses writes without the CSRF header', async () => {
    const caller = await t.caller(fx.town.townId, fx.community('A').id, 'community_admin');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/regions',
      headers: { cookie: caller.cookie },
      payload: { parentId: fx.community('A').subgridId, name: name() },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('CSRF_FAILED');
  });

  for (const role of ROLES) {
    it(`${role}: allowed inside its scope, invisible outside`, async () => {
      // Every role is granted on community A; community B is outside its scope.
      const caller = await t.caller(fx.town.townId, fx.community('A').id, role as Role);
      const failures: string[] = [];
      for (const r of t.app.apiRoutes) {
        const key = `${r.method} ${r.url}`;
        const c = CASES[key];
        if (!c || c === 'public' || c === 'sse') continue;
        const permitted =
          r.access === 'authenticated' || (typeof r.access === 'object' && ROLE_PERMISSIONS[role].includes(r.access.permission));
        for (const side of ['A', 'B'] as const) {
          const req = await c(fx, side, caller);
          if (!req) continue;
          // Logging out ends the session: give that case its own.
          const as = key === 'POST /api/auth/logout' ? await t.login(caller.mobile) : caller;
          const res = await t.app.inject({ ...req, headers: as.headers } as InjectOptions);
          const expected = !permitted ? [403] : side === 'A' ? [200, 201] : [404];
          if (!expected.includes(res.statusCode)) failures.push(`${key} side ${side}: ${res.statusCode} ${res.body.slice(0, 160)}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
