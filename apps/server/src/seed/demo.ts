import { randomUUID } from 'node:crypto';
import type { Role } from '@tongxin/shared';
import { DEFAULT_LEVEL_NAMES } from '@tongxin/shared';
import type { Database } from '../platform/db/index.js';
import type { DataCipher } from '../platform/crypto.js';
import { recordAudit } from '../platform/audit.js';
import { Notifier } from '../platform/notify/notifier.js';
import { countTowns, insertRegion, insertTown } from '../modules/regions/index.js';
import { AccountService } from '../modules/accounts/index.js';
import { seedDemoPeople, type DemoPlaces } from './people.js';
import { seedDemoVolunteers } from './volunteers.js';
import { seedDemoHelp } from './help.js';
import { seedDemoPairings } from './pairings.js';
import { seedDemoActivities } from './activities.js';
import { seedDemoPoints } from './points.js';

export const DEMO_PASSWORD = 'Tongxin2026';

/**
 * A fictional town modelled on the seeds (西樵/里水): four villages and communities, each with two
 * compounds or cooperatives of two grids. Every role has one demo account.
 */
export const DEMO_TOWN = {
  name: '青樵镇',
  code: '440605124000',
  centre: { lng: 112.965, lat: 22.935 },
  communities: [
    { name: '上金湾社区', code: '440605124001', dx: -0.02, dy: 0.015, subgrids: ['金湾花园小区', '金湾新村'] },
    { name: '新田村', code: '440605124002', dx: 0.02, dy: 0.015, subgrids: ['新田一社', '新田二社'] },
    { name: '桃源村', code: '440605124003', dx: -0.02, dy: -0.015, subgrids: ['桃源上社', '桃源下社'] },
    { name: '河畔社区', code: '440605124004', dx: 0.02, dy: -0.015, subgrids: ['河畔花园', '滨江小区'] },
  ],
} as const;

type Place = 'town' | 'c0' | 'c1' | 'c0-grid';
export const DEMO_ACCOUNTS: Array<{ role: Role; mobile: string; name: string; place: Place }> = [
  { role: 'town_admin', mobile: '13800000001', name: '梁镇安', place: 'town' },
  { role: 'community_admin', mobile: '13800000002', name: '陈慧敏', place: 'c0' },
  { role: 'community_admin', mobile: '13800000003', name: '李诞明', place: 'c1' },
  { role: 'grid_worker', mobile: '13800000004', name: '何晓东', place: 'c0-grid' },
  { role: 'team_leader', mobile: '13800000005', name: '周志强', place: 'c0' },
  { role: 'volunteer', mobile: '13800000006', name: '黄小敏', place: 'c0-grid' },
  { role: 'resident', mobile: '13800000007', name: '关玉珍', place: 'c0-grid' },
  { role: 'merchant', mobile: '13800000008', name: '潘志伟', place: 'c0' },
  { role: 'lecturer', mobile: '13800000009', name: '路俊峰', place: 'town' },
  { role: 'department_handler', mobile: '13800000010', name: '伍新宇', place: 'town' },
  { role: 'auditor', mobile: '13800000011', name: '钟泽华', place: 'town' },
];

function square(lng: number, lat: number, half: number): { type: 'Polygon'; coordinates: number[][][] } {
  const r = (n: number) => Math.round(n * 1e6) / 1e6;
  return {
    type: 'Polygon',
    coordinates: [
      [
        [r(lng - half), r(lat - half)],
        [r(lng + half), r(lat - half)],
        [r(lng + half), r(lat + half)],
        [r(lng - half), r(lat + half)],
        [r(lng - half), r(lat - half)],
      ],
    ],
  };
}

