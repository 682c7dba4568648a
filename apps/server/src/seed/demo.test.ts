import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '@tongxin/shared';
import { createTestApp, type TestContext } from '../../test/helpers.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOWN, seedDemoIfEmpty } from './demo.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('demo town', () => {
  it('seeds an empty database once: the town, its tree and one account per role', async () => {
    expect(await seedDemoIfEmpty(t.db, t.cipher)).toBe(true);
    const regions = await t.db.selectFrom('region').select(['name', 'depth']).execute();
    expect(regions.filter((r) => r.depth === 1).map((r) => r.name)).toEqual(DEMO_TOWN.communities.map((c) => c.name));
    expect(regions.filter((r) => r.depth === 3)).toHaveLength(DEMO_TOWN.communities.length * 2 * 2);
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.role))).toEqual(new Set(ROLES));
    // Seeding never runs against a database that already holds data.
    expect(await seedDemoIfEmpty(t.db, t.cipher)).toBe(false);
    expect(await t.db.selectFrom('town').select('id').execute()).toHaveLength(1);
  });

  it('lets every demo account log in with the documented password and find a welcome in its inbox', async () => {
    for (const a of DEMO_ACCOUNTS) {
      const caller = await t.login(a.mobile, DEMO_PASSWORD);
      const me = (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: caller.headers })).json();
      expect(me.name).toBe(a.name);
      expect(me.grants.map((g: { role: string }) => g.role)).toEqual([a.role]);
      const inbox = (await t.app.inject({ method: 'GET', url: '/api/notifications', headers: caller.headers })).json();
      expect(inbox.items[0]).toMatchObject({ kind: 'system.welcome', link: '/m/me' });
      expect(inbox.unread).toBe(1);
    }
  });
});
