import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { countUpTo } from '../../platform/db/count.js';
import type { Scope } from '../../platform/scope.js';
import { escapeLike } from '../people/index.js';

function base(db: Kysely<DB>) {
  return withColumns(db.selectFrom('volunteer'));
}

/** The volunteer's row as the service presents it: its own columns, the masked mobile, the reviewer. */
function withColumns(q: SelectQueryBuilder<DB, 'volunteer', object>) {
  return q
    .innerJoin('account', 'account.id', 'volunteer.account_id')
    .leftJoin('account as reviewer', 'reviewer.id', 'volunteer.reviewed_by')
    .selectAll('volunteer')
    .select(['account.mobile_masked', 'reviewer.name as reviewed_by_name']);
}

export type VolunteerRow = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

export async function insertVolunteer(
  trx: Kysely<DB>,
  values: Omit<
    DB['volunteer'],
    'id' | 'volunteer_no' | 'status' | 'reject_reason' | 'reviewed_by' | 'reviewed_at' | 'registered_at' | 'updated_at'
  >,
): Promise<string> {
  return (await trx.insertInto('volunteer').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function getVolunteer(db: Kysely<DB>, id: string): Promise<VolunteerRow | undefined> {
  return base(db).where('volunteer.id', '=', id).executeTakeFirst();
}

export async function getByAccount(db: Kysely<DB>, accountId: string): Promise<VolunteerRow | undefined> {
  return base(db).where('volunteer.account_id', '=', accountId).executeTakeFirst();
}

export async function getVolunteerInScope(db: Kysely<DB>, scope: Scope, id: string, lock = false): Promise<VolunteerRow | undefined> {
  let q = base(db)
    .where('volunteer.id', '=', id)
    .where((eb) => scope.regionIn(eb.ref('volunteer.region_id')));
  if (lock) q = q.forUpdate('volunteer');
  return q.executeTakeFirst();
}

export interface VolunteerFilter {
  regionPath?: string;
  status?: string;
  serviceCategory?: string;
  partyMember?: boolean;
  mobileHash?: string;
  q?: string;
}

/** The filter on volunteer alone (no joins), so the count reads one table. */
function filtered(db: Kysely<DB>, wholeScope: Scope, f: VolunteerFilter) {
  const scope = wholeScope.within(f.regionPath);
  let q = db
    .selectFrom('volunteer')
    .where((eb) => scope.townIn(eb.ref('volunteer.town_id')))
    .where((eb) => scope.regionIn(eb.ref('volunteer.region_id')));
  if (f.status) q = q.where('volunteer.status', '=', f.status);
  if (f.serviceCategory) q = q.where(sql<boolean>`volunteer.service_categories @> array[${f.serviceCategory}]::text[]`);
  if (f.partyMember !== undefined) {
    const member = sql<boolean>`exists (select 1 from party_member m left join resident r on r.id = m.resident_id
      where m.account_id = volunteer.account_id or (r.id_hash = volunteer.id_hash and r.town_id = volunteer.town_id))`;
    q = q.where(f.partyMember ? member : sql<boolean>`not ${member}`);
  }
  if (f.mobileHash) {
    const hash = f.mobileHash;
    q = q.where('volunteer.account_id', 'in', (eb) =>
      eb.selectFrom('account').select('account.id').where('account.mobile_hash', '=', hash),
    );
  }
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    const text = f.q;
    q = q.where((eb) => eb.or([eb('volunteer.name', 'like', like), eb('volunteer.volunteer_no', '=', text)]));
  }
  return q;
}

export async function findVolunteers(db: Kysely<DB>, scope: Scope, f: VolunteerFilter, page: { offset: number; limit: number }) {
  const [items, counted] = await Promise.all([
    withColumns(filtered(db, scope, f))
      .orderBy('volunteer.registered_at', 'desc')
      .orderBy('volunteer.id')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    countUpTo(db, filtered(db, scope, f)),
  ]);
  return { items, ...counted };
}

/** Community and town admins whose scope holds this path: they review its applications. */
export async function reviewersOf(db: Kysely<DB>, path: string): Promise<string[]> {
  const rows = await db
    .selectFrom('role_grant')
    .innerJoin('region', 'region.id', 'role_grant.region_id')
    .select('role_grant.account_id')
    .distinct()
    .where('role_grant.role', 'in', ['community_admin', 'town_admin'])
    .where(sql<boolean>`${path} like region.path || '%'`)
    .execute();
  return rows.map((r) => r.account_id);
}

/** The next number of a town's year, under a row lock: two approvals never share one. */
export async function nextNumber(trx: Kysely<DB>, townId: string, year: number): Promise<number> {
  const row = await sql<{ last: number }>`
    insert into volunteer_counter (town_id, year, last) values (${townId}, ${year}, 1)
    on conflict (town_id, year) do update set last = volunteer_counter.last + 1
    returning last`.execute(trx);
  return Number(row.rows[0]!.last);
}

export async function review(
  trx: Kysely<DB>,
  id: string,
  v: { status: 'approved' | 'rejected'; volunteer_no: string | null; reviewed_by: string; reject_reason: string | null },
): Promise<void> {
  await trx
    .updateTable('volunteer')
    .set({ ...v, reviewed_at: new Date(), updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function grantVolunteerRole(
  trx: Kysely<DB>,
  townId: string,
  accountId: string,
  regionId: string,
  grantedBy: string,
): Promise<void> {
  await trx
    .insertInto('role_grant')
    .values({ town_id: townId, account_id: accountId, role: 'volunteer', region_id: regionId, granted_by: grantedBy })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Which of these volunteers are party members (by account, or by ID number through a resident): their account ids. */
export async function partyMembersAmong(db: Kysely<DB>, rows: Array<{ account_id: string; id_hash: string }>): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const found = await sql<{ account_id: string }>`
    select v.account_id from (values ${sql.join(rows.map((r) => sql`(${r.account_id}::uuid, ${r.id_hash}::text)`))}) as v(account_id, id_hash)
    where exists (select 1 from party_member m left join resident r on r.id = m.resident_id
      where m.account_id = v.account_id or r.id_hash = v.id_hash)`.execute(db);
  return new Set(found.rows.map((r) => r.account_id));
}

export async function placeRows(db: Kysely<DB>) {
  return db
    .selectFrom('region')
    .select(['id', 'parent_id', 'name', 'depth'])
    .where('depth', '<=', 2)
    .orderBy('depth')
    .orderBy('created_at')
    .limit(20000)
    .execute();
}