/** Seed the demo town, but only into a database that holds no town at all. Returns whether it ran. */
export async function seedDemoIfEmpty(db: Database, cipher: DataCipher): Promise<boolean> {
  if ((await countTowns(db)) > 0) return false;
  const accounts = new AccountService(db, cipher);
  // No outbound channels: the welcome goes to the in-app inbox only.
  const notifier = new Notifier({ db, cipher, config: { smtpUrl: undefined, webhookUrl: undefined } });
  await db.transaction().execute(async (trx) => {
    if ((await countTowns(trx)) > 0) return; // another instance won the race
    const townId = randomUUID();
    const t = DEMO_TOWN;
    await insertTown(trx, { id: townId, name: t.name, levelNames: [...DEFAULT_LEVEL_NAMES], code: t.code, centre: t.centre });
    const places: Record<string, string> = { town: townId };
    const demoPlaces: DemoPlaces = { townId, communities: [], volunteerAccountId: '' };
    let reviewerAccountId = '';
    let leaderAccountId = '';
    let gridWorkerAccountId = '';
    let merchantAccountId = '';
    for (const [ci, c] of t.communities.entries()) {
      const cid = randomUUID();
      const lng = t.centre.lng + c.dx;
      const lat = t.centre.lat + c.dy;
      await insertRegion(trx, {
        id: cid,
        town_id: townId,
        parent_id: townId,
        depth: 1,
        path: `/${townId}/${cid}/`,
        name: c.name,
        code: c.code,
        boundary: JSON.stringify(square(lng, lat, 0.0095)),
        centre_lng: lng,
        centre_lat: lat,
      });
      places[`c${ci}`] = cid;
      const demoCommunity: DemoPlaces['communities'][number] = { id: cid, name: c.name, grids: [] };
      demoPlaces.communities.push(demoCommunity);
      for (const [si, s] of c.subgrids.entries()) {
        const sid = randomUUID();
        const slng = lng + (si === 0 ? -0.0045 : 0.0045);
        await insertRegion(trx, {
          id: sid,
          town_id: townId,
          parent_id: cid,
          depth: 2,
          path: `/${townId}/${cid}/${sid}/`,
          name: s,
          code: null,
          boundary: JSON.stringify(square(slng, lat, 0.0043)),
          centre_lng: slng,
          centre_lat: lat,
        });
        for (const [gi, g] of ['第一网格', '第二网格'].entries()) {
          const gid = randomUUID();
          const glat = lat + (gi === 0 ? 0.002 : -0.002);
          await insertRegion(trx, {
            id: gid,
            town_id: townId,
            parent_id: sid,
            depth: 3,
            path: `/${townId}/${cid}/${sid}/${gid}/`,
            name: g,
            code: null,
            boundary: JSON.stringify(square(slng, glat, 0.0019)),
            centre_lng: slng,
            centre_lat: glat,
          });
          if (ci === 0 && si === 0 && gi === 0) places['c0-grid'] = gid;
          demoCommunity.grids.push({ id: gid, lng: slng, lat: glat });
        }
      }
    }
    for (const a of DEMO_ACCOUNTS) {
      const regionId = places[a.place]!;
      const accountId = await accounts.insert(trx, {
        townId,
        homeRegionId: regionId,
        name: a.name,
        mobile: a.mobile,
        password: DEMO_PASSWORD,
      });
      await accounts.insertGrant(trx, { townId, accountId, role: a.role, regionId });
      if (a.role === 'volunteer') demoPlaces.volunteerAccountId = accountId;
      if (a.role === 'community_admin' && a.place === 'c0') reviewerAccountId = accountId;
      if (a.role === 'team_leader') leaderAccountId = accountId;
      if (a.role === 'grid_worker') gridWorkerAccountId = accountId;
      if (a.role === 'merchant') merchantAccountId = accountId;
      await notifier.notify(trx, {
        townId,
        accountId,
        kind: 'system.welcome',
        title: `欢迎使用同心，${a.name}`,
        body: `这是${t.name}的演示账号。在“我的”里可以看到您的身份与负责区域，也可以打开大字模式。`,
        link: '/m/me',
      });
    }
    await seedDemoPeople(db, trx, cipher, demoPlaces);
    // Two neighbours have applied to volunteer and wait for 上金湾社区's review.
    const pending = [];
    for (const [i, name] of ['麦嘉欣', '岑伟明'].entries()) {
      const accountId = await accounts.insert(trx, {
        townId,
        homeRegionId: places['c0-grid']!,
        name,
        mobile: `1380000001${2 + i}`,
        password: DEMO_PASSWORD,
      });
      pending.push({ accountId, name });
    }
    await seedDemoVolunteers(trx, cipher, {
      townId,
      volunteerAccountId: demoPlaces.volunteerAccountId,
      reviewerAccountId,
      leaderAccountId,
      communities: demoPlaces.communities.map((c) => ({ id: c.id, name: c.name })),
      regionId: places['c0-grid']!,
      pending,
    });
    await seedDemoPairings(trx, { townId, communities: demoPlaces.communities.map((c) => ({ id: c.id, name: c.name })) });
    await seedDemoActivities(trx, {
      townId,
      communityId: demoPlaces.communities[0]!.id,
      organiserAccountId: leaderAccountId,
      volunteerAccountId: demoPlaces.volunteerAccountId,
    });
    const firstGrid = demoPlaces.communities[0]!.grids[0]!;
    await seedDemoHelp(trx, cipher, {
      townId,
      gridId: places['c0-grid']!,
      gridCentre: { lng: firstGrid.lng, lat: firstGrid.lat },
      password: DEMO_PASSWORD,
      gridWorkerAccountId,
      reviewerAccountId,
    });
    await seedDemoPoints(trx, {
      townId,
      communityId: demoPlaces.communities[0]!.id,
      centre: { lng: firstGrid.lng, lat: firstGrid.lat },
      merchantAccountId,
      reviewerAccountId,
      volunteerAccountId: demoPlaces.volunteerAccountId,
    });
    await recordAudit(
      trx,
      { actor: null, ip: null, requestId: 'seed' },
      { action: 'system.seed_demo', entity: 'town', entityId: townId, townId, regionId: townId, after: { name: t.name } },
    );
  });
  return true;
}
