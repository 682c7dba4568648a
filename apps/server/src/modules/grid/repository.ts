import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { Scope } from '../../platform/scope.js';

export async function listDuties(db: Kysely<DB>, scope: Scope, f: { regionPath?: string; duty?: string }) {
  let q = db
    .selectFrom('grid_duty')
    .leftJoin('account', 'account.id', 'grid_duty.account_id')
    .leftJoin('resident', 'resident.id', 'grid_duty.resident_id')
    .leftJoin('party_member', 'party_member.id', 'grid_duty.party_member_id')
    .select([
      'grid_duty.id',
      'grid_duty.town_id',
      'grid_duty.region_id',
      'grid_duty.duty',
      'grid_duty.account_id',
      'grid_duty.resident_id',
      'grid_duty.party_member_id',
      'grid_duty.building',
      'grid_duty.unit',
      'grid_duty.created_at',
      sql<string>`coalesce(party_member.name, resident.name, account.name, '')`.as('person_name'),
    ])
    .where((eb) => scope.regionIn(eb.ref('grid_duty.region_id')));
  if (f.regionPath) {
    const prefix = f.regionPath;
    q = q.where('grid_duty.region_id', 'in', (eb) =>
      eb.selectFrom('region').select('region.id').where('region.path', 'like', `${prefix}%`),
    );
  }
  if (f.duty) q = q.where('grid_duty.duty', '=', f.duty);
  return q.orderBy('grid_duty.created_at').limit(2000).execute();
}

export async function getDutyInScope(db: Kysely<DB>, scope: Scope, id: string) {
  return db
    .selectFrom('grid_duty')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => scope.regionIn(eb.ref('grid_duty.region_id')))
    .executeTakeFirst();
}

export async function insertDuty(
  trx: Kysely<DB>,
  values: {
    town_id: string;
    region_id: string;
    duty: string;
    account_id: string | null;
    resident_id: string | null;
    party_member_id: string | null;
    building: string | null;
    unit: string | null;
  },
): Promise<string> {
  return (await trx.insertInto('grid_duty').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function deleteDuty(trx: Kysely<DB>, id: string): Promise<void> {
  await trx.deleteFrom('grid_duty').where('id', '=', id).execute();
}

export async function linkCounts(db: Kysely<DB>, memberIds: string[]): Promise<Map<string, number>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('household_link')
    .select(['party_member_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('party_member_id', 'in', memberIds)
    .groupBy('party_member_id')
    .execute();
  return new Map(rows.map((r) => [r.party_member_id, Number(r.n)]));
}

export async function memberOfAccount(db: Kysely<DB>, accountId: string) {
  return db.selectFrom('party_member').select(['id', 'town_id']).where('account_id', '=', accountId).executeTakeFirst();
}

/**
 * The households on an account's phone list: those in the grids where it serves as grid worker
 * (by duty or by role), and those it keeps in touch with as a party member (户联系). Care-tagged
 * households first, then the longest without contact.
 */
export async function myHouseholds(db: Kysely<DB>, accountId: string, onlyId?: string) {
  const gridPaths = sql`(
    select r.path from grid_duty d join region r on r.id = d.region_id where d.account_id = ${accountId} and d.duty = 'grid_worker'
    union
    select r.path from role_grant g join region r on r.id = g.region_id where g.account_id = ${accountId} and g.role = 'grid_worker'
  )`;
  const rows = await sql<{
    id: string;
    town_id: string;
    region_id: string;
    address_masked: string;
    building: string | null;
    unit: string | null;
    room_masked: string | null;
    region_name: string;
    via: 'grid' | 'contact';
    tagged: boolean;
    last_contact: string | null;
  }>`
    with mine as (
      select h.id, 'contact'::text as via
        from household_link l
        join party_member m on m.id = l.party_member_id
        join household h on h.id = l.household_id
       where m.account_id = ${accountId}
      union all
      select h.id, 'grid'::text as via
        from household h
        join region hr on hr.id = h.region_id
       where exists (select 1 from ${gridPaths} gp where hr.path like gp.path || '%')
    ), picked as (
      select id, min(via) as via from mine group by id
    )
    select h.id, h.town_id, h.region_id, h.address_masked, h.building, h.unit, h.room_masked, r.name as region_name,
           p.via,
           exists (select 1 from resident x where x.household_id = h.id and cardinality(x.care_tag_hashes) > 0) as tagged,
           (select max(c.contacted_on) from household_contact c where c.household_id = h.id) as last_contact
      from picked p
      join household h on h.id = p.id
      join region r on r.id = h.region_id
     where ${onlyId ?? null}::uuid is null or h.id = ${onlyId ?? null}::uuid
     order by tagged desc, last_contact asc nulls first, h.created_at
     limit 1000`.execute(db);
  return rows.rows;
}

export async function residentsOf(db: Kysely<DB>, householdIds: string[]) {
  if (householdIds.length === 0) return [];
  return db
    .selectFrom('resident')
    .select(['id', 'household_id', 'name', 'sex', 'birth_date', 'relation_to_head', 'mobile_masked', 'care_tags_cipher'])
    .where('household_id', 'in', householdIds)
    .orderBy('created_at')
    .execute();
}

export async function contactsOf(db: Kysely<DB>, householdId: string) {
  return db
    .selectFrom('household_contact')
    .innerJoin('account', 'account.id', 'household_contact.account_id')
    .innerJoin('household', 'household.id', 'household_contact.household_id')
    .select([
      'household_contact.id',
      'household_contact.household_id',
      'household.address_masked',
      'household_contact.contacted_on',
      'household_contact.way',
      'household_contact.raised_cipher',
      'household_contact.follow_up',
      'household_contact.party_member_id',
      'household_contact.account_id',
      'household_contact.created_at',
      'account.name as logged_by_name',
    ])
    .where('household_contact.household_id', '=', householdId)
    .orderBy('household_contact.contacted_on', 'desc')
    .orderBy('household_contact.created_at', 'desc')
    .limit(200)
    .execute();
}

export async function insertContact(
  trx: Kysely<DB>,
  values: {
    town_id: string;
    household_id: string;
    region_id: string;
    party_member_id: string | null;
    account_id: string;
    contacted_on: string;
    way: string;
    raised_cipher: string | null;
    follow_up: string;
  },
): Promise<string> {
  return (await trx.insertInto('household_contact').values(values).returning('id').executeTakeFirstOrThrow()).id;
}
