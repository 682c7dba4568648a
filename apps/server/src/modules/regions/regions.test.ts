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

describe('region tree', () => {
  it('creates, renames and lists nodes with the town level names', async () => {
    const east = town.communities[0]!;
    const created = await call(eastAdmin, 'POST', '/api/regions', {
      parentId: east.subgridId,
      name: ' 第二网格 ',
      code: '440605124101',
      centre: { lng: 112.95, lat: 22.93 },
      boundary: {
        type: 'Polygon',
        coordinates: [
          [
            [112.9, 22.9],
            [113, 22.9],
            [113, 23],
            [112.9, 22.9],
          ],
        ],
      },
    });
    expect(created.statusCode).toBe(201);
    const grid = created.json();
    expect(grid).toMatchObject({
      name: '第二网格',
      depth: 3,
      levelName: '网格',
      parentId: east.subgridId,
      code: '440605124101',
      childCount: 0,
    });
    const renamed = await call(eastAdmin, 'PATCH', `/api/regions/${grid.id}`, { name: '第三网格' });
    expect(renamed.json().name).toBe('第三网格');
    const tree = await call(eastAdmin, 'GET', '/api/regions?subtree=true');
    const names = tree.json().items.map((r: { name: string }) => r.name);
    expect(names).toContain('第三网格');
    expect(names).not.toContain('西社区');
    expect(tree.json().levelNames[town.townId]).toEqual(['镇', '社区', '小区', '网格']);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'before', 'after'])
      .where('entity_id', '=', grid.id)
      .orderBy('at')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['region.create', 'region.update']);
    expect(audit[1]!.before).toMatchObject({ name: '第二网格' });
    expect(audit[1]!.after).toMatchObject({ name: '第三网格' });
  });

  it('refuses a level below the last one the town uses', async () => {
    const res = await call(townAdmin, 'POST', '/api/regions', { parentId: town.communities[0]!.gridId, name: '楼栋' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('REGION_DEPTH_EXCEEDED');
  });

  it('refuses duplicate sibling names and bad division codes with clear codes', async () => {
    const dup = await call(townAdmin, 'POST', '/api/regions', { parentId: town.communities[0]!.subgridId, name: '第一网格' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('REGION_NAME_TAKEN');
    const bad = await call(townAdmin, 'POST', '/api/regions', { parentId: town.communities[0]!.subgridId, name: 'x', code: '12345' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
  });

  it('deletes only empty nodes and never the root of the caller scope', async () => {
    const west = town.communities[1]!;
    const blocked = await call(townAdmin, 'DELETE', `/api/regions/${west.subgridId}`);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().code).toBe('REGION_HAS_CHILDREN');
    const own = await call(eastAdmin, 'DELETE', `/api/regions/${town.communities[0]!.id}`);
    expect(own.json().code).toBe('REGION_SCOPE_ROOT');
    // A grid where an account lives cannot be deleted either.
    await t.createAccount(town.townId, west.gridId, 'resident');
    const occupied = await call(townAdmin, 'DELETE', `/api/regions/${west.gridId}`);
    expect(occupied.json().code).toBe('REGION_HAS_CHILDREN');
    const empty = (await call(townAdmin, 'POST', '/api/regions', { parentId: west.subgridId, name: '临时网格' })).json();
    expect((await call(townAdmin, 'DELETE', `/api/regions/${empty.id}`)).statusCode).toBe(200);
    expect((await call(townAdmin, 'GET', `/api/regions/${empty.id}`)).statusCode).toBe(404);
  });

  it('moves a subtree: paths of all descendants follow, the level is kept', async () => {
    const east = town.communities[0]!;
    const sub = (await call(townAdmin, 'POST', '/api/regions', { parentId: east.id, name: '新小区' })).json();
    const grid = (await call(townAdmin, 'POST', '/api/regions', { parentId: sub.id, name: '甲网格' })).json();
    const west = town.communities[1]!;
    const moved = await call(townAdmin, 'POST', `/api/regions/${sub.id}/move`, { parentId: west.id });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().parentId).toBe(west.id);
    // The east admin no longer sees the grid; the west side does.
    expect((await call(eastAdmin, 'GET', `/api/regions/${grid.id}`)).statusCode).toBe(404);
    const row = await t.db.selectFrom('region').select('path').where('id', '=', grid.id).executeTakeFirstOrThrow();
    expect(row.path).toBe(`/${town.townId}/${west.id}/${sub.id}/${grid.id}/`);
    const intoItself = await call(townAdmin, 'POST', `/api/regions/${sub.id}/move`, { parentId: grid.id });
    expect(intoItself.json().code).toBe('REGION_MOVE_INVALID');
    const wrongLevel = await call(townAdmin, 'POST', `/api/regions/${grid.id}/move`, { parentId: west.id });
    expect(wrongLevel.json().code).toBe('REGION_MOVE_INVALID');
  });

  it('answers 404 for a node outside the caller scope, as if it did not exist', async () => {
    const west = town.communities[1]!;
    for (const [method, url, payload] of [
      ['GET', `/api/regions/${west.gridId}`, undefined],
      ['PATCH', `/api/regions/${west.gridId}`, { name: '偷改' }],
      ['POST', '/api/regions', { parentId: west.subgridId, name: '偷建' }],
      ['GET', `/api/regions?parentId=${west.id}`, undefined],
    ] as const) {
      const res = await call(eastAdmin, method, url, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    }
  });

  it('keeps sibling names unique when many create at once', async () => {
    const parentId = town.communities[0]!.subgridId;
    const results = await Promise.all(
      Array.from({ length: 12 }, () => call(townAdmin, 'POST', '/api/regions', { parentId, name: '并发网格' })),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409).every((r) => r.json().code === 'REGION_NAME_TAKEN')).toBe(true);
  });

  it('lets the town admin rename the town and its levels, never below the depth in use', async () => {
    const get = await call(townAdmin, 'GET', `/api/towns/${town.townId}`);
    expect(get.json()).toMatchObject({ levelNames: ['镇', '社区', '小区', '网格'], deepestLevel: 3 });
    const five = await call(townAdmin, 'PATCH', `/api/towns/${town.townId}`, {
      levelNames: ['街道', '社区', '幸福庭院', '政法网格', '楼栋微网格'],
    });
    expect(five.statusCode).toBe(200);
    expect(five.json().levelNames).toHaveLength(5);
    // A fifth level can now be created under a grid, and carries the new name.
    const building = await call(townAdmin, 'POST', '/api/regions', { parentId: town.communities[0]!.gridId, name: '1号楼' });
    expect(building.json()).toMatchObject({ depth: 4, levelName: '楼栋微网格' });
    const shrink = await call(townAdmin, 'PATCH', `/api/towns/${town.townId}`, { levelNames: ['镇', '社区', '小区', '网格'] });
    expect(shrink.statusCode).toBe(409);
    expect(shrink.json().code).toBe('REGION_LEVELS_IN_USE');
    expect((await call(eastAdmin, 'PATCH', `/api/towns/${town.townId}`, { name: '改名镇' })).statusCode).toBe(403);
    const renamed = await call(townAdmin, 'PATCH', `/api/towns/${town.townId}`, { name: '新名镇' });
    expect(renamed.json().name).toBe('新名镇');
    expect((await call(townAdmin, 'GET', `/api/regions/${town.townId}`)).json().name).toBe('新名镇');
    await call(townAdmin, 'DELETE', `/api/regions/${building.json().id}`);
    await call(townAdmin, 'PATCH', `/api/towns/${town.townId}`, { levelNames: ['镇', '社区', '小区', '网格'] });
  });
});
