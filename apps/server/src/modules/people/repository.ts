import { sql, type Kysely, type Insertable, type Updateable } from 'kysely';
import type { DB, HouseholdRow, HouseholdTable, ResidentRow, ResidentTable } from '../../platform/db/schema.js';
import { countUpTo } from '../../platform/db/count.js';
import type { Scope } from '../../platform/scope.js';

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// ------------------------------------------------------------------ care tags

export async function listCareTags(db: Kysely<DB>, townId: string) {
  return db.selectFrom('care_tag').select(['code', 'label']).where('town_id', '=', townId).orderBy('sort').orderBy('code').execute();
}

export async function replaceCareTags(trx: Kysely<DB>, townId: string, items: Array<{ code: string; label: string }>) {
  await trx.deleteFrom('care_tag').where('town_id', '=', townId).execute();
  if (items.length > 0) {
    await trx
      .insertInto('care_tag')
      .values(items.map((t, i) => ({ town_id: townId, code: t.code, label: t.label, sort: i + 1 })))
      .execute();
  }
}

export async function careTagInUse(db: Kysely<DB>, townId: string, hash: string): Promise<boolean> {
  const row = await db
    .selectFrom('resident')
    .select('id')
    .where('town_id', '=', townId)
    .where(sql<boolean>`care_tag_hashes @> array[${hash}]::text[]`)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

// ------------------------------------------------------------------ households

export interface HouseholdFilter {
  regionPath?: string;
  q?: string;
  careTagHash?: string;
  located?: boolean;
}

function householdsFiltered(db: Kysely<DB>, wholeScope: Scope, f: HouseholdFilter) {
  const scope = wholeScope.within(f.regionPath);
  let q = db
    .selectFrom('household')
    .where((eb) => scope.townIn(eb.ref('household.town_id')))
    .where((eb) => scope.regionIn(eb.ref('household.region_id')));
  if (f.located) q = q.where('household.lng', 'is not', null);
  if (f.careTagHash) {
    const hash = f.careTagHash;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('resident')
          .select('resident.id')
          .whereRef('resident.household_id', '=', 'household.id')
          .where(sql<boolean>`resident.care_tag_hashes @> array[${hash}]::text[]`),
      ),
    );
  }
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    const text = f.q;
    q = q.where((eb) =>
      eb.or([
        eb('household.household_no', '=', text),
        eb('household.address_masked', 'like', like),
        eb('household.building', '=', text),
        eb.exists(
          eb
            .selectFrom('resident')
            .select('resident.id')
            .whereRef('resident.household_id', '=', 'household.id')
            .where('resident.name', 'like', like),
        ),
      ]),
    );
  }
  return q;
}

export async function findHouseholds(db: Kysely<DB>, scope: Scope, f: HouseholdFilter, page: { offset: number; limit: number }) {
  const [items, counted] = await Promise.all([
    householdsFiltered(db, scope, f)
      .selectAll('household')
      .orderBy('household.created_at', 'desc')
      .orderBy('household.id')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    countUpTo(db, householdsFiltered(db, scope, f)),
  ]);
  return { items, ...counted };
}

export async function getHouseholdInScope(db: Kysely<DB>, scope: Scope, id: string, forUpdate = false): Promise<HouseholdRow | undefined> {
  let q = db
    .selectFrom('household')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => scope.regionIn(eb.ref('household.region_id')));
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function getHouseholdByAddressHash(db: Kysely<DB>, townId: string, hash: string) {
  return db.selectFrom('household').selectAll().where('town_id', '=', townId).where('address_hash', '=', hash).executeTakeFirst();
}

export async function getHouseholdByNo(db: Kysely<DB>, townId: string, no: string) {
  return db.selectFrom('household').selectAll().where('town_id', '=', townId).where('household_no', '=', no).executeTakeFirst();
}

