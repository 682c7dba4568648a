import { idCheckDigit, type PoliticalStatus } from '@tongxin/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.js';
import type { DataCipher } from '../platform/crypto.js';
import { Scope } from '../platform/scope.js';
import { createPeopleService } from '../modules/people/index.js';
import { createPartyService } from '../modules/party/index.js';
import type { Database } from '../platform/db/index.js';

const SURNAMES = ['陈', '李', '黄', '梁', '何', '关', '潘', '冯', '区', '邓', '麦', '罗', '谭', '岑', '简', '伍'];
const GIVEN = [
  '志强',
  '慧敏',
  '伟明',
  '玉珍',
  '国荣',
  '秀英',
  '家豪',
  '美玲',
  '少华',
  '丽霞',
  '锦添',
  '桂芳',
  '振雄',
  '婉婷',
  '伯伦',
  '嘉欣',
];
const STREETS = ['金湾路', '新田大道', '桃源街', '河畔路', '樵山路', '登云路'];

/** A small deterministic generator: the demo looks the same on every machine. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function demoIdNumber(birth: string, seq: number, male: boolean): string {
  const order = String(seq % 500).padStart(2, '0') + String(male ? 1 : 2);
  const first17 = `440605${birth.replaceAll('-', '')}${order.slice(-3)}`;
  return first17 + idCheckDigit(first17);
}

export interface DemoPlaces {
  townId: string;
  communities: Array<{ id: string; name: string; grids: Array<{ id: string; lng: number; lat: number }> }>;
  /** The demo grid worker's grid and the demo party member's account. */
  volunteerAccountId: string;
}

/**
 * Households, residents, the party organisation tree and members of the demo town: enough for
 * every page to show something real (care-tagged elderly people, a 50-year party veteran, an
 * in-service member who reported to a community, 户联系 households for the demo volunteer).
 */
export async function seedDemoPeople(db: Database, trx: Kysely<DB>, cipher: DataCipher, places: DemoPlaces): Promise<void> {
  const people = createPeopleService({ db, cipher });
  const party = createPartyService({ db, people });
  const everywhere = new Scope('party.manage', [{ regionId: places.townId, path: `/${places.townId}/` }]);
  const random = rng(20261123);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const careCodes = ['living_alone', 'empty_nest', 'left_behind_child', 'disabled', 'low_income'];
  let seq = 0;
  const committee = await party.insertOrg(trx, null, {
    townId: places.townId,
    parentId: null,
    kind: 'committee',
    name: '青樵镇委员会',
    regionId: places.townId,
  });
  const firstGridHouseholds: string[] = [];
  for (const [ci, c] of places.communities.entries()) {
    const branch = await party.insertOrg(trx, null, {
      townId: places.townId,
      parentId: committee,
      kind: 'branch',
      name: `${c.name}党支部`,
      regionId: c.id,
    });
    for (const [gi, g] of c.grids.entries()) {
      const group = await party.insertOrg(trx, null, {
        townId: places.townId,
        parentId: branch,
        kind: 'group',
        name: `${c.name}第${gi + 1}网格党小组`,
        regionId: g.id,
      });
      for (let h = 0; h < 5; h++) {
        const householdId = await people.insertHousehold(trx, {
          townId: places.townId,
          regionId: g.id,
          householdNo: `QQ${ci + 1}${gi + 1}${String(h + 1).padStart(3, '0')}`,
          address: `青樵镇${pick(STREETS)}${10 + ci * 40 + gi * 8 + h}号`,
          building: String((h % 3) + 1),
          unit: String((h % 2) + 1),
          room: `${(h % 6) + 1}0${(h % 4) + 1}`,
          location: { lng: g.lng + (random() - 0.5) * 0.003, lat: g.lat + (random() - 0.5) * 0.003 },
        });
        if (ci === 0 && gi === 0) firstGridHouseholds.push(householdId);
        const size = 1 + Math.floor(random() * 3);
        for (let p = 0; p < size; p++) {
          seq += 1;
          const male = random() < 0.5;
          const elderly = p === 0 && h % 2 === 0;
          const year = elderly ? 1936 + Math.floor(random() * 20) : 1970 + Math.floor(random() * 35);
          const birth = `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
          const careTags =
            elderly && h === 0 ? ['living_alone'] : elderly && h === 2 ? ['empty_nest'] : random() < 0.05 ? [pick(careCodes)] : [];
          const status: PoliticalStatus = elderly && h === 0 ? 'party_member' : random() < 0.15 ? 'league_member' : 'masses';
          const residentId = await people.insertResident(
            trx,
            { id: householdId, town_id: places.townId, region_id: g.id },
            {
              name: pick(SURNAMES) + pick(GIVEN),
              idType: 'resident_id',
              idNumber: demoIdNumber(birth, seq, male),
              mobile: `139${String(20260000 + seq).padStart(8, '0')}`,
              ethnicity: '汉族',
              politicalStatus: status,
              newCitizen: !elderly && random() < 0.2,
              relationToHead: p === 0 ? '户主' : pick(['配偶', '子女', '孙子女']),
              careTags,
            },
          );
          if (status === 'party_member') {
            const joined = year + 22;
            await party.insertMember(trx, everywhere, {
              orgId: group,
              residentId,
              joinDate: `${joined}-07-01`,
              fullDate: `${joined + 1}-07-01`,
              status: 'full',
            });
          }
        }
      }
    }
    if (ci === 0) {
      // An in-service member (在职党员) of a town unit who reported to this community (双报到).
      await party.insertMember(trx, everywhere, {
        orgId: branch,
        name: '谭卫东',
        joinDate: '2012-06-18',
        fullDate: '2013-06-18',
        status: 'full',
        communityReport: { regionId: c.id, reportedOn: '2026-03-05', workUnit: '青樵镇卫生院', pledgedServices: ['义诊', '健康讲座'] },
      });
    }
  }
  // The demo volunteer is a party member who keeps in touch with three households (户联系).
  const memberId = await party.insertMember(trx, everywhere, {
    orgId: (await trx.selectFrom('party_org').select('id').where('kind', '=', 'branch').orderBy('created_at').executeTakeFirstOrThrow()).id,
    accountId: places.volunteerAccountId,
    joinDate: '2018-07-01',
    fullDate: '2019-07-01',
    status: 'full',
  });
  await trx
    .insertInto('household_link')
    .values(firstGridHouseholds.slice(0, 3).map((h) => ({ party_member_id: memberId, household_id: h, town_id: places.townId })))
    .execute();
}
