import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestContext, type TestTown } from '../../../test/helpers.js';

let t: TestContext;
let town: TestTown;
let townAdmin: Caller;
let eastAdmin: Caller;
let eastWorker: Caller;
const east = () => town.communities[0]!;
const west = () => town.communities[1]!;

beforeAll(async () => {
  t = await createTestApp();
  town = await t.createTown();
  townAdmin = await t.caller(town.townId, town.townId, 'town_admin');
  eastAdmin = await t.caller(town.townId, east().id, 'community_admin');
  eastWorker = await t.caller(town.townId, east().gridId, 'grid_worker');
});
afterAll(() => t?.close());

const call = (caller: Caller, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: caller.headers, payload: payload as never });

async function household(caller: Caller, regionId: string, address: string, extra: Record<string, unknown> = {}) {
  const res = await call(caller, 'POST', '/api/households', { regionId, address, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number; addressMasked: string };
}

describe('households and residents', () => {
  it('stores a household with its address sealed and masked', async () => {
    const h = await household(eastWorker, east().gridId, '青樵镇上金湾村东街18号', { building: '3', unit: '2', room: '501' });
    expect(h.addressMasked).toBe('青樵镇上金湾****');
    const row = await t.db.selectFrom('household').selectAll().where('id', '=', h.id).executeTakeFirstOrThrow();
    expect(row.address_cipher).not.toContain('东街');
    expect(row.room_masked).toBe('**1');
    // The same address again is the same household.
    const again = await call(eastWorker, 'POST', '/api/households', {
      regionId: east().gridId,
      address: '青樵镇上金湾村东街18号',
      building: '3',
      unit: '2',
      room: '501',
    });
    expect(again.statusCode).toBe(409);
  });

  it('validates ID numbers with the check digit, derives birth date and sex, masks and finds them', async () => {
    const h = await household(eastWorker, east().gridId, '东街20号');
    const bad = await call(eastWorker, 'POST', '/api/residents', { householdId: h.id, name: '张三', idNumber: '110105194912310021' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('ID_NUMBER_INVALID');

    const res = await call(eastWorker, 'POST', '/api/residents', {
      householdId: h.id,
      name: '张三',
      idNumber: '11010519491231002x',
      mobile: '+86 138 0013 8000',
      careTags: ['living_alone'],
      relationToHead: '户主',
      notes: '右腿不便',
    });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    expect(r).toMatchObject({
      name: '张三',
      nameInitials: 'zs',
      sex: 'female',
      birthDate: '1949-12-31',
      idNumberMasked: '110105********002X',
      mobileMasked: '138****8000',
      careTags: ['living_alone'],
      hasNotes: true,
    });
    expect(JSON.stringify(r)).not.toContain('13800138000');

    for (const q of ['zs', '张', '138****8000', '8000', '13800138000', '11010519491231002X']) {
      const found = await call(eastWorker, 'GET', `/api/residents?q=${encodeURIComponent(q)}`);
      expect(
        found.json().items.map((x: { id: string }) => x.id),
        q,
      ).toContain(r.id);
    }
    const byTag = await call(eastAdmin, 'GET', '/api/residents?careTag=living_alone');
    expect(byTag.json().items.map((x: { id: string }) => x.id)).toContain(r.id);
    const hh = await call(eastAdmin, 'GET', `/api/households?careTag=living_alone`);
    expect(hh.json().items[0]).toMatchObject({ id: h.id, headName: '张三', residentCount: 1, careTags: ['living_alone'] });

    // Same ID number again: refused.
    const dup = await call(eastWorker, 'POST', '/api/residents', { householdId: h.id, name: '张三', idNumber: '11010519491231002X' });
    expect(dup.json().code).toBe('ID_NUMBER_TAKEN');

    // Reveal: clear values, each request audited.
    const clear = await call(eastWorker, 'GET', `/api/residents/${r.id}/reveal?fields=idNumber&fields=mobile&fields=notes&fields=address`);
    expect(clear.statusCode, clear.body).toBe(200);
    expect(clear.json()).toEqual({ idNumber: '11010519491231002X', mobile: '13800138000', notes: '右腿不便', address: '东街20号' });
    const log = await t.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('entity_id', '=', r.id)
      .where('action', '=', 'personal_data.reveal')
      .execute();
    expect(log).toHaveLength(1);
    // Care tags read in a list are audited too.
    const reads = await t.db.selectFrom('audit_log').select('after').where('action', '=', 'personal_data.read').execute();
    expect(reads.some((l) => JSON.stringify(l.after).includes(r.id))).toBe(true);
  });

  it('needs a guardian consent for a child under 14', async () => {
    const h = await household(eastWorker, east().gridId, '东街22号');
    const year = new Date().getFullYear() - 8;
    const body = { householdId: h.id, name: '李小明', sex: 'male', birthDate: `${year}-03-01` };
    const res = await call(eastWorker, 'POST', '/api/residents', body);
    expect(res.json().code).toBe('GUARDIAN_CONSENT_REQUIRED');
    const ok = await call(eastWorker, 'POST', '/api/residents', {
      ...body,
      guardianConsent: { guardianName: '李大明', relation: '父亲', consentedOn: '2026-11-01' },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().age).toBe(8);
  });

  it('refuses unknown care tags and tags still in use', async () => {
    const h = await household(eastWorker, east().gridId, '东街24号');
    const res = await call(eastWorker, 'POST', '/api/residents', { householdId: h.id, name: '王五', sex: 'male', careTags: ['no_such'] });
    expect(res.json().code).toBe('CARE_TAG_UNKNOWN');
    const tags = (await call(eastWorker, 'GET', `/api/towns/${town.townId}/care-tags`)).json().items as Array<{ code: string }>;
    expect(tags.map((x) => x.code)).toContain('living_alone');
    const drop = await call(townAdmin, 'PUT', `/api/towns/${town.townId}/care-tags`, {
      items: tags.filter((x) => x.code !== 'living_alone'),
    });
    expect(drop.json().code).toBe('CARE_TAG_IN_USE');
    const add = await call(townAdmin, 'PUT', `/api/towns/${town.townId}/care-tags`, {
      items: [...tags, { code: 'pregnant', label: '孕产妇' }],
    });
    expect(add.statusCode, add.body).toBe(200);
  });

  it('moves a household and a resident and keeps the history', async () => {
    const h = await household(eastAdmin, east().gridId, '东街30号');
    const other = await household(eastAdmin, east().gridId, '东街31号');
    const r = (await call(eastAdmin, 'POST', '/api/residents', { householdId: h.id, name: '赵六', sex: 'male' })).json();
    const sub = (await call(townAdmin, 'POST', '/api/regions', { parentId: east().subgridId, name: '第二网格' })).json();
    const moved = await call(eastAdmin, 'POST', `/api/households/${h.id}/move`, { regionId: sub.id, reason: '网格调整' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().regionPath.at(-1)).toBe('第二网格');
    const rr = (await call(eastAdmin, 'GET', `/api/residents/${r.id}`)).json();
    expect(rr.regionId).toBe(sub.id);
    const hm = (await call(eastAdmin, 'GET', `/api/households/${h.id}/moves`)).json().items;
    expect(hm[0]).toMatchObject({ toRegion: expect.stringContaining('第二网格'), reason: '网格调整' });

    const rm = await call(eastAdmin, 'POST', `/api/residents/${r.id}/move`, { householdId: other.id });
    expect(rm.json().householdId).toBe(other.id);
    const history = (await call(eastAdmin, 'GET', `/api/residents/${r.id}/moves`)).json().items;
    expect(history).toHaveLength(1);
    // The old household now has history: it cannot simply vanish.
    const del = await call(eastAdmin, 'DELETE', `/api/households/${h.id}`);
    expect(del.json().code).toBe('HOUSEHOLD_HAS_HISTORY');
    const del2 = await call(eastAdmin, 'DELETE', `/api/households/${other.id}`);
    expect(del2.json().code).toBe('HOUSEHOLD_HAS_RESIDENTS');
  });

  it('places a household by its location when no grid is given', async () => {
    const square = {
      type: 'Polygon',
      coordinates: [
        [
          [113, 22],
          [113.01, 22],
          [113.01, 22.01],
          [113, 22.01],
          [113, 22],
        ],
      ],
    };
    const res = await call(townAdmin, 'PATCH', `/api/regions/${west().gridId}`, { boundary: square });
    expect(res.statusCode, res.body).toBe(200);
    const h = await call(townAdmin, 'POST', '/api/households', { address: '西街1号', location: { lng: 113.005, lat: 22.005 } });
    expect(h.statusCode, h.body).toBe(201);
    expect(h.json().regionId).toBe(west().gridId);
    const nowhere = await call(townAdmin, 'POST', '/api/households', { address: '西街2号', location: { lng: 114, lat: 23 } });
    expect(nowhere.json().code).toBe('HOUSEHOLD_NOT_LOCATED');
    const map = (await call(townAdmin, 'GET', `/api/map?regionId=${west().id}`)).json();
    expect(map.regions.map((r: { id: string }) => r.id)).toContain(west().gridId);
    expect(map.households).toHaveLength(1);
  });

  it('keeps another community out of reach', async () => {
    const h = await household(townAdmin, west().gridId, '西街9号');
    expect((await call(eastAdmin, 'GET', `/api/households/${h.id}`)).statusCode).toBe(404);
    expect((await call(eastWorker, 'GET', `/api/households/${h.id}/reveal?fields=address`)).statusCode).toBe(404);
    const list = (await call(eastAdmin, 'GET', '/api/households?pageSize=200')).json();
    expect(list.items.map((x: { id: string }) => x.id)).not.toContain(h.id);
  });

  it('refuses a stale version', async () => {
    const h = await household(eastAdmin, east().gridId, '东街40号');
    const ok = await call(eastAdmin, 'PATCH', `/api/households/${h.id}`, { version: h.version, building: '5' });
    expect(ok.statusCode, ok.body).toBe(200);
    const stale = await call(eastAdmin, 'PATCH', `/api/households/${h.id}`, { version: h.version, building: '6' });
    expect(stale.json().code).toBe('CONFLICT');
  });
});
