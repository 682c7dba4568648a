import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { Scope } from '../../platform/scope.js';
import { escapeLike } from '../people/index.js';

// ------------------------------------------------------------------ pairings

export function pairings(db: Kysely<DB>) {
  return db
    .selectFrom('pairing')
    .innerJoin('region as community', 'community.id', 'pairing.community_id')
    .leftJoin('team as community_team', 'community_team.id', 'pairing.community_team_id')
    .leftJoin('team as partner_team', 'partner_team.id', 'pairing.partner_team_id')
    .leftJoin('account as mentor', 'mentor.id', 'pairing.mentor_account_id')
    .leftJoin('account as provider_account', 'provider_account.id', 'pairing.provider_account_id')
    .leftJoin('account as creator', 'creator.id', 'pairing.created_by')
    .selectAll('pairing')
    .select([
      'community.name as community_name',
      'community.path as community_path',
      'community_team.name as community_team_name',
      'partner_team.name as partner_team_name',
      'mentor.name as mentor_name',
      'provider_account.name as provider_account_name',
      'creator.name as created_by_name',
    ]);
}
export type PairingRow = Awaited<ReturnType<ReturnType<typeof pairings>['executeTakeFirstOrThrow']>>;

export interface PairingFilters {
  /** Communities inside this path, or the community holding it. */
  regionPath?: string;
  kind?: string;
  status?: 'active' | 'ended' | 'upcoming';
  /** The day `status` is judged on. */
  today: string;
  q?: string;
  communityIds?: string[];
}

export async function listPairings(db: Kysely<DB>, scope: Scope, f: PairingFilters): Promise<PairingRow[]> {
  let q = pairings(db).where((eb) => scope.regionIn(eb.ref('pairing.community_id')));
  if (f.regionPath) {
    const p = f.regionPath;
    q = q.where((eb) => eb.or([eb('community.path', 'like', `${p}%`), eb(eb.val(p), 'like', sql<string>`community.path || '%'`)]));
  }
  if (f.communityIds) q = f.communityIds.length ? q.where('pairing.community_id', 'in', f.communityIds) : q.where(sql<boolean>`false`);
  if (f.kind) q = q.where('pairing.kind', '=', f.kind);
  if (f.status === 'active')
    q = q
      .where('pairing.start_date', '<=', f.today)
      .where((eb) => eb.or([eb('pairing.end_date', 'is', null), eb('pairing.end_date', '>=', f.today)]));
  if (f.status === 'ended') q = q.where('pairing.end_date', '<', f.today);
  if (f.status === 'upcoming') q = q.where('pairing.start_date', '>', f.today);
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    q = q.where((eb) =>
      eb.or([
        eb('community.name', 'like', like),
        eb('partner_team.name', 'like', like),
        eb('mentor.name', 'like', like),
        eb('pairing.provider_name', 'like', like),
      ]),
    );
  }
  return q
    .orderBy(sql`community.code nulls last`)
    .orderBy('community.created_at')
    .orderBy(sql`case pairing.kind when 'team' then 0 when 'mentor' then 1 else 2 end`)
    .orderBy('pairing.start_date', 'desc')
    .orderBy('pairing.created_at')
    .limit(2000)
    .execute();
}

export async function getPairingInScope(db: Kysely<DB>, scope: Scope, id: string): Promise<PairingRow | undefined> {
  return pairings(db)
    .where('pairing.id', '=', id)
    .where((eb) => scope.regionIn(eb.ref('pairing.community_id')))
    .executeTakeFirst();
}

export async function themesOf(db: Kysely<DB>, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('pairing_theme').selectAll().where('pairing_id', 'in', ids).orderBy('month').execute();
}

export async function listsOf(db: Kysely<DB>, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('pairing_quarter_list')
    .leftJoin('account', 'account.id', 'pairing_quarter_list.updated_by')
    .selectAll('pairing_quarter_list')
    .select('account.name as updated_by_name')
    .where('pairing_quarter_list.pairing_id', 'in', ids)
    .orderBy('pairing_quarter_list.quarter')
    .execute();
}

/** Another pairing of the community with the same partner whose period overlaps [start, end]. */
export async function overlapping(
  db: Kysely<DB>,
  p: {
    communityId: string;
    kind: string;
    partnerTeamId: string | null;
    mentorAccountId: string | null;
    providerName: string | null;
    start: string;
    end: string | null;
    excludeId?: string;
  },
) {
  let q = db
    .selectFrom('pairing')
    .select('id')
    .where('community_id', '=', p.communityId)
    .where('kind', '=', p.kind)
    .where('start_date', '<=', sql<string>`coalesce(${p.end}::date, 'infinity'::date)`)
    .where(sql<boolean>`coalesce(end_date, 'infinity'::date) >= ${p.start}::date`);
  if (p.kind === 'team') q = q.where('partner_team_id', '=', p.partnerTeamId);
  if (p.kind === 'mentor') q = q.where('mentor_account_id', '=', p.mentorAccountId);
  if (p.kind === 'resource') q = q.where('provider_name', '=', p.providerName);
  if (p.excludeId) q = q.where('id', '!=', p.excludeId);
  return q.executeTakeFirst();
}

