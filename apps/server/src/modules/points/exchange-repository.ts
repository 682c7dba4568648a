import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { Scope } from '../../platform/scope.js';

type Db = Kysely<DB>;

// ------------------------------------------------------------------ merchants

export type MerchantRow = Selectable<DB['merchant']> & {
  region_name: string;
  points_account_id: string | null;
  balance: number;
  held: number;
  items: number;
};

function merchantsQuery(db: Db) {
  return db
    .selectFrom('merchant as m')
    .innerJoin('region as rg', 'rg.id', 'm.region_id')
    .leftJoin('points_account as pa', (j) => j.onRef('pa.merchant_id', '=', 'm.id').on('pa.kind', '=', 'merchant'))
    .leftJoin('points_account as ph', (j) => j.onRef('ph.merchant_id', '=', 'm.id').on('ph.kind', '=', 'hold'))
    .selectAll('m')
    .select((eb) => [
      'rg.name as region_name',
      'pa.id as points_account_id',
      sql<number>`coalesce(pa.balance, 0)`.as('balance'),
      sql<number>`coalesce(ph.balance, 0)`.as('held'),
      eb
        .selectFrom('catalog_item as ci')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('ci.merchant_id', '=', 'm.id')
        .where('ci.status', '=', 'listed')
        .as('items'),
    ]);
}

export async function listMerchants(db: Db, scope: Scope): Promise<MerchantRow[]> {
  return (await merchantsQuery(db)
    .where(scope.regionIn(sql.ref('m.region_id')))
    .orderBy('m.created_at')
    .limit(500)
    .execute()) as unknown as MerchantRow[];
}

export async function getMerchant(db: Db, id: string, scope?: Scope): Promise<MerchantRow | undefined> {
  let q = merchantsQuery(db).where('m.id', '=', id);
  if (scope) q = q.where(scope.regionIn(sql.ref('m.region_id')));
  return (await q.executeTakeFirst()) as unknown as MerchantRow | undefined;
}

export async function merchantOfAccount(db: Db, accountId: string): Promise<MerchantRow | undefined> {
  return (await merchantsQuery(db)
    .where('m.id', '=', (eb) => eb.selectFrom('merchant_member').select('merchant_id').where('account_id', '=', accountId))
    .executeTakeFirst()) as unknown as MerchantRow | undefined;
}

export async function membersOf(db: Db, merchantIds: string[]) {
  if (merchantIds.length === 0) return [];
  return db
    .selectFrom('merchant_member as mm')
    .innerJoin('account as a', 'a.id', 'mm.account_id')
    .select(['mm.merchant_id', 'mm.account_id', 'a.name'])
    .where('mm.merchant_id', 'in', merchantIds)
    .orderBy('a.name')
    .execute();
}

