import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import { DEFAULT_PARTY_POINTS_ITEMS } from '@tongxin/shared';
import type { DB } from '../../platform/db/schema.js';
import type { Scope } from '../../platform/scope.js';

type Db = Kysely<DB>;
export type ItemRow = Selectable<DB['party_points_item']>;

/** A town's items, the defaults written the first time they are asked for. */
export async function items(db: Db, townId: string): Promise<ItemRow[]> {
  let rows = await db.selectFrom('party_points_item').selectAll().where('town_id', '=', townId).orderBy('sort').execute();
  if (rows.length === 0) {
    await db
      .insertInto('party_points_item')
      .values(
        DEFAULT_PARTY_POINTS_ITEMS.map((d, i) => ({
          town_id: townId,
          code: d.code,
          label: d.label,
          points: d.points,
          unit: d.unit,
          yearly_cap: d.yearlyCap,
          weight: d.weight,
          source: d.source,
          sort: i,
        })),
      )
      .onConflict((oc) => oc.columns(['town_id', 'code']).doNothing())
      .execute();
    rows = await db.selectFrom('party_points_item').selectAll().where('town_id', '=', townId).orderBy('sort').execute();
  }
  return rows;
}

export async function updateItem(db: Db, townId: string, code: string, set: Partial<Insertable<DB['party_points_item']>>) {
  // Fields left out arrive as undefined: with none left there is nothing to set.
  if (Object.values(set).some((v) => v !== undefined))
    await db.updateTable('party_points_item').set(set).where('town_id', '=', townId).where('code', '=', code).execute();
}

export interface MemberRow {
  id: string;
  name: string;
  account_id: string | null;
  org_id: string;
  org_name: string;
  region_id: string;
  region_path: string;
  town_id: string;
}

function membersQuery(db: Db) {
  return db
    .selectFrom('party_member as pm')
    .innerJoin('party_org as po', 'po.id', 'pm.org_id')
    .innerJoin('region as rg', 'rg.id', 'pm.region_id')
    .select([
      'pm.id',
      'pm.name',
      'pm.account_id',
      'pm.org_id',
      'po.name as org_name',
      'pm.region_id',
      'rg.path as region_path',
      'pm.town_id',
    ]);
}

export async function membersInScope(db: Db, scope: Scope, townId: string): Promise<MemberRow[]> {
  return membersQuery(db)
    .where('pm.town_id', '=', townId)
    .where(scope.regionIn(sql.ref('pm.region_id')))
    .orderBy('pm.name')
    .limit(20000)
    .execute();
}

/** Members whose organisation's region lies under the path (a community's, for its ranks). */
export async function membersUnderPath(db: Db, townId: string, path: string): Promise<MemberRow[]> {
  return membersQuery(db).where('pm.town_id', '=', townId).where('rg.path', 'like', `${path}%`).orderBy('pm.name').limit(20000).execute();
}

export async function membersOfOrgs(db: Db, orgIds: string[]): Promise<MemberRow[]> {
  if (orgIds.length === 0) return [];
  return membersQuery(db).where('pm.org_id', 'in', orgIds).orderBy('pm.name').execute();
}

export async function memberById(db: Db, id: string): Promise<MemberRow | undefined> {
  return membersQuery(db).where('pm.id', '=', id).executeTakeFirst();
}

export async function memberOfAccount(db: Db, accountId: string): Promise<MemberRow | undefined> {
  return membersQuery(db).where('pm.account_id', '=', accountId).executeTakeFirst();
}

/** The organisation and every organisation under it. */
export async function orgSubtree(db: Db, orgId: string): Promise<string[]> {
  const r = await sql<{ id: string }>`
    with recursive tree as (
      select id from party_org where id = ${orgId}
      union all
      select o.id from party_org o join tree t on o.parent_id = t.id
    ) select id from tree`.execute(db);
  return r.rows.map((x) => x.id);
}

/** The organisation and the ones above it (a member sees notices of each). */
export async function orgAncestry(db: Db, orgId: string): Promise<string[]> {
  const r = await sql<{ id: string }>`
    with recursive up as (
      select id, parent_id from party_org where id = ${orgId}
      union all
      select o.id, o.parent_id from party_org o join up u on o.id = u.parent_id
    ) select id from up`.execute(db);
  return r.rows.map((x) => x.id);
}

