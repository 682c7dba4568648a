import { sql, type Kysely } from 'kysely';
import { DEFAULT_ACTIVITY_CATEGORIES, DEFAULT_CARE_TAGS, DEFAULT_HELP_CATEGORIES } from '@tongxin/shared';
import type { DB, RegionRow } from '../../platform/db/schema.js';
import type { Scope } from '../../platform/scope.js';

export type RegionWithCount = RegionRow & { child_count: number };

function selectRegions(db: Kysely<DB>) {
  return db
    .selectFrom('region')
    .selectAll('region')
    .select((eb) =>
      eb
        .selectFrom('region as child')
        .select((c) => c.fn.countAll<number>().as('n'))
        .whereRef('child.parent_id', '=', 'region.id')
        .as('child_count'),
    );
}

function withCount(rows: Array<RegionRow & { child_count: number | string | null }>): RegionWithCount[] {
  return rows.map((r) => ({ ...r, child_count: Number(r.child_count ?? 0) }));
}

export async function findRegionsInScope(db: Kysely<DB>, scope: Scope): Promise<RegionWithCount[]> {
  return withCount(
    await selectRegions(db)
      .where((eb) => scope.pathIn(eb.ref('region.path')))
      .orderBy('region.path')
      .execute(),
  );
}

export async function findChildren(db: Kysely<DB>, scope: Scope, parentId: string): Promise<RegionWithCount[]> {
  return withCount(
    await selectRegions(db)
      .where('region.parent_id', '=', parentId)
      .where((eb) => scope.pathIn(eb.ref('region.path')))
      .orderBy(sql`region.code nulls last`)
      .orderBy('region.created_at')
      .orderBy('region.id')
      .execute(),
  );
}

export async function getRegionById(db: Kysely<DB>, scope: Scope, id: string): Promise<RegionWithCount | undefined> {
  const rows = await selectRegions(db)
    .where('region.id', '=', id)
    .where((eb) => scope.pathIn(eb.ref('region.path')))
    .execute();
  return withCount(rows)[0];
}

