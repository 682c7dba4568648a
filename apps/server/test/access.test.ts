/**
 * Generated access test: every /api route × every role, inside and outside the caller's scope.
 * A route added without a case here fails the first test; a route that forgets scoping answers
 * 2xx outside the scope and fails the matrix.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { ROLES, ROLE_PERMISSIONS, type Role } from '@tongxin/shared';
import { createTestApp, type TestContext } from './helpers.js';
import { CASES, createFixture, type Fixture } from './access-cases.js';

const name = () => `区域${randomUUID().slice(0, 8)}`;

let t: TestContext;
let fx: Fixture;

beforeAll(async () => {
  t = await createTestApp();
  fx = await createFixture(t);
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
          const res = await t.app.inject({ ...req, headers: { ...req.headers, ...as.headers } } as InjectOptions);
          const expected = !permitted ? [403] : side === 'A' ? [200, 201] : [404];
          if (!expected.includes(res.statusCode)) failures.push(`${key} side ${side}: ${res.statusCode} ${res.body.slice(0, 160)}`);
        }
      }
      expect(failures).toEqual([]);
      // Every route twice per role: this grows with the API, not with a slow request.
    }, 180_000);
  }
});
