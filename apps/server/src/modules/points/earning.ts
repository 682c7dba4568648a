import { DEFAULT_POINTS_RULES, pointsFor } from '@tongxin/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { accountOf, issuingAccount, lockAccounts, post, volunteerAccount, type Entry } from './ledger.js';
import * as repo from './repository.js';

type Db = Kysely<DB>;

const hours = (minutes: number) => `${Math.round((minutes / 60) * 10) / 10} 小时`;

/**
 * Bring what a service record has earned in line with the record, inside the transaction that
 * confirmed or corrected it. The first time a confirmed record is settled, the town's rule of that
 * moment is stored with it (points_earning); every later settlement recomputes with that same rule
 * and posts only the difference, so earning happens exactly once and a correction downwards takes
 * the difference back. Points already spent cannot be taken back: that part is written off and
 * the transaction says so (shortfall).
 */
export async function settleRecord(db: Db, recordId: string, createdBy: string | null): Promise<string | null> {
  const rec = await repo.recordForEarning(db, recordId);
  if (!rec) return null;
  let earning = await repo.lockEarning(db, recordId);
  if (!earning) {
    if (rec.status !== 'confirmed') return null;
    const rules = await repo.rulesOf(db, rec.town_id);
    let perHour = rules.activityPerHour;
    let maxMinutes = rules.activityMaxMinutes;
    let teamPerHour = 0;
    let bonus = 0;
    let nil = false;
    if (rec.source === 'help_request') {
      perHour = rules.helpPerHour;
      maxMinutes = rules.helpMaxMinutes;
      const stars = rec.review_stars;
      if (stars !== null && stars <= rules.complaintMaxStars) nil = true;
      else if (stars !== null && stars >= rules.helpBonusMinStars) bonus = rules.helpBonusPoints;
    } else if (rec.activity_category) {
      const rate = rules.rates.get(rec.activity_category);
      if (rate) {
        perHour = rate.per_hour;
        maxMinutes = rate.max_minutes;
        teamPerHour = rate.team_per_hour;
      } else teamPerHour = DEFAULT_POINTS_RULES.teamPerHour;
    }
    await repo.insertEarning(db, {
      service_record_id: recordId,
      town_id: rec.town_id,
      volunteer_id: rec.volunteer_id,
      team_id: rec.team_id,
      per_hour: perHour,
      max_minutes: maxMinutes,
      team_per_hour: rec.team_id ? teamPerHour : 0,
      bonus,
      nil,
    });
    earning = (await repo.lockEarning(db, recordId))!;
  }

  const counts = rec.status === 'confirmed' && !earning.nil;
  const target = counts ? pointsFor(rec.minutes, earning.per_hour, earning.max_minutes) + earning.bonus : 0;
  const teamTarget = counts && earning.team_id ? pointsFor(rec.minutes, earning.team_per_hour, earning.max_minutes) : 0;
  const delta = target - earning.points;
  const teamDelta = teamTarget - earning.team_points;
  if (delta === 0 && teamDelta === 0) return null;

  const issuing = await issuingAccount(db, rec.town_id);
  const volunteer = await volunteerAccount(db, { townId: rec.town_id, volunteerId: rec.volunteer_id, regionId: rec.volunteer_region_id });
  const team = earning.team_id
    ? await accountOf(db, { townId: rec.town_id, kind: 'team', regionId: rec.team_region_id!, teamId: earning.team_id })
    : null;
  const locked = await lockAccounts(db, [volunteer, ...(team ? [team] : []), issuing]);
  // Taking back: never more than the account still holds; the rest is written off.
  const take = (accountId: string, d: number) => (d >= 0 ? d : -Math.min(-d, locked.get(accountId)!.balance));
  const v = take(volunteer, delta);
  const tm = team ? take(team, teamDelta) : 0;
  const shortfall = v - delta + (tm - teamDelta);
  const entries: Entry[] = [
    { accountId: volunteer, amount: v },
    { accountId: issuing, amount: -v - tm },
  ];
  if (team) entries.push({ accountId: team, amount: tm });
  const first = earning.points === 0 && earning.team_points === 0 && delta > 0;
  const parts = [`「${rec.title}」${hours(rec.minutes)}`];
  if (!first) parts.push(`（更正，原 ${earning.points} 分）`);
  if (earning.bonus && delta > 0 && first) parts.push(`，含好评加分 ${earning.bonus}`);
  if (shortfall) parts.push(`，已使用的 ${shortfall} 分无法扣回`);
  const txnId = await post(db, {
    townId: rec.town_id,
    kind: first ? 'earn' : 'earn_adjust',
    memo: parts.join(''),
    entries,
    createdBy,
    serviceRecordId: recordId,
    shortfall,
  });
  await repo.setEarned(db, recordId, target, teamTarget);
  return txnId;
}