/** Serialise structural changes of one town's tree: creates, moves and deletes never interleave. */
export async function lockTownTree(trx: Kysely<DB>, townId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${'region-tree:' + townId}))`.execute(trx);
}

export async function getTownLevelNames(db: Kysely<DB>, townIds: string[]): Promise<Record<string, string[]>> {
  if (townIds.length === 0) return {};
  const rows = await db.selectFrom('town').select(['id', 'level_names']).where('id', 'in', townIds).execute();
  return Object.fromEntries(rows.map((r) => [r.id, r.level_names]));
}

export async function insertRegion(
  trx: Kysely<DB>,
  values: Pick<RegionRow, 'id' | 'town_id' | 'parent_id' | 'depth' | 'path' | 'name' | 'code' | 'centre_lng' | 'centre_lat'> & {
    boundary: string | null;
  },
): Promise<void> {
  await trx.insertInto('region').values(values).execute();
}

export async function updateRegion(
  trx: Kysely<DB>,
  id: string,
  patch: Partial<Pick<RegionRow, 'name' | 'code' | 'centre_lng' | 'centre_lat'>> & { boundary?: string | null },
): Promise<void> {
  await trx
    .updateTable('region')
    .set({ ...patch, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .execute();
}

/** Re-root a subtree: every path under the old prefix gets the new prefix. */
export async function movePaths(trx: Kysely<DB>, oldPrefix: string, newPrefix: string): Promise<void> {
  await trx
    .updateTable('region')
    .set({
      path: sql`${newPrefix}::text || substr(path, ${oldPrefix.length + 1})`,
      updated_at: new Date(),
      version: sql`version + 1`,
    })
    .where('path', 'like', `${oldPrefix}%`)
    .execute();
}

export async function setParent(trx: Kysely<DB>, id: string, parentId: string): Promise<void> {
  await trx.updateTable('region').set({ parent_id: parentId }).where('id', '=', id).execute();
}

export async function deleteRegion(trx: Kysely<DB>, id: string): Promise<void> {
  await trx.deleteFrom('region').where('id', '=', id).execute();
}

/** Names of regions by id with the names of their ancestors, for labels like 青樵镇 / 上金湾社区. */
export async function describeRegions(
  db: Kysely<DB>,
  ids: string[],
): Promise<Map<string, { name: string; pathNames: string[]; depth: number; levelName: string; townId: string; path: string }>> {
  const out = new Map<string, { name: string; pathNames: string[]; depth: number; levelName: string; townId: string; path: string }>();
  if (ids.length === 0) return out;
  const nodes = await db
    .selectFrom('region')
    .innerJoin('town', 'town.id', 'region.town_id')
    .select(['region.id', 'region.name', 'region.path', 'region.depth', 'region.town_id', 'town.level_names'])
    .where('region.id', 'in', [...new Set(ids)])
    .execute();
  // None found (an unknown id): no ancestors to name, and `in ()` is not SQL.
  if (nodes.length === 0) return out;
  const ancestorIds = new Set(nodes.flatMap((n) => n.path.split('/').filter(Boolean)));
  const names = new Map(
    (
      await db
        .selectFrom('region')
        .select(['id', 'name'])
        .where('id', 'in', [...ancestorIds])
        .execute()
    ).map((r) => [r.id, r.name]),
  );
  for (const n of nodes) {
    out.set(n.id, {
      name: n.name,
      path: n.path,
      depth: n.depth,
      townId: n.town_id,
      levelName: n.level_names[n.depth] ?? `L${n.depth}`,
      pathNames: n.path
        .split('/')
        .filter(Boolean)
        .map((id) => names.get(id) ?? '?'),
    });
  }
  return out;
}

/** A town and its root region node (same id), e.g. from the demo seed or an operator's script. */
export async function insertTown(
  trx: Kysely<DB>,
  town: { id: string; name: string; levelNames: string[]; code?: string | null; centre?: { lng: number; lat: number } | null },
): Promise<void> {
  await trx.insertInto('town').values({ id: town.id, name: town.name, level_names: town.levelNames }).execute();
  await trx
    .insertInto('region')
    .values({
      id: town.id,
      town_id: town.id,
      parent_id: null,
      depth: 0,
      path: `/${town.id}/`,
      name: town.name,
      code: town.code ?? null,
      centre_lng: town.centre?.lng ?? null,
      centre_lat: town.centre?.lat ?? null,
    })
    .execute();
  // Every town starts with the common care tags; a town admin edits its own list.
  await trx
    .insertInto('care_tag')
    .values(DEFAULT_CARE_TAGS.map((t, i) => ({ town_id: town.id, code: t.code, label: t.label, sort: i + 1 })))
    .execute();
  await trx
    .insertInto('activity_category')
    .values(DEFAULT_ACTIVITY_CATEGORIES.map((c, i) => ({ town_id: town.id, code: c.code, label: c.label, sort: i + 1 })))
    .execute();
  await trx
    .insertInto('help_category')
    .values(
      DEFAULT_HELP_CATEGORIES.map((c, i) => ({
        town_id: town.id,
        code: c.code,
        label: c.label,
        accept_amount: c.accept[0],
        accept_unit: c.accept[1],
        claim_amount: c.claim[0],
        claim_unit: c.claim[1],
        complete_amount: c.complete[0],
        complete_unit: c.complete[1],
        sort: i + 1,
      })),
    )
    .execute();
}

export async function countTowns(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('town')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The town's time zone (its calendar day, its wall-clock times). */
export async function townTimezone(db: Kysely<DB>, townId: string): Promise<string> {
  const t = await db.selectFrom('town').select('timezone').where('id', '=', townId).executeTakeFirst();
  return t?.timezone ?? 'Asia/Shanghai';
}

export async function getTown(db: Kysely<DB>, id: string) {
  return db.selectFrom('town').select(['id', 'name', 'level_names', 'timezone']).where('id', '=', id).executeTakeFirst();
}

/** The deepest level any node of the town uses (0 when only the root exists). */
export async function getDeepestLevel(db: Kysely<DB>, townId: string): Promise<number> {
  const row = await db
    .selectFrom('region')
    .select((eb) => eb.fn.max('depth').as('deepest'))
    .where('town_id', '=', townId)
    .executeTakeFirst();
  return Number(row?.deepest ?? 0);
}

export async function updateTown(trx: Kysely<DB>, id: string, patch: { name?: string; level_names?: string[] }): Promise<void> {
  await trx.updateTable('town').set(patch).where('id', '=', id).execute();
  // The town's root node carries the same name.
  if (patch.name !== undefined) {
    await trx
      .updateTable('region')
      .set({ name: patch.name, updated_at: new Date(), version: sql`version + 1` })
      .where('id', '=', id)
      .execute();
  }
}
