import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.js';
import type { DataCipher } from '../platform/crypto.js';
import { PersonalData } from '../modules/people/index.js';
import { demoIdNumber } from './people.js';

/**
 * The demo volunteer is a registered, approved volunteer; two neighbours wait for the community's
 * review, so the review page has something to do on first start.
 */
export async function seedDemoVolunteers(
  trx: Kysely<DB>,
  cipher: DataCipher,
  v: {
    townId: string;
    volunteerAccountId: string;
    reviewerAccountId: string;
    leaderAccountId: string;
    communities: Array<{ id: string; name: string }>;
    regionId: string;
    pending: Array<{ accountId: string; name: string }>;
  },
): Promise<void> {
  const protect = new PersonalData(cipher);
  const year = new Date().getFullYear();
  const people = [
    { accountId: v.volunteerAccountId, name: '黄小敏', birth: '1992-04-18', male: false, approved: true },
    ...v.pending.map((p, i) => ({
      accountId: p.accountId,
      name: p.name,
      birth: `198${i}-09-0${i + 1}`,
      male: i % 2 === 0,
      approved: false,
    })),
  ];
  for (const [i, p] of people.entries()) {
    const id = demoIdNumber(p.birth, 900 + i, p.male);
    const sealed = protect.idNumber('resident_id', id).sealed;
    await trx
      .insertInto('volunteer')
      .values({
        town_id: v.townId,
        account_id: p.accountId,
        region_id: v.regionId,
        volunteer_no: p.approved ? `V${year}000001` : null,
        name: p.name,
        sex: p.male ? 'male' : 'female',
        birth_date: p.birth,
        id_type: 'resident_id',
        id_cipher: sealed.cipher,
        id_hash: sealed.hash,
        id_masked: sealed.masked,
        skills: p.approved ? ['急救', '摄影'] : ['维修'],
        service_categories: p.approved ? ['elderly', 'civilization'] : ['care'],
        availability: ['weekend'],
        guardian_name: null,
        guardian_relation: null,
        guardian_consented_on: null,
        status: p.approved ? 'approved' : 'pending',
        reviewed_by: p.approved ? v.reviewerAccountId : null,
        reviewed_at: p.approved ? new Date() : null,
      })
      .execute();
  }
  await trx.insertInto('volunteer_counter').values({ town_id: v.townId, year, last: 1 }).execute();

  // The "1+33+X" corps in small: the headquarters, one team per village or community, two
  // professional teams, and the party pioneers with their headquarters.
  const team = async (kind: string, name: string, regionId: string, extra: Partial<Insertable<DB['team']>> = {}) =>
    (
      await trx
        .insertInto('team')
        .values({
          town_id: v.townId,
          kind,
          name,
          region_id: regionId,
          organiser: null,
          parent_id: null,
          leader_account_id: null,
          mentor_account_id: null,
          service_categories: [],
          ...extra,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  await team('headquarters', '青樵镇志愿服务总队', v.townId, { service_categories: ['civilization', 'governance'] });
  let first = '';
  for (const [i, c] of v.communities.entries()) {
    const id = await team('community', `${c.name}志愿服务队`, c.id, {
      service_categories: ['care', 'elderly'],
      ...(i === 0 ? { leader_account_id: v.leaderAccountId } : {}),
    });
    if (i === 0) first = id;
  }
  await team('professional', '青樵镇卫生院医疗志愿服务队', v.townId, {
    organiser: '青樵镇卫生院',
    service_categories: ['health'],
  });
  await team('professional', '青樵法律服务志愿队', v.townId, { organiser: '青樵镇司法所', service_categories: ['legal'] });
  const pioneers = await team('pioneer_headquarters', '青樵镇党员先锋队总队', v.townId);
  await team('pioneer', `${v.communities[0]!.name}党员先锋队`, v.communities[0]!.id, { parent_id: pioneers });
  const demoVolunteer = await trx
    .selectFrom('volunteer')
    .select('id')
    .where('account_id', '=', v.volunteerAccountId)
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('team_member')
    .values({
      town_id: v.townId,
      team_id: first,
      volunteer_id: demoVolunteer.id,
      status: 'active',
      joined_at: new Date(),
      left_at: null,
      decided_by: v.leaderAccountId,
    })
    .execute();
}
