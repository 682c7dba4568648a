import { sql, type Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.js';
import { addDays, addWorkingDays, localDate, zonedToUtc } from '../platform/time.js';
import { ruleDates } from '../modules/activities/index.js';

const TZ = 'Asia/Shanghai';

/**
 * Demo activities of the first community's team: the monthly Red Saturday series (with the paired
 * clinic team), a one-off visit next week, and one past activity the demo volunteer attended whose
 * hours wait for the organiser's confirmation, besides an earlier one already confirmed.
 */
export async function seedDemoActivities(
  trx: Kysely<DB>,
  v: { townId: string; communityId: string; organiserAccountId: string; volunteerAccountId: string },
): Promise<void> {
  const team = async (name: string) =>
    await trx.selectFrom('team').select(['id', 'name']).where('town_id', '=', v.townId).where('name', '=', name).executeTakeFirstOrThrow();
  const community = await trx
    .selectFrom('region')
    .select(['name', 'centre_lat', 'centre_lng'])
    .where('id', '=', v.communityId)
    .executeTakeFirstOrThrow();
  const organiser = await team(`${community.name}志愿服务队`);
  const clinic = await team('青樵镇卫生院医疗志愿服务队');
  const volunteer = await trx.selectFrom('volunteer').select('id').where('account_id', '=', v.volunteerAccountId).executeTakeFirstOrThrow();
  const today = localDate(TZ);

  const create = async (a: {
    title: string;
    category: string;
    theme?: string;
    description: string;
    site: string;
    capacity: number;
    first: string;
    start: string;
    end: string;
    rrule?: string;
    until?: string;
    partner?: string;
    insurance?: boolean;
  }) => {
    const dates = ruleDates(a.first, a.rrule ?? null, a.until ?? a.first);
    const { id } = await trx
      .insertInto('activity')
      .values({
        town_id: v.townId,
        region_id: v.communityId,
        organiser_team_id: organiser.id,
        partner_team_id: a.partner ?? null,
        title: a.title,
        description: a.description,
        category: a.category,
        monthly_theme: a.theme ?? null,
        site: a.site,
        lat: community.centre_lat === null ? null : Number(community.centre_lat),
        lng: community.centre_lng === null ? null : Number(community.centre_lng),
        geofence_m: null,
        capacity: a.capacity,
        eligibility_team_id: null,
        eligibility_skill: null,
        insurance_required: a.insurance ?? false,
        first_date: dates[0]!,
        start_time: a.start,
        end_time: a.end,
        rrule: a.rrule ?? null,
        until_date: a.rrule ? (a.until ?? null) : null,
        status: 'published',
        created_by: v.organiserAccountId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const occurrences: Array<{ id: string; starts: Date; ends: Date; date: string }> = [];
    for (const date of dates) {
      const starts = zonedToUtc(date, a.start, TZ);
      const ends = zonedToUtc(date, a.end, TZ);
      const o = await trx
        .insertInto('activity_occurrence')
        .values({
          town_id: v.townId,
          activity_id: id,
          region_id: v.communityId,
          rule_date: date,
          starts_at: starts,
          ends_at: ends,
          capacity: a.capacity,
          site: null,
          note: null,
          reminded_at: null,
          hours_reminded_on: null,
          hours_overdue_notified_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await sql`insert into activity_slot (occurrence_id, slot_no) select ${o.id}::uuid, g from generate_series(1, ${a.capacity}::int) g`.execute(
        trx,
      );
      occurrences.push({ id: o.id, starts, ends, date });
    }
    return occurrences;
  };

  await create({
    title: '红色星期六·结对志愿服务',
    category: 'governance',
    theme: '清洁家园 美化社区',
    description:
      '每月第一个星期六，社区志愿服务队与结对的卫生院医疗志愿服务队共同开展：人居环境整治、健康义诊、走访独居长者。请穿志愿者马甲，自带水杯。',
    site: `${community.name}党群服务中心`,
    capacity: 30,
    first: today,
    start: '09:00',
    end: '11:30',
    rrule: 'FREQ=MONTHLY;BYDAY=1SA',
    until: addDays(today, 365),
    partner: clinic.id,
    insurance: true,
  });
  await create({
    title: '关爱独居长者上门探访',
    category: 'care',
    description: '两人一组上门探访独居长者，了解生活需要，检查家中用电用气安全。',
    site: `${community.name}金湾花园小区`,
    capacity: 10,
    first: addDays(today, 5),
    start: '14:30',
    end: '16:30',
  });

  // Attended: one long confirmed, one last week waiting for confirmation.
  const attend = async (title: string, daysAgo: number, confirmed: boolean) => {
    const [o] = await create({
      title,
      category: 'care',
      description: '为社区长者义务理发、测血压。',
      site: `${community.name}长者饭堂`,
      capacity: 8,
      first: addDays(today, -daysAgo),
      start: '09:00',
      end: '11:00',
    });
    const { id: signupId } = await trx
      .insertInto('activity_signup')
      .values({
        town_id: v.townId,
        occurrence_id: o!.id,
        volunteer_id: volunteer.id,
        status: 'confirmed',
        requested_at: new Date(o!.starts.getTime() - 3 * 86400_000),
        confirmed_at: new Date(o!.starts.getTime() - 3 * 86400_000),
        checked_in_at: new Date(o!.starts.getTime() - 5 * 60_000),
        check_in_method: 'qr',
        checked_out_at: new Date(o!.ends.getTime() + 3 * 60_000),
        check_out_method: 'qr',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('activity_slot')
      .set({ signup_id: signupId })
      .where('occurrence_id', '=', o!.id)
      .where('slot_no', '=', 1)
      .execute();
    await trx
      .insertInto('service_record')
      .values({
        town_id: v.townId,
        volunteer_id: volunteer.id,
        region_id: v.communityId,
        source: 'activity',
        occurrence_id: o!.id,
        signup_id: signupId,
        title,
        category: '关爱类',
        served_on: o!.date,
        place: `${community.name}长者饭堂`,
        content: '为社区长者义务理发、测血压。',
        organiser: organiser.name,
        leader_name: '周志强',
        measured_minutes: 120,
        minutes: 120,
        status: confirmed ? 'confirmed' : 'pending',
        due_on: addWorkingDays(o!.date, 10),
        confirmed_by: confirmed ? v.organiserAccountId : null,
        confirmed_at: confirmed ? new Date(o!.ends.getTime() + 86400_000) : null,
      })
      .execute();
  };
  await attend('长者义剪·健康测量', 40, true);
  await attend('长者义剪·重阳敬老', 3, false);
}