export async function insertMerchant(db: Db, v: Insertable<DB['merchant']>): Promise<string> {
  return (await db.insertInto('merchant').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateMerchant(db: Db, id: string, v: Updateable<DB['merchant']>): Promise<void> {
  if (Object.keys(v).length) await db.updateTable('merchant').set(v).where('id', '=', id).execute();
}

/** Accounts inside the scope, with the ones already acting for another merchant. */
export async function accountsForMembers(db: Db, scope: Scope, ids: string[]) {
  return db
    .selectFrom('account as a')
    .leftJoin('merchant_member as mm', 'mm.account_id', 'a.id')
    .select(['a.id', 'a.town_id', 'mm.merchant_id'])
    .where('a.id', 'in', ids)
    .where(scope.regionIn(sql.ref('a.home_region_id')))
    .execute();
}

export async function setMembers(db: Db, merchant: { id: string; town_id: string; region_id: string }, accountIds: string[], by: string) {
  await db.deleteFrom('merchant_member').where('merchant_id', '=', merchant.id).where('account_id', 'not in', accountIds).execute();
  await db
    .insertInto('merchant_member')
    .values(accountIds.map((a) => ({ merchant_id: merchant.id, account_id: a })))
    .onConflict((oc) => oc.columns(['merchant_id', 'account_id']).doNothing())
    .execute();
  await db
    .insertInto('role_grant')
    .values(
      accountIds.map((a) => ({
        town_id: merchant.town_id,
        account_id: a,
        role: 'merchant',
        region_id: merchant.region_id,
        granted_by: by,
      })),
    )
    .onConflict((oc) => oc.columns(['account_id', 'role', 'region_id']).doNothing())
    .execute();
}

// ------------------------------------------------------------------ catalogue

export type ItemRow = Selectable<DB['catalog_item']> & {
  merchant_name: string;
  merchant_active: boolean;
  region_id: string;
  slot_free: number | null;
};

function itemsQuery(db: Db) {
  return db
    .selectFrom('catalog_item as ci')
    .innerJoin('merchant as m', 'm.id', 'ci.merchant_id')
    .selectAll('ci')
    .select([
      'm.name as merchant_name',
      'm.active as merchant_active',
      'm.region_id',
      sql<
        number | null
      >`case when ci.kind = 'venue' then (select coalesce(sum(s.capacity - s.taken), 0)::integer from catalog_slot s where s.item_id = ci.id and s.starts_at > now()) end`.as(
        'slot_free',
      ),
    ]);
}

export async function getItem(db: Db, id: string): Promise<ItemRow | undefined> {
  return (await itemsQuery(db).where('ci.id', '=', id).executeTakeFirst()) as ItemRow | undefined;
}

export async function listItems(
  db: Db,
  f: {
    townId?: string;
    scope?: Scope;
    merchantId?: string;
    status?: Selectable<DB['catalog_item']>['status'];
    kind?: Selectable<DB['catalog_item']>['kind'];
    availableOn?: string;
    search?: string;
    near?: { lat: number; lng: number };
    limit: number;
    offset: number;
  },
): Promise<{ rows: (ItemRow & { distance_m: number | null })[]; total: number }> {
  let q = itemsQuery(db);
  if (f.townId) q = q.where('ci.town_id', '=', f.townId);
  if (f.scope) q = q.where(f.scope.regionIn(sql.ref('m.region_id')));
  if (f.merchantId) q = q.where('ci.merchant_id', '=', f.merchantId);
  if (f.status) q = q.where('ci.status', '=', f.status);
  if (f.kind) q = q.where('ci.kind', '=', f.kind);
  if (f.availableOn)
    q = q.where('ci.valid_from', '<=', f.availableOn).where('ci.valid_until', '>=', f.availableOn).where('m.active', '=', true);
  if (f.search) q = q.where('ci.title', 'like', `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const total = await q
    .clearSelect()
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const lat = f.near?.lat ?? null;
  const lng = f.near?.lng ?? null;
  // Equirectangular distance: plenty for ordering within a town.
  const distance = sql<
    number | null
  >`case when ${lat}::float8 is null or coalesce(ci.lat, m.lat) is null then null else round(6371000 * sqrt(power(radians(coalesce(ci.lat, m.lat) - ${lat}::float8), 2) + power(radians(coalesce(ci.lng, m.lng) - ${lng}::float8) * cos(radians(${lat}::float8)), 2)))::integer end`;
  let ordered = q.select(distance.as('distance_m'));
  ordered = f.near ? ordered.orderBy(sql`distance_m`, sql`asc nulls last`) : ordered.orderBy('ci.created_at', 'desc');
  const rows = await ordered.orderBy('ci.id').limit(f.limit).offset(f.offset).execute();
  return { rows: rows as (ItemRow & { distance_m: number | null })[], total: Number(total.n) };
}

export async function slotsOf(db: Db, itemIds: string[], upcomingOnly: boolean) {
  if (itemIds.length === 0) return [];
  let q = db.selectFrom('catalog_slot').selectAll().where('item_id', 'in', itemIds);
  if (upcomingOnly) q = q.where('starts_at', '>', sql<Date>`now()`);
  return q.orderBy('starts_at').limit(1000).execute();
}

export async function insertItem(db: Db, v: Insertable<DB['catalog_item']>): Promise<string> {
  return (await db.insertInto('catalog_item').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateItem(db: Db, id: string, v: Updateable<DB['catalog_item']>): Promise<void> {
  if (Object.keys(v).length) await db.updateTable('catalog_item').set(v).where('id', '=', id).execute();
}

export async function restock(db: Db, id: string, by: number): Promise<boolean> {
  const r = await db
    .updateTable('catalog_item')
    .set({ stock: sql`stock + ${by}` })
    .where('id', '=', id)
    .where(sql<boolean>`stock + ${by} >= 0`)
    .returning('id')
    .executeTakeFirst();
  return Boolean(r);
}

export async function insertSlots(db: Db, itemId: string, slots: { startsAt: string; endsAt: string; capacity: number }[]) {
  if (slots.length === 0) return;
  await db
    .insertInto('catalog_slot')
    .values(slots.map((s) => ({ item_id: itemId, starts_at: s.startsAt, ends_at: s.endsAt, capacity: s.capacity })))
    .execute();
}

/** Take units off the shelf: one statement, so stock can never go below zero however many race. */
export async function takeStock(db: Db, itemId: string, quantity: number): Promise<boolean> {
  const r = await db
    .updateTable('catalog_item')
    .set({ stock: sql`stock - ${quantity}` })
    .where('id', '=', itemId)
    .where('stock', '>=', quantity)
    .returning('id')
    .executeTakeFirst();
  return Boolean(r);
}

/** Book places in a time slot (venue time now, rooms later): the same single-statement guard. */
export async function takeSlot(db: Db, slotId: string, itemId: string, quantity: number): Promise<boolean> {
  const r = await db
    .updateTable('catalog_slot')
    .set({ taken: sql`taken + ${quantity}` })
    .where('id', '=', slotId)
    .where('item_id', '=', itemId)
    .where(sql<boolean>`taken + ${quantity} <= capacity`)
    .where('starts_at', '>', sql<Date>`now()`)
    .returning('id')
    .executeTakeFirst();
  return Boolean(r);
}

export async function releaseSlot(db: Db, slotId: string, quantity: number): Promise<void> {
  await db
    .updateTable('catalog_slot')
    .set({ taken: sql`greatest(taken - ${quantity}, 0)` })
    .where('id', '=', slotId)
    .execute();
}

export async function getSlot(db: Db, id: string) {
  return db.selectFrom('catalog_slot').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function photoOf(db: Db, itemId: string) {
  return db
    .selectFrom('catalog_item as ci')
    .innerJoin('attachment as a', 'a.id', 'ci.photo_id')
    .select(['a.content_type', 'a.bytes', 'ci.town_id', 'ci.status', 'ci.merchant_id'])
    .where('ci.id', '=', itemId)
    .executeTakeFirst();
}

export async function ownPhoto(db: Db, accountId: string, id: string) {
  return db
    .selectFrom('attachment')
    .select('id')
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .where('kind', '=', 'photo')
    .executeTakeFirst();
}

// ------------------------------------------------------------------ redemptions

export type RedemptionRow = Selectable<DB['redemption']> & {
  item_title: string;
  kind: Selectable<DB['catalog_item']>['kind'];
  collect_at: string;
  merchant_name: string;
  merchant_region_id: string;
  volunteer_name: string;
  volunteer_account_id: string;
  verified_name: string | null;
};

function redemptionsQuery(db: Db) {
  return db
    .selectFrom('redemption as r')
    .innerJoin('catalog_item as ci', 'ci.id', 'r.item_id')
    .innerJoin('merchant as m', 'm.id', 'r.merchant_id')
    .innerJoin('volunteer as v', 'v.id', 'r.volunteer_id')
    .leftJoin('account as vb', 'vb.id', 'r.verified_by')
    .selectAll('r')
    .select([
      'ci.title as item_title',
      'ci.kind',
      'ci.collect_at',
      'm.name as merchant_name',
      'm.region_id as merchant_region_id',
      'v.name as volunteer_name',
      'v.account_id as volunteer_account_id',
      'vb.name as verified_name',
    ]);
}

export async function getRedemption(db: Db, id: string): Promise<RedemptionRow | undefined> {
  return (await redemptionsQuery(db).where('r.id', '=', id).executeTakeFirst()) as RedemptionRow | undefined;
}

export async function lockRedemption(db: Db, id: string) {
  return db.selectFrom('redemption').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The merchant's most recent redemption with this code (a code is reused only after it closed). */
export async function redemptionByCode(db: Db, townId: string, merchantId: string, code: string): Promise<RedemptionRow | undefined> {
  return (await redemptionsQuery(db)
    .where('r.town_id', '=', townId)
    .where('r.code', '=', code)
    .where('r.merchant_id', '=', merchantId)
    .orderBy(sql`r.status = 'held'`, 'desc')
    .orderBy('r.created_at', 'desc')
    .executeTakeFirst()) as RedemptionRow | undefined;
}

export async function listRedemptions(
  db: Db,
  f: {
    volunteerId?: string;
    merchantId?: string;
    scope?: Scope;
    status?: Selectable<DB['redemption']>['status'];
    limit: number;
    offset: number;
  },
): Promise<{ rows: RedemptionRow[]; total: number }> {
  let q = redemptionsQuery(db);
  if (f.volunteerId) q = q.where('r.volunteer_id', '=', f.volunteerId);
  if (f.merchantId) q = q.where('r.merchant_id', '=', f.merchantId);
  if (f.scope) q = q.where(f.scope.regionIn(sql.ref('m.region_id')));
  if (f.status) q = q.where('r.status', '=', f.status);
  const total = await q
    .clearSelect()
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await q.orderBy('r.created_at', 'desc').orderBy('r.id').limit(f.limit).offset(f.offset).execute();
  return { rows: rows as RedemptionRow[], total: Number(total.n) };
}

/** Units of an item a volunteer holds or has had verified (the per-person limit counts both). */
export async function quantityTaken(db: Db, itemId: string, volunteerIds: string[]): Promise<Map<string, number>> {
  if (volunteerIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('redemption')
    .select(['volunteer_id', sql<string>`sum(quantity)`.as('n')])
    .where('item_id', '=', itemId)
    .where('volunteer_id', 'in', volunteerIds)
    .where('status', 'in', ['held', 'verified'])
    .groupBy('volunteer_id')
    .execute();
  return new Map(rows.map((r) => [r.volunteer_id, Number(r.n)]));
}

export async function takenByVolunteer(db: Db, volunteerId: string, itemIds: string[]): Promise<Map<string, number>> {
  if (itemIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('redemption')
    .select(['item_id', sql<string>`sum(quantity)`.as('n')])
    .where('volunteer_id', '=', volunteerId)
    .where('item_id', 'in', itemIds)
    .where('status', 'in', ['held', 'verified'])
    .groupBy('item_id')
    .execute();
  return new Map(rows.map((r) => [r.item_id, Number(r.n)]));
}

/** Insert with a fresh code; null if the code is taken by a live redemption (the caller draws again). */
export async function insertRedemption(db: Db, v: Insertable<DB['redemption']>): Promise<string | null> {
  const r = await sql<{ id: string }>`
    insert into redemption (town_id, item_id, merchant_id, volunteer_id, slot_id, quantity, points, code, expires_at)
    values (${v.town_id}, ${v.item_id}, ${v.merchant_id}, ${v.volunteer_id}, ${v.slot_id ?? null}, ${v.quantity}, ${v.points}, ${v.code}, ${v.expires_at})
    on conflict (town_id, code) where status = 'held' do nothing
    returning id`.execute(db);
  return r.rows[0]?.id ?? null;
}

export async function closeRedemption(
  db: Db,
  id: string,
  v: { status: 'verified' | 'expired' | 'cancelled'; verified_by?: string | null; at: Date },
): Promise<void> {
  await db
    .updateTable('redemption')
    .set({
      status: v.status,
      closed_at: v.at,
      ...(v.status === 'verified' ? { verified_at: v.at, verified_by: v.verified_by ?? null } : {}),
    })
    .where('id', '=', id)
    .execute();
}