/** Serialise pairing writes of one community (the overlap check, then the insert). */
export async function lockCommunity(db: Kysely<DB>, communityId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`pairing:${communityId}`}))`.execute(db);
}

// ------------------------------------------------------------------ places, teams, accounts

export async function regionWithTown(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('region')
    .innerJoin('town', 'town.id', 'region.town_id')
    .select(['region.id', 'region.name', 'region.path', 'region.depth', 'region.town_id', 'town.timezone'])
    .where('region.id', '=', id)
    .executeTakeFirst();
}

export async function timezones(db: Kysely<DB>, townIds: string[]): Promise<Map<string, string>> {
  if (townIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('town')
    .select(['id', 'timezone'])
    .where('id', 'in', [...new Set(townIds)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.timezone]));
}

export async function getTeam(db: Kysely<DB>, id: string) {
  return db.selectFrom('team').select(['id', 'town_id', 'kind', 'name', 'region_id']).where('id', '=', id).executeTakeFirst();
}

export async function communityTeamOf(db: Kysely<DB>, communityId: string) {
  return db
    .selectFrom('team')
    .select(['id', 'town_id', 'kind', 'name', 'region_id'])
    .where('region_id', '=', communityId)
    .where('kind', '=', 'community')
    .executeTakeFirst();
}

export async function accountInTown(db: Kysely<DB>, id: string, townId: string) {
  return db.selectFrom('account').select('id').where('id', '=', id).where('town_id', '=', townId).executeTakeFirst();
}

/** Accounts of the town whose name matches, for choosing a mentor. */
export async function findAccounts(db: Kysely<DB>, townId: string, q: string | undefined) {
  let query = db
    .selectFrom('account')
    .innerJoin('region', 'region.id', 'account.home_region_id')
    .select(['account.id', 'account.name', 'account.mobile_masked', 'account.home_region_id'])
    .where('account.town_id', '=', townId)
    .where('account.disabled', '=', false);
  if (q) query = query.where('account.name', 'like', `%${escapeLike(q)}%`);
  return query.orderBy('account.name').orderBy('account.id').limit(20).execute();
}

// ------------------------------------------------------------------ coverage

/** The villages and communities (depth 1) in scope, inside regionPath or holding it. */
export async function communitiesInScope(db: Kysely<DB>, scope: Scope, regionPath?: string) {
  let q = db
    .selectFrom('region')
    .select(['region.id', 'region.name', 'region.path', 'region.town_id'])
    .where('region.depth', '=', 1)
    .where((eb) => scope.pathIn(eb.ref('region.path')));
  if (regionPath) {
    const p = regionPath;
    q = q.where((eb) => eb.or([eb('region.path', 'like', `${p}%`), eb(eb.val(p), 'like', sql<string>`region.path || '%'`)]));
  }
  return q
    .orderBy(sql`region.code nulls last`)
    .orderBy('region.created_at')
    .orderBy('region.id')
    .execute();
}

export async function communityTeams(db: Kysely<DB>, communityIds: string[]) {
  if (communityIds.length === 0) return [];
  return db
    .selectFrom('team')
    .select(['id', 'name', 'region_id'])
    .where('kind', '=', 'community')
    .where('region_id', 'in', communityIds)
    .execute();
}

/** Pairings of these communities in force on the day. */
export async function pairingsActiveOn(db: Kysely<DB>, communityIds: string[], date: string) {
  if (communityIds.length === 0) return [];
  return db
    .selectFrom('pairing')
    .leftJoin('team as partner_team', 'partner_team.id', 'pairing.partner_team_id')
    .leftJoin('account as mentor', 'mentor.id', 'pairing.mentor_account_id')
    .select([
      'pairing.id',
      'pairing.community_id',
      'pairing.kind',
      'pairing.partner_team_id',
      'pairing.provider_name',
      'partner_team.name as partner_team_name',
      'mentor.name as mentor_name',
    ])
    .where('pairing.community_id', 'in', communityIds)
    .where('pairing.start_date', '<=', date)
    .where((eb) => eb.or([eb('pairing.end_date', 'is', null), eb('pairing.end_date', '>=', date)]))
    .orderBy('pairing.start_date')
    .orderBy('pairing.created_at')
    .execute();
}

/**
 * Scheduled occurrences of published activities in each community's subtree starting within
 * [from, to) (one local day), with the teams that run them.
 */
export async function occurrencesBetween(db: Kysely<DB>, communityIds: string[], from: Date, to: Date) {
  if (communityIds.length === 0) return [];
  return db
    .selectFrom('activity_occurrence as o')
    .innerJoin('activity as a', 'a.id', 'o.activity_id')
    .innerJoin('region as r', 'r.id', 'o.region_id')
    .innerJoin('region as c', (j) => j.on(sql<boolean>`r.path like c.path || '%'`))
    .select(['c.id as community_id', 'o.id', 'o.activity_id', 'a.title', 'o.starts_at', 'a.organiser_team_id', 'a.partner_team_id'])
    .where('c.id', 'in', communityIds)
    .where('o.status', '=', 'scheduled')
    .where('a.status', '=', 'published')
    .where('o.starts_at', '>=', from)
    .where('o.starts_at', '<', to)
    .orderBy('o.starts_at')
    .execute();
}

/** Communities with a non-empty needs-and-services list of a team pairing for the quarter. */
export async function communitiesWithList(db: Kysely<DB>, communityIds: string[], quarter: string): Promise<Set<string>> {
  if (communityIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('pairing_quarter_list as l')
    .innerJoin('pairing as p', 'p.id', 'l.pairing_id')
    .select('p.community_id')
    .distinct()
    .where('p.community_id', 'in', communityIds)
    .where('p.kind', '=', 'team')
    .where('l.quarter', '=', quarter)
    .where(sql<boolean>`(cardinality(l.need_list) > 0 or cardinality(l.service_list) > 0)`)
    .execute();
  return new Set(rows.map((r) => r.community_id));
}

/** The month's theme of each community's team pairings (earliest pairing first). */
export async function themesFor(db: Kysely<DB>, communityIds: string[], month: string) {
  if (communityIds.length === 0) return [];
  return db
    .selectFrom('pairing_theme as t')
    .innerJoin('pairing as p', 'p.id', 't.pairing_id')
    .select(['p.community_id', 't.theme'])
    .where('p.community_id', 'in', communityIds)
    .where('p.kind', '=', 'team')
    .where('t.month', '=', month)
    .orderBy('p.start_date')
    .orderBy('p.created_at')
    .execute();
}

/** Practical matters solved between from and to (inclusive), per community. */
export async function solvedCounts(db: Kysely<DB>, communityIds: string[], from: string, to: string): Promise<Map<string, number>> {
  if (communityIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('practical_matter')
    .select(['community_id', sql<string>`count(*)`.as('n')])
    .where('community_id', 'in', communityIds)
    .where('solved_on', '>=', from)
    .where('solved_on', '<=', to)
    .groupBy('community_id')
    .execute();
  return new Map(rows.map((r) => [r.community_id, Number(r.n)]));
}

// ------------------------------------------------------------------ practical matters

export function matters(db: Kysely<DB>) {
  return db
    .selectFrom('practical_matter')
    .innerJoin('region as community', 'community.id', 'practical_matter.community_id')
    .leftJoin('account as creator', 'creator.id', 'practical_matter.created_by')
    .selectAll('practical_matter')
    .select(['community.name as community_name', 'creator.name as created_by_name']);
}
export type MatterRow = Awaited<ReturnType<ReturnType<typeof matters>['executeTakeFirstOrThrow']>>;

export async function listMatters(db: Kysely<DB>, scope: Scope, f: { regionPath?: string; from?: string; to?: string }) {
  let q = matters(db).where((eb) => scope.regionIn(eb.ref('practical_matter.community_id')));
  if (f.regionPath) {
    const p = f.regionPath;
    q = q.where((eb) => eb.or([eb('community.path', 'like', `${p}%`), eb(eb.val(p), 'like', sql<string>`community.path || '%'`)]));
  }
  if (f.from && f.to) q = q.where('practical_matter.solved_on', '>=', f.from).where('practical_matter.solved_on', '<=', f.to);
  return q
    .orderBy(sql`practical_matter.solved_on desc nulls first`)
    .orderBy('practical_matter.created_at', 'desc')
    .limit(2000)
    .execute();
}

export async function getMatterInScope(db: Kysely<DB>, scope: Scope, id: string): Promise<MatterRow | undefined> {
  return matters(db)
    .where('practical_matter.id', '=', id)
    .where((eb) => scope.regionIn(eb.ref('practical_matter.community_id')))
    .executeTakeFirst();
}
