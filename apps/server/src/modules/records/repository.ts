import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { countUpTo } from '../../platform/db/count.js';
import type { Scope } from '../../platform/scope.js';

/** SQL only: service records, corrections, and the training, award and evaluation entries. */

/** Whether the volunteer is a party member: derived, never typed twice (as the volunteers module does). */
const partyMember = sql<boolean>`exists (select 1 from party_member m left join resident r on r.id = m.resident_id
  where m.account_id = v.account_id or (r.id_hash = v.id_hash and r.town_id = v.town_id))`;

function records(db: Kysely<DB>) {
  return db
    .selectFrom('service_record as sr')
    .innerJoin('volunteer as v', 'v.id', 'sr.volunteer_id')
    .leftJoin('account as confirmer', 'confirmer.id', 'sr.confirmed_by')
    .leftJoin('activity_signup as su', 'su.id', 'sr.signup_id')
    .leftJoin('service_correction as sc', (j) => j.onRef('sc.record_id', '=', 'sr.id').on('sc.status', '=', 'pending'))
    .select([
      'sr.id',
      'sr.town_id',
      'sr.region_id',
      'sr.volunteer_id',
      'v.account_id as volunteer_account_id',
      'v.name as volunteer_name',
      'v.volunteer_no',
      'sr.source',
      'sr.occurrence_id',
      'sr.signup_id',
      'sr.title',
      'sr.category',
      'sr.served_on',
      'sr.place',
      'sr.content',
      'sr.organiser',
      'sr.leader_name',
      'su.checked_in_at',
      'su.checked_out_at',
      'sr.measured_minutes',
      'sr.minutes',
      'sr.status',
      'sr.due_on',
      'confirmer.name as confirmed_by_name',
      'sr.confirmed_at',
      'sr.created_at',
      'sc.id as correction_id',
      'sc.requested_minutes as correction_minutes',
      'sc.reason as correction_reason',
      'sc.created_at as correction_created_at',
    ]);
}
export type RecordRow = Awaited<ReturnType<ReturnType<typeof records>['executeTakeFirstOrThrow']>>;

export interface RecordFilter {
  status?: string;
  regionPath?: string;
  occurrenceId?: string;
  /** With `today` (the town's local date): only overdue (true) or only not overdue (false). */
  overdue?: boolean;
  today: string;
}

/**
 * The filter on service_record alone (no joins): the volunteer join is one-to-one and the pending
 * correction at most one (a unique index), so counting and paging need only this table.
 */
function filtered(db: Kysely<DB>, wholeScope: Scope, f: RecordFilter) {
  const scope = wholeScope.within(f.regionPath);
  let q = db
    .selectFrom('service_record as sr')
    .where((eb) => scope.townIn(eb.ref('sr.town_id')))
    .where((eb) => scope.regionIn(eb.ref('sr.region_id')));
  if (f.status) q = q.where('sr.status', '=', f.status);
  if (f.occurrenceId) q = q.where('sr.occurrence_id', '=', f.occurrenceId);
  if (f.overdue !== undefined) {
    const overdue = sql<boolean>`(sr.status = 'pending' and sr.due_on < ${f.today}::date)`;
    q = q.where(f.overdue ? overdue : sql<boolean>`not ${overdue}`);
  }
  return q;
}

/**
 * The confirmation queue: pending first, the earliest due first; then the most recently served.
 * The page's ids come from service_record alone, in the order of `service_record_queue_idx`
 * (migration 0011), so PostgreSQL walks the index and stops at the page instead of sorting every
 * record of the town; then the page's rows are read whole.
 */
export async function findRecords(db: Kysely<DB>, scope: Scope, f: RecordFilter, page: { offset: number; limit: number }) {
  const [ids, counted] = await Promise.all([
    filtered(db, scope, f)
      .select('sr.id')
      .orderBy('sr.town_id')
      .orderBy(sql`(sr.status <> 'pending')`)
      .orderBy(sql`(case when sr.status = 'pending' then sr.due_on end)`)
      .orderBy('sr.served_on', 'desc')
      .orderBy('sr.id')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    countUpTo(db, filtered(db, scope, f)),
  ]);
  const order = new Map(ids.map((r, i) => [r.id, i]));
  const items =
    ids.length === 0
      ? []
      : await records(db)
          .where('sr.id', 'in', [...order.keys()])
          .execute();
  items.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  return { items, ...counted };
}

