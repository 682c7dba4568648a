import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.js';
import { addDays, localDate, zonedToUtc } from '../platform/time.js';
import { accountOf, issuingAccount, post, settleRecord } from '../modules/points/index.js';

const TZ = 'Asia/Shanghai';

/**
 * The points bank in the demo town: every confirmed service record has earned (as if the bank had
 * always run), 黄小敏 holds a grant for Red Saturday, and two givers stock the catalogue (积分四换):
 * 潘志伟's barber shop (his account verifies codes) and the town's culture station (a unit) with
 * training seats and a room by the hour.
 */
export async function seedDemoPoints(
  trx: Kysely<DB>,
  d: {
    townId: string;
    communityId: string;
    centre: { lng: number; lat: number };
    merchantAccountId: string;
    reviewerAccountId: string;
    volunteerAccountId: string;
  },
): Promise<void> {
  const records = await trx
    .selectFrom('service_record')
    .select('id')
    .where('town_id', '=', d.townId)
    .where('status', '=', 'confirmed')
    .orderBy('confirmed_at')
    .execute();
  for (const r of records) await settleRecord(trx, r.id, null);

  const v = await trx
    .selectFrom('volunteer')
    .select(['id', 'region_id'])
    .where('account_id', '=', d.volunteerAccountId)
    .executeTakeFirstOrThrow();
  const account = await accountOf(trx, { townId: d.townId, kind: 'volunteer', regionId: v.region_id, volunteerId: v.id });
  const adjustment = await trx
    .insertInto('points_adjustment')
    .values({
      town_id: d.townId,
      account_id: account,
      amount: 30,
      reason: '红色星期六优秀志愿者',
      status: 'posted',
      requested_by: d.reviewerAccountId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const txnId = await post(trx, {
    townId: d.townId,
    kind: 'grant',
    memo: '红色星期六优秀志愿者',
    entries: [
      { accountId: account, amount: 30 },
      { accountId: await issuingAccount(trx, d.townId), amount: -30 },
    ],
    createdBy: d.reviewerAccountId,
    adjustmentId: adjustment.id,
  });
  await trx.updateTable('points_adjustment').set({ txn_id: txnId }).where('id', '=', adjustment.id).execute();

  const today = localDate(TZ, new Date());
  const until = addDays(today, 180);
  const barber = await trx
    .insertInto('merchant')
    .values({
      town_id: d.townId,
      region_id: d.communityId,
      kind: 'business',
      name: '志伟爱心理发店',
      address: '上金湾社区金湾路 18 号',
      lat: d.centre.lat + 0.0008,
      lng: d.centre.lng + 0.0006,
      contact: '潘志伟',
      intro: '每月为社区长者义剪，志愿者凭积分可免费理发。',
      created_by: d.reviewerAccountId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx.insertInto('merchant_member').values({ merchant_id: barber.id, account_id: d.merchantAccountId }).execute();
  const station = await trx
    .insertInto('merchant')
    .values({
      town_id: d.townId,
      region_id: d.townId,
      kind: 'unit',
      name: '青樵镇综合文化站',
      address: '青樵镇文化路 1 号',
      lat: d.centre.lat - 0.004,
      lng: d.centre.lng + 0.003,
      contact: '文化站值班室',
      intro: '共建单位：书法、太极培训名额与多功能活动室向志愿者开放。',
      created_by: d.reviewerAccountId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  const items: Array<{
    merchant: string;
    kind: 'service' | 'training' | 'venue' | 'goods';
    title: string;
    description: string;
    price: number;
    stock: number;
    limit: number;
    collectAt: string;
  }> = [
    {
      merchant: barber.id,
      kind: 'service',
      title: '免费理发一次',
      description: '男女剪发均可，请提前电话预约。',
      price: 20,
      stock: 30,
      limit: 2,
      collectAt: '志伟爱心理发店（金湾路 18 号）',
    },
    {
      merchant: barber.id,
      kind: 'goods',
      title: '洗发水一瓶（500ml）',
      description: '爱心商家捐赠。',
      price: 15,
      stock: 12,
      limit: 1,
      collectAt: '志伟爱心理发店前台',
    },
    {
      merchant: station.id,
      kind: 'training',
      title: '周末书法培训（4 课时）',
      description: '镇文化站书法老师授课，名额有限。',
      price: 40,
      stock: 10,
      limit: 1,
      collectAt: '综合文化站二楼书画室',
    },
    {
      merchant: station.id,
      kind: 'goods',
      title: '五常大米 5kg',
      description: '共建单位捐赠的爱心物资。',
      price: 60,
      stock: 8,
      limit: 1,
      collectAt: '综合文化站一楼服务台',
    },
    {
      merchant: station.id,
      kind: 'venue',
      title: '多功能活动室（2 小时）',
      description: '可容纳 30 人，适合志愿服务队开会、培训。',
      price: 30,
      stock: 0,
      limit: 2,
      collectAt: '综合文化站三楼',
    },
  ];
  for (const it of items) {
    const m =
      it.merchant === barber.id
        ? { lat: d.centre.lat + 0.0008, lng: d.centre.lng + 0.0006 }
        : { lat: d.centre.lat - 0.004, lng: d.centre.lng + 0.003 };
    const item = await trx
      .insertInto('catalog_item')
      .values({
        town_id: d.townId,
        merchant_id: it.merchant,
        kind: it.kind,
        title: it.title,
        description: it.description,
        price: it.price,
        stock: it.stock,
        per_person_limit: it.limit,
        valid_from: today,
        valid_until: until,
        collect_at: it.collectAt,
        lat: m.lat,
        lng: m.lng,
        status: 'listed',
        moderated_by: d.reviewerAccountId,
        created_by: d.reviewerAccountId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (it.kind === 'venue')
      for (let day = 1; day <= 14; day++) {
        const date = addDays(today, day);
        for (const [from, to] of [
          ['09:00', '11:00'],
          ['14:30', '16:30'],
        ] as const)
          await trx
            .insertInto('catalog_slot')
            .values({ item_id: item.id, starts_at: zonedToUtc(date, from, TZ), ends_at: zonedToUtc(date, to, TZ), capacity: 1 })
            .execute();
      }
  }
}
