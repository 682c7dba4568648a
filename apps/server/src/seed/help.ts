import type { Kysely } from 'kysely';
import { maskAddress } from '@tongxin/shared';
import type { DB } from '../platform/db/schema.js';
import type { DataCipher } from '../platform/crypto.js';
import { AccountService } from '../modules/accounts/index.js';
import { PersonalData } from '../modules/people/index.js';
import { addDays, localDate, zonedToUtc } from '../platform/time.js';
import { due, helpNumber } from '../modules/help/index.js';
import { demoIdNumber } from './people.js';

const TZ = 'Asia/Shanghai';

/**
 * Help requests in the demo town, one at each point of the cycle that a page shows: 关玉珍 asked
 * this morning (待受理); the grid worker filed one for a neighbour that waits in the grid's pool
 * (抢单中); one served yesterday waits for the community's confirmation (待社区确认); one was
 * closed last week. 关玉珍 becomes a resident of the demo grid so that "my household" is her
 * address, and 罗志坚 is a second approved volunteer, a member of the grid's party group.
 */
export async function seedDemoHelp(
  trx: Kysely<DB>,
  cipher: DataCipher,
  d: {
    townId: string;
    gridId: string;
    gridCentre: { lng: number; lat: number };
    password: string;
    gridWorkerAccountId: string;
    reviewerAccountId: string;
  },
): Promise<void> {
  const protect = new PersonalData(cipher);
  const now = new Date();
  const today = localDate(TZ, now);

  // 关玉珍's household, with its place on the map.
  const guan = await trx
    .selectFrom('account')
    .select(['id', 'name'])
    .where('mobile_hash', '=', protect.mobileHash('13800000007'))
    .executeTakeFirstOrThrow();
  const address = '青樵镇金湾花园3栋102';
  const sealedAddress = protect.address(d.townId, { address });
  const household = await trx
    .insertInto('household')
    .values({
      town_id: d.townId,
      region_id: d.gridId,
      household_no: 'JW-3-102',
      address_cipher: sealedAddress.address.cipher,
      address_masked: sealedAddress.address.masked,
      address_hash: sealedAddress.address.hash,
      building: '3栋',
      unit: null,
      room_cipher: null,
      room_masked: null,
      lng: d.gridCentre.lng + 0.0006,
      lat: d.gridCentre.lat + 0.0004,
    })
    .returning(['id', 'lng', 'lat'])
    .executeTakeFirstOrThrow();
  const mobile = protect.mobile('13800000007');
  const guanResident = await trx
    .insertInto('resident')
    .values({
      town_id: d.townId,
      household_id: household.id,
      region_id: d.gridId,
      name: guan.name,
      name_initials: 'gyz',
      sex: 'female',
      birth_date: '1948-06-12',
      mobile_cipher: mobile.cipher,
      mobile_hash: mobile.hash,
      mobile_masked: mobile.masked,
      relation_to_head: '户主',
      care_tag_hashes: [protect.careTagHash(d.townId, 'living_alone')],
      care_tags_cipher: protect.careTags(d.townId, ['living_alone']).cipher,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  // A second approved volunteer: 罗志坚, party member of the grid's party group.
  const accounts = new AccountService(trx, cipher);
  const luoAccount = await accounts.insert(trx, {
    townId: d.townId,
    homeRegionId: d.gridId,
    name: '罗志坚',
    mobile: '13800000014',
    password: d.password,
  });
  await accounts.insertGrant(trx, { townId: d.townId, accountId: luoAccount, role: 'volunteer', regionId: d.gridId });
  const luoId = demoIdNumber('1988-02-14', 930, true);
  const sealedId = protect.idNumber('resident_id', luoId).sealed;
  const luo = await trx
    .insertInto('volunteer')
    .values({
      town_id: d.townId,
      account_id: luoAccount,
      region_id: d.gridId,
      volunteer_no: `V${now.getFullYear()}000002`,
      name: '罗志坚',
      sex: 'male',
      birth_date: '1988-02-14',
      id_type: 'resident_id',
      id_cipher: sealedId.cipher,
      id_hash: sealedId.hash,
      id_masked: sealedId.masked,
      skills: ['维修', '驾驶'],
      service_categories: ['elderly', 'care'],
      availability: ['weekday_evening', 'weekend'],
      guardian_name: null,
      guardian_relation: null,
      guardian_consented_on: null,
      status: 'approved',
      reviewed_by: d.reviewerAccountId,
      reviewed_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('volunteer_counter')
    .set((eb) => ({ last: eb('last', '+', 1) }))
    .where('town_id', '=', d.townId)
    .where('year', '=', now.getFullYear())
    .execute();
  const group = await trx
    .selectFrom('party_org')
    .select(['id', 'region_id'])
    .where('region_id', '=', d.gridId)
    .where('kind', '=', 'group')
    .executeTakeFirst();
  if (group)
    await trx
      .insertInto('party_member')
      .values({
        town_id: d.townId,
        org_id: group.id,
        region_id: group.region_id,
        account_id: luoAccount,
        name: '罗志坚',
        join_date: '2012-07-01',
        full_date: '2013-07-01',
        status: 'full',
      })
      .execute();

  // A neighbour the grid worker files for.
  const neighbour = await trx
    .selectFrom('resident as r')
    .innerJoin('household as h', 'h.id', 'r.household_id')
    .select(['r.id', 'r.name', 'h.id as household_id', 'h.address_cipher', 'h.address_masked', 'h.lng', 'h.lat'])
    .where('r.region_id', '=', d.gridId)
    .where('r.id', '<>', guanResident.id)
    .orderBy('r.birth_date')
    .limit(1)
    .executeTakeFirst();

  const numberFor = (day: string) => helpNumber(trx, d.townId, day);
  const base = {
    town_id: d.townId,
    region_id: d.gridId,
    channel: 'phone' as const,
    contact_id: null,
    wanted_at: null,
    wanted_note: null,
    refused_reason: null,
    duplicate_of_id: null,
    team_id: null,
    assignee_volunteer_id: null,
  };
  const event = async (
    requestId: string,
    action: string,
    from: string | null,
    to: string,
    at: Date,
    actor: { id: string | null; name: string },
    reason: string | null = null,
  ) =>
    trx
      .insertInto('help_event')
      .values({
        town_id: d.townId,
        request_id: requestId,
        action,
        from_status: from,
        to_status: to,
        actor_account_id: actor.id,
        actor_name: actor.name,
        reason,
        data: null,
        at,
      })
      .execute();
  const gridWorker = { id: d.gridWorkerAccountId, name: '何晓东' };
  const reviewer = { id: d.reviewerAccountId, name: '陈慧敏' };
  const guanActor = { id: guan.id, name: guan.name };
  const luoActor = { id: luoAccount, name: '罗志坚' };
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
  const placeOfGuan = {
    place_cipher: sealedAddress.address.cipher,
    place_masked: sealedAddress.address.masked,
    lat: household.lat,
    lng: household.lng,
  };
  const guanAsks = {
    requester_account_id: guan.id,
    requester_name: guan.name,
    resident_id: guanResident.id,
    household_id: household.id,
    phone_cipher: mobile.cipher,
    phone_masked: mobile.masked,
    filed_by: guan.id,
  };

  // 1. This morning: 关玉珍's tap is leaking (待受理).
  const asked = minutesAgo(40);
  const r1 = await trx
    .insertInto('help_request')
    .values({
      ...base,
      ...guanAsks,
      ...placeOfGuan,
      no: await numberFor(localDate(TZ, asked)),
      category: 'repair',
      description: '厨房水龙头一直漏水，关不紧，想请懂维修的志愿者帮忙看看。',
      status: 'submitted',
      accept_due_at: due(asked, 2, 'working_hours', TZ),
      created_at: asked,
      updated_at: asked,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await event(r1.id, 'submit', null, 'submitted', asked, guanActor);

  // 2. Filed by the grid worker for a neighbour; waiting in the grid's pool (抢单中).
  if (neighbour) {
    const filed = minutesAgo(90);
    const dispatched = minutesAgo(25);
    const r2 = await trx
      .insertInto('help_request')
      .values({
        ...base,
        channel: 'grid_worker',
        requester_account_id: null,
        requester_name: neighbour.name,
        resident_id: neighbour.id,
        household_id: neighbour.household_id,
        phone_cipher: null,
        phone_masked: null,
        filed_by: d.gridWorkerAccountId,
        place_cipher: neighbour.address_cipher,
        place_masked: neighbour.address_masked,
        lat: neighbour.lat ?? null,
        lng: neighbour.lng ?? null,
        no: await numberFor(localDate(TZ, filed)),
        category: 'errand',
        description: '老人腿脚不便，请帮忙到镇上代买一周的蔬菜和降压药（药方已备好）。',
        wanted_note: '明天上午前',
        status: 'open',
        pool: 'grid',
        pool_region_id: d.gridId,
        dispatched_at: dispatched,
        accept_due_at: due(filed, 2, 'working_hours', TZ),
        claim_due_at: due(dispatched, 4, 'working_hours', TZ),
        created_at: filed,
        updated_at: dispatched,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await event(r2.id, 'submit', null, 'submitted', filed, gridWorker);
    await event(r2.id, 'dispatch', 'submitted', 'open', dispatched, gridWorker);
  }

  // 3. Served yesterday by 罗志坚, rated by 关玉珍: waits for the community (待社区确认).
  const yesterday = addDays(today, -1);
  const y = (hhmm: string) => zonedToUtc(yesterday, hhmm, TZ);
  const r3 = await trx
    .insertInto('help_request')
    .values({
      ...base,
      ...guanAsks,
      ...placeOfGuan,
      no: await numberFor(yesterday),
      category: 'companion',
      description: '下午要去镇卫生院复诊，想请志愿者陪同，帮忙挂号取药。',
      status: 'reviewed',
      pool: 'grid',
      pool_region_id: d.gridId,
      claimant_volunteer_id: luo.id,
      dispatched_at: y('08:40'),
      claimed_at: y('08:52'),
      checked_in_at: y('13:55'),
      done_at: y('16:10'),
      done_note: '已陪同复诊，取回一个月的药，并提醒按时服用。',
      review_stars: 5,
      review_words: '小罗很耐心，谢谢！',
      review_by: 'requester',
      accept_due_at: y('10:00'),
      claim_due_at: y('12:00'),
      complete_due_at: zonedToUtc(today, '17:00', TZ),
      created_at: y('08:05'),
      updated_at: y('18:30'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await event(r3.id, 'submit', null, 'submitted', y('08:05'), guanActor);
  await event(r3.id, 'dispatch', 'submitted', 'open', y('08:40'), gridWorker);
  await event(r3.id, 'claim', 'open', 'claimed', y('08:52'), luoActor);
  await event(r3.id, 'check_in', 'claimed', 'in_service', y('13:55'), luoActor);
  await event(r3.id, 'finish', 'in_service', 'done', y('16:10'), luoActor);
  await event(r3.id, 'review', 'done', 'reviewed', y('18:30'), guanActor);

  // 4. Closed last week: the hours are on 罗志坚's record.
  const lastWeek = addDays(today, -8);
  const w = (hhmm: string) => zonedToUtc(lastWeek, hhmm, TZ);
  const r4 = await trx
    .insertInto('help_request')
    .values({
      ...base,
      ...guanAsks,
      ...placeOfGuan,
      no: await numberFor(lastWeek),
      category: 'cleaning',
      description: '天气转凉，想请人帮忙把冬天的被褥搬下来晾晒。',
      status: 'closed',
      pool: 'grid',
      pool_region_id: d.gridId,
      claimant_volunteer_id: luo.id,
      dispatched_at: w('09:10'),
      claimed_at: w('09:20'),
      checked_in_at: w('15:00'),
      done_at: w('16:30'),
      done_note: '被褥已晾晒收好，顺便检查了燃气阀门。',
      review_stars: 5,
      review_words: '很满意',
      review_by: 'requester',
      confirmed_by: d.reviewerAccountId,
      confirmed_at: w('18:00'),
      minutes: 90,
      created_at: w('08:30'),
      updated_at: w('18:00'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [action, from, to, at, actor] of [
    ['submit', null, 'submitted', w('08:30'), guanActor],
    ['dispatch', 'submitted', 'open', w('09:10'), gridWorker],
    ['claim', 'open', 'claimed', w('09:20'), luoActor],
    ['check_in', 'claimed', 'in_service', w('15:00'), luoActor],
    ['finish', 'in_service', 'done', w('16:30'), luoActor],
    ['review', 'done', 'reviewed', w('17:00'), guanActor],
    ['confirm', 'reviewed', 'closed', w('18:00'), reviewer],
  ] as const)
    await event(r4.id, action, from, to, at, actor);
  await trx
    .insertInto('service_record')
    .values({
      town_id: d.townId,
      volunteer_id: luo.id,
      region_id: d.gridId,
      source: 'help_request',
      help_request_id: r4.id,
      title: '求助服务：清洁助老',
      category: null,
      served_on: lastWeek,
      place: maskAddress(address),
      content: '帮忙晾晒被褥，检查燃气阀门',
      organiser: '上金湾社区',
      leader_name: '陈慧敏',
      measured_minutes: 90,
      minutes: 90,
      status: 'confirmed',
      due_on: lastWeek,
      confirmed_by: d.reviewerAccountId,
      confirmed_at: w('18:00'),
    })
    .execute();
}