export async function getRecord(db: Kysely<DB>, id: string): Promise<RecordRow | undefined> {
  return records(db).where('sr.id', '=', id).executeTakeFirst();
}

/** A volunteer's services, newest first. */
export async function recordsOfVolunteer(db: Kysely<DB>, volunteerId: string): Promise<RecordRow[]> {
  return records(db)
    .where('sr.volunteer_id', '=', volunteerId)
    .orderBy('sr.served_on', 'desc')
    .orderBy('sr.created_at', 'desc')
    .orderBy('sr.id')
    .execute();
}

/** Row lock on the record while its minutes may change. */
export async function lockRecord(db: Kysely<DB>, id: string): Promise<void> {
  await db.selectFrom('service_record').select('id').where('id', '=', id).forUpdate().execute();
}

export async function updateRecord(
  trx: Kysely<DB>,
  id: string,
  v: { minutes: number; status?: 'confirmed'; confirmed_by?: string; confirmed_at?: Date },
): Promise<void> {
  await trx.updateTable('service_record').set(v).where('id', '=', id).execute();
}

function corrections(db: Kysely<DB>) {
  return db
    .selectFrom('service_correction as sc')
    .innerJoin('service_record as sr', 'sr.id', 'sc.record_id')
    .innerJoin('volunteer as v', 'v.id', 'sc.volunteer_id')
    .leftJoin('account as decider', 'decider.id', 'sc.decided_by')
    .select([
      'sc.id',
      'sc.town_id',
      'sc.record_id',
      'sc.volunteer_id',
      'v.account_id as volunteer_account_id',
      'v.name as volunteer_name',
      'sr.region_id',
      'sr.title',
      'sr.served_on',
      'sr.minutes as current_minutes',
      'sr.status as record_status',
      'sc.requested_minutes',
      'sc.reason',
      'sc.status',
      'sc.decision_reason',
      'decider.name as decided_by_name',
      'sc.decided_at',
      'sc.created_at',
    ]);
}
export type CorrectionRow = Awaited<ReturnType<ReturnType<typeof corrections>['executeTakeFirstOrThrow']>>;

export async function findCorrections(db: Kysely<DB>, wholeScope: Scope, f: { status?: string; regionPath?: string; limit: number }) {
  const scope = wholeScope.within(f.regionPath);
  let q = corrections(db).where((eb) => scope.regionIn(eb.ref('sr.region_id')));
  if (f.status) q = q.where('sc.status', '=', f.status);
  return q
    .orderBy(sql`case when sc.status = 'pending' then 0 else 1 end`)
    .orderBy(sql`case when sc.status = 'pending' then sc.created_at end`, 'asc')
    .orderBy('sc.decided_at', 'desc')
    .orderBy('sc.id')
    .limit(f.limit)
    .execute();
}

export async function getCorrection(db: Kysely<DB>, id: string): Promise<CorrectionRow | undefined> {
  return corrections(db).where('sc.id', '=', id).executeTakeFirst();
}

/** The correction, if its record lies in the scope; locked (with its record) for a decision. */
export async function getCorrectionInScope(db: Kysely<DB>, scope: Scope, id: string, lock = false): Promise<CorrectionRow | undefined> {
  if (lock) {
    const row = await db.selectFrom('service_correction').select('record_id').where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    // Record first, then the correction: the same order as a request for a correction takes.
    await lockRecord(db, row.record_id);
    await db.selectFrom('service_correction').select('id').where('id', '=', id).forUpdate().execute();
  }
  return corrections(db)
    .where('sc.id', '=', id)
    .where((eb) => scope.regionIn(eb.ref('sr.region_id')))
    .executeTakeFirst();
}

export async function pendingCorrectionOf(db: Kysely<DB>, recordId: string): Promise<string | undefined> {
  return (
    await db
      .selectFrom('service_correction')
      .select('id')
      .where('record_id', '=', recordId)
      .where('status', '=', 'pending')
      .executeTakeFirst()
  )?.id;
}

