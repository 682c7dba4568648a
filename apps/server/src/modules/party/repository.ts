import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { DB, PartyMemberRow, PartyMemberTable, PartyOrgRow } from '../../platform/db/schema.js';
import type { Scope } from '../../platform/scope.js';
import { escapeLike } from '../people/index.js';

// ------------------------------------------------------------------ organisations

export async function listOrgs(db: Kysely<DB>, scope: Scope, regionPath?: string): Promise<PartyOrgRow[]> {
  let q = db
    .selectFrom('party_org')
    .selectAll('party_org')
    .where((eb) => scope.regionIn(eb.ref('party_org.region_id')));
  if (regionPath) {
    q = q.where('party_org.region_id', 'in', (eb) =>
      eb.selectFrom('region').select('region.id').where('region.path', 'like', `${regionPath}%`),
    );
  }
  return q.orderBy('party_org.created_at').limit(5000).execute();
}

export async function getOrgInScope(db: Kysely<DB>, scope: Scope, id: string): Promise<PartyOrgRow | undefined> {
  return db
    .selectFrom('party_org')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => scope.regionIn(eb.ref('party_org.region_id')))
    .executeTakeFirst();
}

export async function insertOrg(
  trx: Kysely<DB>,
  values: { town_id: string; parent_id: string | null; kind: string; name: string; region_id: string },
): Promise<string> {
  return (await trx.insertInto('party_org').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateOrg(trx: Kysely<DB>, id: string, patch: Updateable<DB['party_org']>): Promise<void> {
  // An empty patch changes nothing, and `set` without columns is not SQL.
  if (Object.keys(patch).length) await trx.updateTable('party_org').set(patch).where('id', '=', id).execute();
}

export async function deleteOrg(trx: Kysely<DB>, id: string): Promise<void> {
  await trx.deleteFrom('party_org').where('id', '=', id).execute();
}

export async function orgOccupancy(db: Kysely<DB>, id: string): Promise<number> {
  const r = await sql<{ n: string }>`
    select (select count(*) from party_org where parent_id = ${id}) + (select count(*) from party_member where org_id = ${id}) as n`.execute(
    db,
  );
  return Number(r.rows[0]?.n ?? 0);
}

/** Members per organisation: all, and full members. */
export async function memberCounts(db: Kysely<DB>, orgIds: string[]): Promise<Map<string, { members: number; full: number }>> {
  if (orgIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('party_member')
    .select(['org_id', (eb) => eb.fn.countAll<string>().as('members'), sql<string>`count(*) filter (where status = 'full')`.as('full')])
    .where('org_id', 'in', orgIds)
    .groupBy('org_id')
    .execute();
  return new Map(rows.map((r) => [r.org_id, { members: Number(r.members), full: Number(r.full) }]));
}

/** The party groups directly under these organisations. */
export async function childGroups(db: Kysely<DB>, orgIds: string[]) {
  if (orgIds.length === 0) return [];
  return db.selectFrom('party_org').select(['id', 'parent_id']).where('parent_id', 'in', orgIds).where('kind', '=', 'group').execute();
}

export async function memberNames(db: Kysely<DB>, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('party_member').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function orgNames(db: Kysely<DB>, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('party_org').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

// ------------------------------------------------------------------ members

export interface MemberFilter {
  orgId?: string;
  regionPath?: string;
  q?: string;
  status?: string;
  communityReported?: boolean;
  minTenure?: number;
}

/** Members are reached through their organisation's region, or the community they reported to. */
function membersFiltered(db: Kysely<DB>, scope: Scope, f: MemberFilter) {
  let q = db
    .selectFrom('party_member')
    .where((eb) => eb.or([scope.regionIn(eb.ref('party_member.region_id')), scope.regionIn(eb.ref('party_member.report_region_id'))]));
  if (f.orgId) q = q.where('party_member.org_id', '=', f.orgId);
  if (f.regionPath) {
    const prefix = f.regionPath;
    const under = (col: 'party_member.region_id' | 'party_member.report_region_id') =>
      sql<boolean>`${sql.ref(col)} in (select id from region where path like ${`${prefix}%`})`;
    q = q.where((eb) => eb.or([under('party_member.region_id'), under('party_member.report_region_id')]));
  }
  if (f.q) q = q.where('party_member.name', 'like', `%${escapeLike(f.q)}%`);
  if (f.status) q = q.where('party_member.status', '=', f.status);
  if (f.communityReported !== undefined) q = q.where('party_member.report_region_id', f.communityReported ? 'is not' : 'is', null);
  if (f.minTenure !== undefined) {
    // Standing counts from full membership; without a recorded date, one year after joining.
    q = q
      .where('party_member.status', '=', 'full')
      .where(
        sql<boolean>`coalesce(party_member.full_date, (party_member.join_date + interval '1 year')::date) <= (current_date - make_interval(years => ${f.minTenure}))::date`,
      );
  }
  return q;
}

export async function findMembers(db: Kysely<DB>, scope: Scope, f: MemberFilter, page: { offset: number; limit: number }) {
  const [items, total] = await Promise.all([
    membersFiltered(db, scope, f)
      .selectAll('party_member')
      .orderBy('party_member.join_date')
      .orderBy('party_member.id')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    membersFiltered(db, scope, f)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export async function getMemberInScope(db: Kysely<DB>, scope: Scope, id: string): Promise<PartyMemberRow | undefined> {
  return membersFiltered(db, scope, {}).selectAll('party_member').where('party_member.id', '=', id).executeTakeFirst();
}

export async function insertMember(trx: Kysely<DB>, values: Insertable<PartyMemberTable>): Promise<string> {
  return (await trx.insertInto('party_member').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateMember(trx: Kysely<DB>, id: string, patch: Updateable<PartyMemberTable>): Promise<void> {
  await trx
    .updateTable('party_member')
    .set({ ...patch, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function deleteMember(trx: Kysely<DB>, id: string): Promise<void> {
  await trx.updateTable('party_org').set({ secretary_member_id: null }).where('secretary_member_id', '=', id).execute();
  await trx.deleteFrom('party_member').where('id', '=', id).execute();
}

export async function linkedMobiles(db: Kysely<DB>, members: PartyMemberRow[]): Promise<Map<string, string | null>> {
  const residentIds = members.map((m) => m.resident_id).filter((x): x is string => !!x);
  const accountIds = members.map((m) => m.account_id).filter((x): x is string => !!x);
  const residents = residentIds.length
    ? await db.selectFrom('resident').select(['id', 'mobile_masked']).where('id', 'in', residentIds).execute()
    : [];
  const accounts = accountIds.length
    ? await db.selectFrom('account').select(['id', 'mobile_masked']).where('id', 'in', accountIds).execute()
    : [];
  const r = new Map(residents.map((x) => [x.id, x.mobile_masked]));
  const a = new Map(accounts.map((x) => [x.id, x.mobile_masked]));
  return new Map(members.map((m) => [m.id, (m.resident_id && r.get(m.resident_id)) || (m.account_id && a.get(m.account_id)) || null]));
}

export async function contactCounts(db: Kysely<DB>, memberIds: string[]): Promise<Map<string, number>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('household_link')
    .select(['party_member_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('party_member_id', 'in', memberIds)
    .groupBy('party_member_id')
    .execute();
  return new Map(rows.map((r) => [r.party_member_id, Number(r.n)]));
}

export async function residentInScope(db: Kysely<DB>, scope: Scope, id: string) {
  return db
    .selectFrom('resident')
    .select(['id', 'name', 'town_id', 'political_status'])
    .where('id', '=', id)
    .where((eb) => scope.regionIn(eb.ref('resident.region_id')))
    .executeTakeFirst();
}

export async function residentByIdHash(db: Kysely<DB>, scope: Scope, townId: string, idHash: string) {
  return db
    .selectFrom('resident')
    .select(['id', 'name', 'town_id'])
    .where('town_id', '=', townId)
    .where('id_hash', '=', idHash)
    .where((eb) => scope.regionIn(eb.ref('resident.region_id')))
    .executeTakeFirst();
}

export async function setPoliticalStatus(trx: Kysely<DB>, residentId: string, status: 'party_member' | 'probationary_member') {
  await trx.updateTable('resident').set({ political_status: status, updated_at: new Date() }).where('id', '=', residentId).execute();
}

export async function accountInTown(db: Kysely<DB>, id: string, townId: string) {
  return db.selectFrom('account').select(['id', 'name']).where('id', '=', id).where('town_id', '=', townId).executeTakeFirst();
}

export async function linkedHouseholdIds(db: Kysely<DB>, memberId: string): Promise<string[]> {
  const rows = await db.selectFrom('household_link').select('household_id').where('party_member_id', '=', memberId).execute();
  return rows.map((r) => r.household_id);
}

export async function replaceLinks(trx: Kysely<DB>, memberId: string, townId: string, householdIds: string[]): Promise<void> {
  await trx.deleteFrom('household_link').where('party_member_id', '=', memberId).execute();
  if (householdIds.length > 0) {
    await trx
      .insertInto('household_link')
      .values(householdIds.map((h) => ({ party_member_id: memberId, household_id: h, town_id: townId })))
      .execute();
  }
}