export async function insertHousehold(trx: Kysely<DB>, values: Insertable<HouseholdTable>): Promise<string> {
  return (await trx.insertInto('household').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateHousehold(trx: Kysely<DB>, id: string, patch: Updateable<HouseholdTable>): Promise<void> {
  await trx
    .updateTable('household')
    .set({ ...patch, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .execute();
}

export async function deleteHousehold(trx: Kysely<DB>, id: string): Promise<void> {
  await trx.deleteFrom('household').where('id', '=', id).execute();
}

/** Per household: resident count, head's name and every resident's care-tag ciphertext. */
export async function householdResidents(db: Kysely<DB>, householdIds: string[]) {
  if (householdIds.length === 0) return [];
  return db
    .selectFrom('resident')
    .select(['id', 'household_id', 'name', 'relation_to_head', 'care_tags_cipher', 'created_at'])
    .where('household_id', 'in', householdIds)
    .orderBy('created_at')
    .execute();
}

export async function lastContacts(db: Kysely<DB>, householdIds: string[]): Promise<Map<string, string>> {
  if (householdIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('household_contact')
    .select(['household_id', (eb) => eb.fn.max('contacted_on').as('last')])
    .where('household_id', 'in', householdIds)
    .groupBy('household_id')
    .execute();
  return new Map(rows.map((r) => [r.household_id, String(r.last)]));
}

export async function countHouseholdHistory(db: Kysely<DB>, id: string): Promise<number> {
  const row = await sql<{ n: string }>`
    select (select count(*) from household_contact where household_id = ${id})
         + (select count(*) from residence_move where from_household_id = ${id} or to_household_id = ${id}) as n`.execute(db);
  return Number(row.rows[0]?.n ?? 0);
}

export async function setResidentsRegion(trx: Kysely<DB>, householdId: string, regionId: string): Promise<void> {
  await trx.updateTable('resident').set({ region_id: regionId, updated_at: new Date() }).where('household_id', '=', householdId).execute();
  await trx.updateTable('household_contact').set({ region_id: regionId }).where('household_id', '=', householdId).execute();
}

// ------------------------------------------------------------------ residents

export interface ResidentFilter {
  regionPath?: string;
  householdId?: string;
  name?: string;
  initials?: string;
  idHash?: string;
  mobileHash?: string;
  mobileMasked?: string;
  mobileLast4?: string;
  careTagHash?: string;
  politicalStatus?: string;
  newCitizen?: boolean;
}

function residentsFiltered(db: Kysely<DB>, wholeScope: Scope, f: ResidentFilter) {
  const scope = wholeScope.within(f.regionPath);
  let q = db
    .selectFrom('resident')
    .where((eb) => scope.townIn(eb.ref('resident.town_id')))
    .where((eb) => scope.regionIn(eb.ref('resident.region_id')));
  if (f.householdId) q = q.where('resident.household_id', '=', f.householdId);
  if (f.idHash) q = q.where('resident.id_hash', '=', f.idHash);
  if (f.mobileHash) q = q.where('resident.mobile_hash', '=', f.mobileHash);
  if (f.mobileMasked) q = q.where('resident.mobile_masked', '=', f.mobileMasked);
  if (f.mobileLast4) q = q.where('resident.mobile_masked', 'like', `%${f.mobileLast4}`);
  if (f.name !== undefined || f.initials !== undefined) {
    const name = f.name;
    const initials = f.initials;
    q = q.where((eb) =>
      eb.or([
        ...(name ? [eb('resident.name', 'like', `%${escapeLike(name)}%`)] : []),
        ...(initials ? [eb('resident.name_initials', 'like', `${escapeLike(initials)}%`)] : []),
      ]),
    );
  }
  if (f.careTagHash) q = q.where(sql<boolean>`resident.care_tag_hashes @> array[${f.careTagHash}]::text[]`);
  if (f.politicalStatus) q = q.where('resident.political_status', '=', f.politicalStatus);
  if (f.newCitizen !== undefined) q = q.where('resident.new_citizen', '=', f.newCitizen);
  return q;
}

export async function findResidents(db: Kysely<DB>, scope: Scope, f: ResidentFilter, page: { offset: number; limit: number }) {
  const [items, counted] = await Promise.all([
    residentsFiltered(db, scope, f)
      .selectAll('resident')
      .orderBy('resident.created_at', 'desc')
      .orderBy('resident.id')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    countUpTo(db, residentsFiltered(db, scope, f)),
  ]);
  return { items, ...counted };
}

/** Every resident matching the filter, in batches: exports stream them out. */
export async function* streamResidents(db: Kysely<DB>, scope: Scope, f: ResidentFilter, batch = 2000): AsyncGenerator<ResidentRow[]> {
  let after: { created: Date; id: string } | null = null;
  for (;;) {
    let q = residentsFiltered(db, scope, f).selectAll('resident');
    if (after) {
      const a: { created: Date; id: string } = after;
      q = q.where((eb) =>
        eb.or([
          eb('resident.created_at', '>', a.created),
          eb.and([eb('resident.created_at', '=', a.created), eb('resident.id', '>', a.id)]),
        ]),
      );
    }
    const rows = await q.orderBy('resident.created_at').orderBy('resident.id').limit(batch).execute();
    if (rows.length === 0) return;
    yield rows;
    const last = rows[rows.length - 1]!;
    after = { created: last.created_at, id: last.id };
    if (rows.length < batch) return;
  }
}

export async function getResidentInScope(db: Kysely<DB>, scope: Scope, id: string, forUpdate = false): Promise<ResidentRow | undefined> {
  let q = db
    .selectFrom('resident')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => scope.regionIn(eb.ref('resident.region_id')));
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function getResidentByIdHash(db: Kysely<DB>, townId: string, hash: string) {
  return db.selectFrom('resident').selectAll().where('town_id', '=', townId).where('id_hash', '=', hash).executeTakeFirst();
}

export async function getResidentByNameInHousehold(db: Kysely<DB>, householdId: string, name: string, birthDate: string | null) {
  let q = db
    .selectFrom('resident')
    .selectAll()
    .where('household_id', '=', householdId)
    .where('name', '=', name)
    .where('id_hash', 'is', null);
  q = birthDate ? q.where('birth_date', '=', birthDate) : q.where('birth_date', 'is', null);
  return q.executeTakeFirst();
}

export async function insertResident(trx: Kysely<DB>, values: Insertable<ResidentTable>): Promise<string> {
  return (await trx.insertInto('resident').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateResident(trx: Kysely<DB>, id: string, patch: Updateable<ResidentTable>): Promise<void> {
  await trx
    .updateTable('resident')
    .set({ ...patch, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .execute();
}

export async function deleteResident(trx: Kysely<DB>, id: string): Promise<void> {
  await trx.deleteFrom('residence_move').where('entity', '=', 'resident').where('entity_id', '=', id).execute();
  await trx.deleteFrom('resident').where('id', '=', id).execute();
}

export async function partyMemberIds(db: Kysely<DB>, residentIds: string[]): Promise<Map<string, string>> {
  if (residentIds.length === 0) return new Map();
  const rows = await db.selectFrom('party_member').select(['id', 'resident_id']).where('resident_id', 'in', residentIds).execute();
  return new Map(rows.map((r) => [r.resident_id!, r.id]));
}

export async function householdSummaries(db: Kysely<DB>, ids: string[]) {
  if (ids.length === 0) return new Map<string, { address_masked: string }>();
  const rows = await db.selectFrom('household').select(['id', 'address_masked']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

// ------------------------------------------------------------------ moves

export async function insertMove(
  trx: Kysely<DB>,
  values: {
    town_id: string;
    entity: 'household' | 'resident';
    entity_id: string;
    from_region_id?: string | null;
    to_region_id?: string | null;
    from_household_id?: string | null;
    to_household_id?: string | null;
    reason: string | null;
    actor_id: string | null;
  },
): Promise<void> {
  await trx.insertInto('residence_move').values(values).execute();
}

export async function listMoves(db: Kysely<DB>, entityId: string) {
  return db
    .selectFrom('residence_move')
    .leftJoin('account', 'account.id', 'residence_move.actor_id')
    .select([
      'residence_move.id',
      'residence_move.at',
      'residence_move.from_region_id',
      'residence_move.to_region_id',
      'residence_move.from_household_id',
      'residence_move.to_household_id',
      'residence_move.reason',
      'account.name as actor_name',
    ])
    .where('residence_move.entity_id', '=', entityId)
    .orderBy('residence_move.at', 'desc')
    .execute();
}

// ------------------------------------------------------------------ map

export async function regionsForMap(db: Kysely<DB>, scope: Scope, path: string) {
  return db
    .selectFrom('region')
    .select(['id', 'name', 'depth', 'boundary', 'centre_lng', 'centre_lat', 'path'])
    .where('path', 'like', `${path}%`)
    .where((eb) => scope.pathIn(eb.ref('region.path')))
    .where((eb) => eb.or([eb('boundary', 'is not', null), eb('centre_lng', 'is not', null)]))
    .orderBy('depth')
    .limit(5000)
    .execute();
}

/** Nodes of a town that have a boundary, deepest first: where a located household falls. */
export async function boundedRegions(db: Kysely<DB>, townId: string) {
  return db
    .selectFrom('region')
    .select(['id', 'path', 'depth', 'boundary'])
    .where('town_id', '=', townId)
    .where('boundary', 'is not', null)
    .where('depth', '>', 0)
    .orderBy('depth', 'desc')
    .execute();
}
