import type { Kysely } from 'kysely';
import { monthOf, quarterOf, quarterRange, shiftMonth, shiftQuarter } from '@tongxin/shared';
import type { DB } from '../platform/db/schema.js';
import { localDate } from '../platform/time.js';

/**
 * The demo town's three pairings (三结对), half done as a real town would be part-way through:
 * two communities paired with professional teams, a mentor for three, resources for two; this
 * month's themes, this quarter's list for one pair, and one practical matter solved.
 * Call after seedDemoVolunteers (it pairs the teams that seeds).
 */
export async function seedDemoPairings(
  trx: Kysely<DB>,
  v: { townId: string; communities: Array<{ id: string; name: string }> },
): Promise<void> {
  const tz = (await trx.selectFrom('town').select('timezone').where('id', '=', v.townId).executeTakeFirstOrThrow()).timezone;
  const today = localDate(tz);
  const month = monthOf(today);
  const quarter = quarterOf(today);
  const since = quarterRange(shiftQuarter(quarter, -1)).from;
  const teams = await trx.selectFrom('team').select(['id', 'kind', 'name', 'region_id']).where('town_id', '=', v.townId).execute();
  const communityTeam = (communityId: string) => teams.find((t) => t.kind === 'community' && t.region_id === communityId)?.id ?? null;
  const professional = (name: string) => teams.find((t) => t.kind === 'professional' && t.name === name)?.id ?? null;
  const account = async (role: string) =>
    (
      await trx
        .selectFrom('role_grant')
        .select('account_id')
        .where('town_id', '=', v.townId)
        .where('role', '=', role)
        .orderBy('account_id')
        .executeTakeFirst()
    )?.account_id ?? null;
  const admin = await account('town_admin');
  const mentor = await account('lecturer');
  const [c0, c1, c2, c3] = v.communities;
  if (!c0 || !c1 || !c2 || !c3) return;

  const pair = async (values: {
    kind: 'team' | 'mentor' | 'resource';
    community: string;
    partnerTeamId?: string | null;
    mentorAccountId?: string | null;
    providerName?: string;
    providerContact?: string;
    note?: string;
  }) =>
    (
      await trx
        .insertInto('pairing')
        .values({
          town_id: v.townId,
          kind: values.kind,
          community_id: values.community,
          community_team_id: values.kind === 'resource' ? null : communityTeam(values.community),
          partner_team_id: values.partnerTeamId ?? null,
          mentor_account_id: values.mentorAccountId ?? null,
          provider_name: values.providerName ?? null,
          provider_contact: values.providerContact ?? null,
          note: values.note ?? null,
          start_date: since,
          created_by: admin,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const theme = (pairingId: string, m: string, text: string) =>
    trx
      .insertInto('pairing_theme')
      .values({ pairing_id: pairingId, town_id: v.townId, month: m, theme: text, updated_by: admin })
      .execute();

  const medical = professional('青樵镇卫生院医疗志愿服务队');
  const legal = professional('青樵法律服务志愿队');
  if (medical && communityTeam(c0.id)) {
    const p = await pair({ kind: 'team', community: c0.id, partnerTeamId: medical, note: '每月第一个星期六在社区广场开展义诊和健康讲座' });
    await theme(p, shiftMonth(month, -1), '健康义诊进社区');
    await theme(p, month, '关爱独居长者');
    await theme(p, shiftMonth(month, 1), '人居环境整治');
    await trx
      .insertInto('pairing_quarter_list')
      .values({
        pairing_id: p,
        town_id: v.townId,
        quarter,
        need_list: ['独居老人定期体检', '慢性病用药指导', '小区适老化改造建议'],
        service_list: ['每月义诊一次', '健康知识讲座', '为独居老人建立健康档案'],
        updated_by: admin,
      })
      .execute();
  }
  if (legal && communityTeam(c1.id)) {
    const p = await pair({ kind: 'team', community: c1.id, partnerTeamId: legal, note: '法律服务进乡村' });
    await theme(p, month, '法律明白人进家门');
  }
  if (mentor) {
    for (const c of [c0, c1, c2]) if (communityTeam(c.id)) await pair({ kind: 'mentor', community: c.id, mentorAccountId: mentor });
  }
  await pair({
    kind: 'resource',
    community: c0.id,
    providerName: '樵山登山健身会所',
    providerContact: '李经理 0757-86880001',
    note: '为积分银行提供登山健身卡',
  });
  await pair({
    kind: 'resource',
    community: c3.id,
    providerName: '青樵邮政支局',
    providerContact: '前台 0757-86880002',
    note: '免费邮寄服务',
  });

  await trx
    .insertInto('practical_matter')
    .values([
      {
        town_id: v.townId,
        community_id: c0.id,
        title: '金湾花园小区路灯修复',
        solved_on: today,
        note: '居民在议事会上反映，结对医疗队与物业共同解决',
        created_by: admin,
      },
      { town_id: v.townId, community_id: c1.id, title: '新田一社排水渠清淤', solved_on: null, note: '汛期前完成', created_by: admin },
    ])
    .execute();
}