export async function getOrg(db: Db, id: string) {
  return db
    .selectFrom('party_org as po')
    .innerJoin('region as rg', 'rg.id', 'po.region_id')
    .select(['po.id', 'po.name', 'po.town_id', 'po.region_id', 'rg.path as region_path', 'po.secretary_member_id'])
    .where('po.id', '=', id)
    .executeTakeFirst();
}

export async function orgsWithSecretary(db: Db, memberId: string) {
  return db.selectFrom('party_org').select(['id', 'name']).where('secretary_member_id', '=', memberId).execute();
}

/** Per member and manual item: units and points of the year. */
export async function manualTotals(db: Db, memberIds: string[], year: number) {
  if (memberIds.length === 0) return [];
  return db
    .selectFrom('party_points_entry')
    .select(['member_id', 'item', sql<string>`sum(quantity)`.as('quantity'), sql<string>`sum(points)`.as('points')])
    .where('member_id', 'in', memberIds)
    .where('year', '=', year)
    .groupBy(['member_id', 'item'])
    .execute();
}

/** Confirmed service minutes and help requests served in the year, by the member's volunteer account. */
export async function serviceTotals(db: Db, memberIds: string[], from: string, to: string) {
  if (memberIds.length === 0) return [];
  return db
    .selectFrom('party_member as pm')
    .innerJoin('volunteer as v', 'v.account_id', 'pm.account_id')
    .innerJoin('service_record as sr', 'sr.volunteer_id', 'v.id')
    .select([
      'pm.id as member_id',
      sql<string>`coalesce(sum(sr.minutes), 0)`.as('minutes'),
      sql<string>`count(*) filter (where sr.source = 'help_request')`.as('help'),
    ])
    .where('pm.id', 'in', memberIds)
    .where('sr.status', '=', 'confirmed')
    .where('sr.served_on', '>=', from)
    .where('sr.served_on', '<', to)
    .groupBy('pm.id')
    .execute();
}

export async function contactTotals(db: Db, memberIds: string[], from: string, to: string) {
  if (memberIds.length === 0) return [];
  return db
    .selectFrom('household_contact')
    .select(['party_member_id as member_id', sql<string>`count(*)`.as('n')])
    .where('party_member_id', 'in', memberIds)
    .where('contacted_on', '>=', from)
    .where('contacted_on', '<', to)
    .groupBy('party_member_id')
    .execute();
}

export async function insertEntry(db: Db, v: Insertable<DB['party_points_entry']>): Promise<string> {
  return (await db.insertInto('party_points_entry').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export async function entriesOf(db: Db, memberId: string, year: number) {
  return db
    .selectFrom('party_points_entry as e')
    .leftJoin('account as a', 'a.id', 'e.created_by')
    .selectAll('e')
    .select((eb) => [
      'a.name as by_name',
      eb.selectFrom('party_points_entry as r').select('r.id').whereRef('r.reverses_id', '=', 'e.id').limit(1).as('reversed_by'),
    ])
    .where('e.member_id', '=', memberId)
    .where('e.year', '=', year)
    .orderBy('e.id', 'desc')
    .execute();
}

export async function getEntry(db: Db, id: string) {
  return db.selectFrom('party_points_entry').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertNotice(db: Db, v: Insertable<DB['party_points_notice']>): Promise<string> {
  return (await db.insertInto('party_points_notice').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export async function notices(db: Db, orgIds: string[]) {
  if (orgIds.length === 0) return [];
  return db
    .selectFrom('party_points_notice as n')
    .innerJoin('party_org as po', 'po.id', 'n.org_id')
    .leftJoin('account as a', 'a.id', 'n.published_by')
    .select(['n.id', 'n.org_id', 'po.name as org_name', 'n.year', 'n.snapshot', 'a.name as published_by', 'n.published_at'])
    .where('n.org_id', 'in', orgIds)
    .orderBy('n.published_at', 'desc')
    .limit(50)
    .execute();
}

export async function communityNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('region')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
