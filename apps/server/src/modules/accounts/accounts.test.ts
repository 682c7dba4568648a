import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestContext, type TestTown } from '../../../test/helpers.js';

let t: TestContext;
let town: TestTown;
let townAdmin: Caller;
let eastAdmin: Caller;
beforeAll(async () => {
  t = await createTestApp();
  town = await t.createTown();
  townAdmin = await t.caller(town.townId, town.townId, 'town_admin');
  eastAdmin = await t.caller(town.townId, town.communities[0]!.id, 'community_admin');
});
afterAll(() => t?.close());

const call = (caller: Caller, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: caller.headers, payload: payload as never });

describe('accounts and roles', () => {
  it('creates an account with grants; the mobile is masked and encrypted', async () => {
    const east = town.communities[0]!;
    const res = await call(eastAdmin, 'POST', '/api/accounts', {
      name: '何晓东',
      mobile: '13912345678',
      password: 'Grid-worker-1',
      homeRegionId: east.gridId,
      grants: [{ role: 'grid_worker', regionId: east.gridId }],
    });
    expect(res.statusCode).toBe(201);
    const account = res.json();
    expect(account).toMatchObject({ name: '何晓东', mobileMasked: '139****5678', disabled: false });
    expect(account.grants).toEqual([
      expect.objectContaining({
        role: 'grid_worker',
        regionName: '第一网格',
        regionPath: [expect.any(String), '东社区', '一小区', '第一网格'],
      }),
    ]);
    expect(account.homeRegionName).toContain('东社区');
    expect(account.homeRegionPath.slice(1)).toEqual(['东社区', '一小区', '第一网格']);
    const dup = await call(eastAdmin, 'POST', '/api/accounts', {
      name: '重复',
      mobile: '13912345678',
      password: 'Abcdefg123',
      homeRegionId: east.gridId,
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('MOBILE_TAKEN');
    const log = await t.db
      .selectFrom('audit_log')
      .select(['after'])
      .where('entity_id', '=', account.id)
      .where('action', '=', 'account.create')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(log.after)).not.toContain('13912345678');
    // The new person can log in with that password.
    expect((await t.login('13912345678', 'Grid-worker-1')).accountId).toBe(account.id);
  });

  it('refuses invalid mobile numbers and weak passwords', async () => {
    const base = { name: '某人', homeRegionId: town.communities[0]!.gridId };
    expect((await call(eastAdmin, 'POST', '/api/accounts', { ...base, mobile: '12345678901', password: 'Abcdefg123' })).json().code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await call(eastAdmin, 'POST', '/api/accounts', { ...base, mobile: '13812340000', password: 'abc' })).json().code).toBe(
      'AUTH_WEAK_PASSWORD',
    );
  });

  it('a community admin cannot hand out town-level roles', async () => {
    const a = await t.createAccount(town.townId, town.communities[0]!.gridId, 'volunteer');
    const res = await call(eastAdmin, 'POST', `/api/accounts/${a.id}/grants`, { role: 'auditor', regionId: town.communities[0]!.id });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('ROLE_NOT_GRANTABLE');
    const ok = await call(townAdmin, 'POST', `/api/accounts/${a.id}/grants`, { role: 'auditor', regionId: town.communities[0]!.id });
    expect(ok.statusCode).toBe(200);
    expect(
      ok
        .json()
        .grants.map((g: { role: string }) => g.role)
        .sort(),
    ).toEqual(['auditor', 'volunteer']);
    const again = await call(townAdmin, 'POST', `/api/accounts/${a.id}/grants`, { role: 'auditor', regionId: town.communities[0]!.id });
    expect(again.json().code).toBe('GRANT_EXISTS');
  });

  it('filters by region, role and name or full mobile; pages', async () => {
    const west = town.communities[1]!;
    const b = await t.createAccount(town.townId, west.gridId, 'merchant', '潘志伟');
    const byName = await call(townAdmin, 'GET', `/api/accounts?q=${encodeURIComponent('志伟')}`);
    expect(byName.json().items.map((i: { id: string }) => i.id)).toEqual([b.id]);
    const byMobile = await call(townAdmin, 'GET', `/api/accounts?q=${b.mobile}`);
    expect(byMobile.json().total).toBe(1);
    const byRole = await call(townAdmin, 'GET', `/api/accounts?role=merchant&regionId=${west.id}`);
    expect(byRole.json().items.map((i: { id: string }) => i.id)).toEqual([b.id]);
    const page = await call(townAdmin, 'GET', '/api/accounts?pageSize=2&page=1');
    expect(page.json().items).toHaveLength(2);
    expect(page.json().total).toBeGreaterThan(2);
    // The east admin sees nobody from the west.
    expect((await call(eastAdmin, 'GET', `/api/accounts?q=${b.mobile}`)).json().total).toBe(0);
  });

  it('disabling an account ends its sessions; reset password works', async () => {
    const a = await t.createAccount(town.townId, town.communities[0]!.gridId, 'volunteer');
    const session = await t.login(a.mobile);
    expect((await call(eastAdmin, 'PATCH', `/api/accounts/${a.id}`, { disabled: true })).json().disabled).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: session.headers })).statusCode).toBe(401);
    await call(eastAdmin, 'PATCH', `/api/accounts/${a.id}`, { disabled: false });
    expect((await call(eastAdmin, 'POST', `/api/accounts/${a.id}/reset-password`, { password: 'Fresh-pass-1' })).statusCode).toBe(200);
    expect((await t.login(a.mobile, 'Fresh-pass-1')).accountId).toBe(a.id);
  });
});

describe('audit log', () => {
  it('is readable by auditors and town admins within their scope, with filters', async () => {
    const auditor = await t.caller(town.townId, town.townId, 'auditor');
    const res = await call(auditor, 'GET', '/api/audit?action=account.create');
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBeGreaterThan(0);
    expect(res.json().items.every((i: { action: string }) => i.action === 'account.create')).toBe(true);
    const eastAuditor = await t.caller(town.townId, town.communities[0]!.id, 'auditor');
    const westEntries = await call(eastAuditor, 'GET', `/api/audit?regionId=${town.communities[1]!.id}`);
    expect(westEntries.statusCode).toBe(404);
    const all = (await call(eastAuditor, 'GET', '/api/audit?pageSize=200')).json();
    const westPaths = new Set([town.communities[1]!.id, town.communities[1]!.gridId, town.communities[1]!.subgridId]);
    expect(all.items.some((i: { regionId: string }) => westPaths.has(i.regionId))).toBe(false);
    expect((await call(eastAdmin, 'GET', '/api/audit')).statusCode).toBe(403);
  });

  it('cannot be changed or deleted, even by SQL', async () => {
    await expect(t.db.updateTable('audit_log').set({ action: 'x' }).execute()).rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
  });
});
