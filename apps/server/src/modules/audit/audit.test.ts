import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestContext, type TestTown } from '../../../test/helpers.js';

let t: TestContext;
let town: TestTown;
let townAdmin: Caller;
let auditor: Caller;
let eastAuditor: Caller;
let eastGridId: string;
let westGridId: string;

beforeAll(async () => {
  t = await createTestApp();
  town = await t.createTown();
  townAdmin = await t.caller(town.townId, town.townId, 'town_admin');
  auditor = await t.caller(town.townId, town.townId, 'auditor');
  eastAuditor = await t.caller(town.townId, town.communities[0]!.id, 'auditor');
  const create = async (parentId: string, name: string) =>
    (
      await t.app.inject({
        method: 'POST',
        url: '/api/regions',
        headers: { ...townAdmin.headers, 'x-forwarded-for': '203.0.113.9' },
        payload: { parentId, name },
      })
    ).json().id as string;
  eastGridId = await create(town.communities[0]!.subgridId, '审计东网格');
  westGridId = await create(town.communities[1]!.subgridId, '审计西网格');
  await t.app.inject({ method: 'PATCH', url: `/api/regions/${eastGridId}`, headers: townAdmin.headers, payload: { name: '审计东网格改' } });
});
afterAll(() => t?.close());

const list = (caller: Caller, query: string) => t.app.inject({ method: 'GET', url: `/api/audit?${query}`, headers: caller.headers });

describe('audit log', () => {
  it('records who changed what, before and after, from which address', async () => {
    const res = await list(auditor, `entityId=${eastGridId}`);
    expect(res.statusCode).toBe(200);
    const { items, total } = res.json();
    expect(total).toBe(2);
    // Newest first.
    expect(items[0]).toMatchObject({ action: 'region.update', entity: 'region', actorId: townAdmin.accountId, actorName: '测试用户' });
    expect(items[0].before).toMatchObject({ name: '审计东网格' });
    expect(items[0].after).toMatchObject({ name: '审计东网格改' });
    expect(items[1]).toMatchObject({ action: 'region.create', before: null, ip: '127.0.0.1' });
    expect(items[0].regionPath.slice(1)).toEqual(['东社区', '一小区', '审计东网格改']);
  });

  it('filters by action, actor, region subtree and time', async () => {
    const creates = (await list(auditor, 'action=region.create&pageSize=200')).json();
    expect(creates.items.every((e: { action: string }) => e.action === 'region.create')).toBe(true);
    expect(creates.total).toBeGreaterThanOrEqual(2);
    const mine = (await list(auditor, `actorId=${townAdmin.accountId}&pageSize=200`)).json();
    expect(mine.items.every((e: { actorId: string }) => e.actorId === townAdmin.accountId)).toBe(true);
    const west = (await list(auditor, `regionId=${town.communities[1]!.id}&pageSize=200`)).json();
    expect(west.items.map((e: { entityId: string }) => e.entityId)).toContain(westGridId);
    expect(west.items.map((e: { entityId: string }) => e.entityId)).not.toContain(eastGridId);
    const future = (await list(auditor, `from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`)).json();
    expect(future.total).toBe(0);
    const past = (await list(auditor, `to=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`)).json();
    expect(past.total).toBe(0);
  });

  it("shows an auditor only their own subtree's entries", async () => {
    const east = (await list(eastAuditor, 'pageSize=200')).json();
    const ids = east.items.map((e: { entityId: string }) => e.entityId);
    expect(ids).toContain(eastGridId);
    expect(ids).not.toContain(westGridId);
    expect((await list(eastAuditor, `regionId=${town.communities[1]!.id}`)).statusCode).toBe(404);
  });

  it('is closed to roles without audit.read', async () => {
    const communityAdmin = await t.caller(town.townId, town.communities[0]!.id, 'community_admin');
    const res = await list(communityAdmin, '');
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
  });

  it('cannot be changed or deleted, even by SQL', async () => {
    await expect(sql`update audit_log set action = 'forged'`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
    const still = (await list(auditor, `entityId=${eastGridId}`)).json();
    expect(still.total).toBe(2);
  });
});