export async function insertCorrection(
  trx: Kysely<DB>,
  v: { town_id: string; record_id: string; volunteer_id: string; requested_minutes: number; reason: string },
): Promise<string> {
  return (await trx.insertInto('service_correction').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export async function decideCorrection(
  trx: Kysely<DB>,
  id: string,
  v: { status: 'accepted' | 'refused'; decision_reason: string | null; decided_by: string },
): Promise<void> {
  await trx
    .updateTable('service_correction')
    .set({ ...v, decided_at: new Date() })
    .where('id', '=', id)
    .execute();
}

function volunteers(db: Kysely<DB>) {
  return db
    .selectFrom('volunteer as v')
    .select(['v.id', 'v.town_id', 'v.account_id', 'v.region_id', 'v.name', 'v.volunteer_no', 'v.status', partyMember.as('party_member')]);
}
export type VolunteerRow = Awaited<ReturnType<ReturnType<typeof volunteers>['executeTakeFirstOrThrow']>>;

export async function volunteerByAccount(db: Kysely<DB>, accountId: string): Promise<VolunteerRow | undefined> {
  return volunteers(db).where('v.account_id', '=', accountId).executeTakeFirst();
}

export async function volunteerInScope(db: Kysely<DB>, scope: Scope, id: string): Promise<VolunteerRow | undefined> {
  return volunteers(db)
    .where('v.id', '=', id)
    .where((eb) => scope.regionIn(eb.ref('v.region_id')))
    .executeTakeFirst();
}

export async function trainingsOf(db: Kysely<DB>, volunteerId: string) {
  return db
    .selectFrom('volunteer_training')
    .selectAll()
    .where('volunteer_id', '=', volunteerId)
    .orderBy('held_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}
export async function awardsOf(db: Kysely<DB>, volunteerId: string) {
  return db
    .selectFrom('volunteer_award')
    .selectAll()
    .where('volunteer_id', '=', volunteerId)
    .orderBy('awarded_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}
export async function evaluationsOf(db: Kysely<DB>, volunteerId: string) {
  return db
    .selectFrom('volunteer_evaluation')
    .selectAll()
    .where('volunteer_id', '=', volunteerId)
    .orderBy('evaluated_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}

export async function insertTraining(trx: Kysely<DB>, v: Insertable<DB['volunteer_training']>) {
  return trx.insertInto('volunteer_training').values(v).returningAll().executeTakeFirstOrThrow();
}
export async function insertAward(trx: Kysely<DB>, v: Insertable<DB['volunteer_award']>) {
  return trx.insertInto('volunteer_award').values(v).returningAll().executeTakeFirstOrThrow();
}
export async function insertEvaluation(trx: Kysely<DB>, v: Insertable<DB['volunteer_evaluation']>) {
  return trx.insertInto('volunteer_evaluation').values(v).returningAll().executeTakeFirstOrThrow();
}

/** Confirmed minutes per volunteer (what totals, star levels and certificates count). */
export async function confirmedMinutes(db: Kysely<DB>, volunteerIds: string[]): Promise<Map<string, number>> {
  if (volunteerIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('service_record')
    .select((eb) => ['volunteer_id', eb.fn.sum<string>('minutes').as('minutes')])
    .where('volunteer_id', 'in', [...new Set(volunteerIds)])
    .where('status', '=', 'confirmed')
    .groupBy('volunteer_id')
    .execute();
  return new Map(rows.map((r) => [r.volunteer_id, Number(r.minutes)]));
}

/** The leader of the team that organised the record's activity, if it has one. */
export async function organiserLeaderOf(db: Kysely<DB>, occurrenceId: string): Promise<string | null> {
  const row = await db
    .selectFrom('activity_occurrence as o')
    .innerJoin('activity as a', 'a.id', 'o.activity_id')
    .innerJoin('team as t', 't.id', 'a.organiser_team_id')
    .select('t.leader_account_id')
    .where('o.id', '=', occurrenceId)
    .executeTakeFirst();
  return row?.leader_account_id ?? null;
}

/** Accounts holding `role` on the region or one of its ancestors. */
export async function holdersAbove(db: Kysely<DB>, regionId: string, role: string): Promise<string[]> {
  const rows = await db
    .selectFrom('role_grant')
    .innerJoin('region as g', 'g.id', 'role_grant.region_id')
    .select('role_grant.account_id')
    .distinct()
    .where('role_grant.role', '=', role)
    .where(sql<boolean>`(select r.path from region r where r.id = ${regionId}) like g.path || '%'`)
    .execute();
  return rows.map((r) => r.account_id);
}
