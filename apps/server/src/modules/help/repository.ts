import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { HelpPool, HelpStatus } from '@tongxin/shared';
import type { DB, HelpRequestTable } from '../../platform/db/schema.js';
import { countUpTo } from '../../platform/db/count.js';
import type { Scope } from '../../platform/scope.js';

type Db = Kysely<DB>;
export type HelpRow = Selectable<HelpRequestTable> & { region_path: string };

// ------------------------------------------------------------------ categories

export async function listCategories(db: Db, townId: string) {
  return db.selectFrom('help_category').selectAll().where('town_id', '=', townId).orderBy('sort').orderBy('code').execute();
}

export async function getCategory(db: Db, townId: string, code: string) {
  return db.selectFrom('help_category').selectAll().where('town_id', '=', townId).where('code', '=', code).executeTakeFirst();
}

export async function updateCategory(db: Db, townId: string, code: string, set: Updateable<DB['help_category']>) {
  return db.updateTable('help_category').set(set).where('town_id', '=', townId).where('code', '=', code).returningAll().executeTakeFirst();
}

// ------------------------------------------------------------------ requests

const requestColumns = (db: Db) =>
  db.selectFrom('help_request as hr').innerJoin('region as rr', 'rr.id', 'hr.region_id').selectAll('hr').select('rr.path as region_path');

export async function getRequest(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<HelpRow | undefined> {
  let q = requestColumns(db).where('hr.id', '=', id);
  if (opts.forUpdate) q = q.forUpdate('hr');
  return q.executeTakeFirst();
}

export async function insertRequest(db: Db, values: Insertable<DB['help_request']>) {
  return db.insertInto('help_request').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function nextNumber(db: Db, townId: string, day: string): Promise<number> {
  const row = await db
    .insertInto('help_counter')
    .values({ town_id: townId, day, last: 1 })
    .onConflict((oc) => oc.columns(['town_id', 'day']).doUpdateSet({ last: sql`help_counter.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return row.last;
}

/**
 * Move a request from one of `from` to its next state in one conditional UPDATE: the row lock and
 * the status check are one step, so of two people acting at once exactly one wins.
 */
export async function transition(
  db: Db,
  id: string,
  from: readonly HelpStatus[],
  set: Updateable<DB['help_request']>,
  extra?: (q: ReturnType<typeof baseUpdate>) => ReturnType<typeof baseUpdate>,
) {
  let q = baseUpdate(db, id, from, set);
  if (extra) q = extra(q);
  return q.returning(['id', 'status']).executeTakeFirst();
}

function baseUpdate(db: Db, id: string, from: readonly HelpStatus[], set: Updateable<DB['help_request']>) {
  return db
    .updateTable('help_request')
    .set({ ...set, version: sql`version + 1`, updated_at: sql`clock_timestamp()` })
    .where('id', '=', id)
    .where('status', 'in', [...from]);
}

/**
 * The claim: the request row is taken with SKIP LOCKED, so of hundreds tapping at once the first
 * to lock it wins and the rest learn at once that it is gone instead of queueing behind the winner.
 */
export async function claim(db: Db, id: string, volunteerId: string, at: Date, completeDueAt: Date) {
  const r = await sql<{ id: string }>`
    update help_request
       set status = 'claimed', claimant_volunteer_id = ${volunteerId}, claimed_at = ${at},
           complete_due_at = ${completeDueAt}, overdue_since = null,
           version = version + 1, updated_at = clock_timestamp()
     where id = (select id from help_request
                  where id = ${id} and status in ('open', 'assigned')
                  for update skip locked)
       and status in ('open', 'assigned')
    returning id`.execute(db);
  return r.rows[0];
}

export async function addEvent(
  db: Db,
  e: {
    townId: string;
    requestId: string;
    action: string;
    from: string | null;
    to: string | null;
    actorId: string | null;
    actorName: string | null;
    reason?: string | null;
    data?: unknown;
    at: Date;
  },
) {
  await db
    .insertInto('help_event')
    .values({
      town_id: e.townId,
      request_id: e.requestId,
      action: e.action,
      from_status: e.from,
      to_status: e.to,
      actor_account_id: e.actorId,
      actor_name: e.actorName,
      reason: e.reason ?? null,
      data: e.data === undefined ? null : JSON.stringify(e.data),
      at: e.at,
    })
    .execute();
}

export async function timeline(db: Db, requestId: string) {
  return db.selectFrom('help_event').selectAll().where('request_id', '=', requestId).orderBy('seq').execute();
}

export interface ListFilter {
  statuses?: readonly string[];
  regionPath?: string;
  category?: string;
  overdue?: boolean;
  q?: string;
  limit: number;
  offset: number;
}

export async function listInScope(db: Db, wholeScope: Scope, f: ListFilter) {
  const scope = wholeScope.within(f.regionPath);
  // The town first: `help_request_town_created_idx` then serves the page in order (migration 0013).
  let q = requestColumns(db)
    .where(scope.townIn(sql.ref('hr.town_id')))
    .where(scope.pathIn(sql.ref('rr.path')));
  if (f.statuses?.length) q = q.where('hr.status', 'in', [...f.statuses]);
  if (f.category) q = q.where('hr.category', '=', f.category);
  if (f.overdue) q = q.where('hr.overdue_since', 'is not', null);
  if (f.q) {
    const like = `%${f.q}%`;
    q = q.where((eb) => eb.or([eb('hr.no', 'ilike', like), eb('hr.description', 'ilike', like), eb('hr.requester_name', 'like', like)]));
  }
  const [rows, counted] = await Promise.all([
    q.orderBy('hr.created_at', 'desc').orderBy('hr.id').limit(f.limit).offset(f.offset).execute(),
    countUpTo(db, q),
  ]);
  return { rows, ...counted };
}

export async function listMine(db: Db, accountId: string, statuses: readonly string[]) {
  return requestColumns(db)
    .where((eb) => eb.or([eb('hr.requester_account_id', '=', accountId), eb('hr.filed_by', '=', accountId)]))
    .where('hr.status', 'in', [...statuses])
    .orderBy('hr.created_at', 'desc')
    .limit(200)
    .execute();
}

export async function listServed(db: Db, volunteerId: string, statuses: readonly string[]) {
  return requestColumns(db)
    .where((eb) => eb.or([eb('hr.claimant_volunteer_id', '=', volunteerId), eb('hr.assignee_volunteer_id', '=', volunteerId)]))
    .where('hr.status', 'in', [...statuses])
    .orderBy('hr.updated_at', 'desc')
    .limit(200)
    .execute();
}

// ------------------------------------------------------------------ who is who

export interface VolunteerSelf {
  id: string;
  name: string;
  regionPath: string;
  /** Paths of the party organisations the volunteer belongs to (a grid's party group sits on the grid). */
  partyPaths: string[];
  /** Communities the volunteer reported to as an in-work party member (双报到). */
  reportedTo: string[];
  teamIds: string[];
}

/** The caller as a volunteer who may claim: approved, with their places, party ties and teams. One query. */
export async function volunteerSelf(db: Db, accountId: string, townId: string): Promise<VolunteerSelf | null> {
  const row = await db
    .selectFrom('volunteer as v')
    .innerJoin('region as vr', 'vr.id', 'v.region_id')
    .select([
      'v.id',
      'v.name',
      'vr.path',
      sql<string[]>`coalesce((select array_agg(r.path) from party_member pm join region r on r.id = pm.region_id
                               where pm.account_id = v.account_id), '{}')`.as('party_paths'),
      sql<string[]>`coalesce((select array_agg(pm.report_region_id::text) from party_member pm
                               where pm.account_id = v.account_id and pm.report_region_id is not null), '{}')`.as('reported_to'),
      sql<string[]>`coalesce((select array_agg(tm.team_id::text) from team_member tm
                               where tm.volunteer_id = v.id and tm.status = 'active'), '{}')`.as('team_ids'),
    ])
    .where('v.account_id', '=', accountId)
    .where('v.town_id', '=', townId)
    .where('v.status', '=', 'approved')
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    regionPath: row.path,
    partyPaths: row.party_paths,
    reportedTo: row.reported_to,
    teamIds: row.team_ids,
  };
}

/**
 * Pool regions that reach a volunteer: every ancestor of their own node and of their party
 * organisations. A path is the chain of ancestor ids, so these are the ids on those paths.
 */
export function reachingRegionIds(v: VolunteerSelf): string[] {
  return [...new Set([v.regionPath, ...v.partyPaths].flatMap((path) => path.split('/').filter(Boolean)))];
}

/** A pool row, with what presenting it needs joined in (names, attachments). */
export interface PoolRow extends HelpRow {
  region_names: string[];
  pool_region_name: string | null;
  filed_by_name: string | null;
  files: Array<Pick<Selectable<DB['attachment']>, 'id' | 'kind' | 'stage'>>;
}

/** Open requests this volunteer may claim (and those assigned to them by name), oldest first. */
export async function pool(db: Db, townId: string, v: VolunteerSelf, limit: number): Promise<PoolRow[]> {
  const reach = reachingRegionIds(v);
  const top = db
    .selectFrom('help_request as hr')
    .innerJoin('region as rr', 'rr.id', 'hr.region_id')
    .selectAll('hr')
    .select('rr.path as region_path')
    .where('hr.town_id', '=', townId)
    .where((eb) =>
      eb.or([
        eb.and([eb('hr.status', '=', 'assigned'), eb('hr.assignee_volunteer_id', '=', v.id)]),
        eb.and([
          eb('hr.status', '=', 'open'),
          eb.or([
            v.teamIds.length ? eb.and([eb('hr.pool', '=', 'team'), eb('hr.team_id', 'in', v.teamIds)]) : sql<boolean>`false`,
            eb.and([
              eb('hr.pool', '<>', 'team'),
              eb.or([
                reach.length ? eb('hr.pool_region_id', 'in', reach) : sql<boolean>`false`,
                ...v.reportedTo.map((c) => eb('rr.path', 'like', `%/${c}/%`)),
              ]),
            ]),
          ]),
        ]),
      ]),
    )
    .orderBy('hr.created_at')
    .limit(limit);
  // The region names once per region (materialized), not once per row.
  const { rows } = await sql<Omit<PoolRow, 'files'> & { files: PoolRow['files'] | string }>`
    with top as (${top}), places as materialized (
      select r.id, array(
          select coalesce(n.name, '?') from unnest(string_to_array(trim(both '/' from r.path), '/')) with ordinality as q(id, k)
            left join region n on n.id = q.id::uuid order by q.k) as names
      from region r where r.id in (select region_id from top)
    )
    select top.*, p.names as region_names, fa.name as filed_by_name, pr.name as pool_region_name,
      coalesce((select json_agg(json_build_object('id', a.id, 'kind', a.kind, 'stage', a.stage) order by a.created_at)
        from attachment a where a.help_request_id = top.id), '[]') as files
    from top
      join places p on p.id = top.region_id
      left join account fa on fa.id = top.filed_by
      left join region pr on pr.id = top.pool_region_id
    order by top.created_at`.execute(db);
  return rows.map((r) => ({ ...r, files: typeof r.files === 'string' ? (JSON.parse(r.files) as PoolRow['files']) : r.files }));
}

export function communityIdOf(path: string): string | null {
  return path.split('/').filter(Boolean)[1] ?? null;
}

/** Accounts holding one of these roles on a node at or above the path (the grid's handlers, the community's admins). */
export async function roleHoldersAbove(db: Db, townId: string, roles: readonly string[], path: string): Promise<string[]> {
  const rows = await db
    .selectFrom('role_grant as g')
    .innerJoin('region as r', 'r.id', 'g.region_id')
    .innerJoin('account as a', 'a.id', 'g.account_id')
    .select('g.account_id')
    .distinct()
    .where('g.town_id', '=', townId)
    .where('g.role', 'in', [...roles])
    .where('a.disabled', '=', false)
    .where(sql<boolean>`${path} like r.path || '%'`)
    .execute();
  return rows.map((r) => r.account_id);
}

/**
 * Party members first (群众呼叫、党员报到): accounts of party members whose organisation sits in the
 * pool's region, and of those who reported to the request's community.
 */
export async function partyAccountsFor(db: Db, townId: string, poolPath: string, communityId: string | null): Promise<string[]> {
  const rows = await db
    .selectFrom('party_member as pm')
    .innerJoin('region as r', 'r.id', 'pm.region_id')
    .select('pm.account_id')
    .distinct()
    .where('pm.town_id', '=', townId)
    .where('pm.account_id', 'is not', null)
    .where((eb) => eb.or([eb('r.path', 'like', `${poolPath}%`), ...(communityId ? [eb('pm.report_region_id', '=', communityId)] : [])]))
    .limit(2000)
    .execute();
  return rows.map((r) => r.account_id!);
}

/** Approved volunteers living in the pool's region (or the team's active members). */
export async function volunteerAccountsFor(db: Db, townId: string, pool: HelpPool, poolPath: string | null, teamId: string | null) {
  let q = db
    .selectFrom('volunteer as v')
    .select('v.account_id')
    .distinct()
    .where('v.town_id', '=', townId)
    .where('v.status', '=', 'approved');
  if (pool === 'team') {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('team_member as tm')
          .select('tm.id')
          .whereRef('tm.volunteer_id', '=', 'v.id')
          .where('tm.team_id', '=', teamId!)
          .where('tm.status', '=', 'active'),
      ),
    );
  } else {
    q = q.innerJoin('region as vr', 'vr.id', 'v.region_id').where('vr.path', 'like', `${poolPath}%`);
  }
  const rows = await q.limit(2000).execute();
  return rows.map((r) => r.account_id);
}

export async function volunteerById(db: Db, townId: string, id: string) {
  return db
    .selectFrom('volunteer')
    .select(['id', 'name', 'account_id', 'status', 'region_id'])
    .where('id', '=', id)
    .where('town_id', '=', townId)
    .executeTakeFirst();
}

export async function namesOf(db: Db, volunteerIds: string[], teamIds: string[]) {
  const [vols, teams] = await Promise.all([
    volunteerIds.length
      ? db.selectFrom('volunteer').select(['id', 'name', 'account_id']).where('id', 'in', volunteerIds).execute()
      : Promise.resolve([]),
    teamIds.length ? db.selectFrom('team').select(['id', 'name']).where('id', 'in', teamIds).execute() : Promise.resolve([]),
  ]);
  return { volunteers: new Map(vols.map((v) => [v.id, v])), teams: new Map(teams.map((t) => [t.id, t])) };
}

export async function accountNames(db: Db, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db.selectFrom('account').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function attachmentsOf(db: Db, requestIds: string[]) {
  if (requestIds.length === 0) return [];
  return db
    .selectFrom('attachment')
    .select(['id', 'kind', 'stage', 'help_request_id'])
    .where('help_request_id', 'in', requestIds)
    .orderBy('created_at')
    .execute();
}

/** Link the caller's own, still unlinked uploads to a request; returns how many were linked. */
export async function linkAttachments(db: Db, ids: string[], accountId: string, requestId: string, stage: 'request' | 'done') {
  if (ids.length === 0) return 0;
  const r = await db
    .updateTable('attachment')
    .set({ help_request_id: requestId, stage })
    .where('id', 'in', ids)
    .where('account_id', '=', accountId)
    .where('help_request_id', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

// ------------------------------------------------------------------ attachments

export async function insertAttachment(db: Db, values: Insertable<DB['attachment']>) {
  return db.insertInto('attachment').values(values).returning(['id', 'kind', 'size']).executeTakeFirstOrThrow();
}

export async function getAttachment(db: Db, townId: string, id: string) {
  return db
    .selectFrom('attachment')
    .select(['content_type', 'bytes', 'account_id', 'help_request_id'])
    .where('id', '=', id)
    .where('town_id', '=', townId)
    .executeTakeFirst();
}

// ------------------------------------------------------------------ who asks, and where

const householdCols = ['h.id', 'h.region_id', 'h.address_cipher', 'h.address_masked', 'h.lat', 'h.lng'] as const;

/** A resident a grid worker files for, with their household and its region path. */
export async function residentWithHousehold(db: Db, townId: string, residentId: string) {
  return db
    .selectFrom('resident as r')
    .innerJoin('household as h', 'h.id', 'r.household_id')
    .innerJoin('region as hr', 'hr.id', 'h.region_id')
    .select([...householdCols, 'r.id as resident_id', 'r.name', 'r.mobile_cipher', 'r.mobile_masked', 'r.mobile_hash', 'hr.path'])
    .where('r.id', '=', residentId)
    .where('r.town_id', '=', townId)
    .executeTakeFirst();
}

/** A logged household visit, with the household it was made to. */
export async function contactWithHousehold(db: Db, townId: string, contactId: string) {
  return db
    .selectFrom('household_contact as c')
    .innerJoin('household as h', 'h.id', 'c.household_id')
    .select([...householdCols, 'c.account_id', 'c.follow_up'])
    .where('c.id', '=', contactId)
    .where('c.town_id', '=', townId)
    .executeTakeFirst();
}

export async function markContactFollowedUp(db: Db, contactId: string, requestId: string) {
  await db
    .updateTable('household_contact')
    .set({ follow_up: 'help_request', follow_up_ref: requestId })
    .where('id', '=', contactId)
    .execute();
}

/** The household's head (or its eldest member): the one asking when a visit turns into a request. */
export async function householdHead(db: Db, householdId: string) {
  return db
    .selectFrom('resident')
    .select(['id', 'name', 'mobile_cipher', 'mobile_masked', 'mobile_hash'])
    .where('household_id', '=', householdId)
    .orderBy((eb) => eb.case().when('relation_to_head', '=', '户主').then(0).else(1).end())
    .orderBy('birth_date')
    .limit(1)
    .executeTakeFirst();
}

/** The account with this mobile number in the town (residents and accounts hash numbers alike). */
export async function accountIdByMobileHash(db: Db, townId: string, mobileHash: string | null): Promise<string | null> {
  if (!mobileHash) return null;
  const row = await db
    .selectFrom('account')
    .select('id')
    .where('mobile_hash', '=', mobileHash)
    .where('town_id', '=', townId)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function accountSelf(db: Db, accountId: string) {
  return db
    .selectFrom('account')
    .select(['id', 'name', 'mobile_cipher', 'mobile_masked', 'mobile_hash', 'home_region_id'])
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
}

/** "My household": the household of the resident with the caller's mobile number. */
export async function householdOfMobile(db: Db, townId: string, mobileHash: string) {
  return db
    .selectFrom('resident as r')
    .innerJoin('household as h', 'h.id', 'r.household_id')
    .select([...householdCols, 'r.id as resident_id'])
    .where('r.town_id', '=', townId)
    .where('r.mobile_hash', '=', mobileHash)
    .limit(1)
    .executeTakeFirst();
}

// ------------------------------------------------------------------ small lookups and the record

export async function regionPath(db: Db, regionId: string) {
  return db.selectFrom('region').select('path').where('id', '=', regionId).executeTakeFirst();
}

export async function teamInTown(db: Db, townId: string, teamId: string) {
  return db.selectFrom('team').select(['id', 'name']).where('id', '=', teamId).where('town_id', '=', townId).executeTakeFirst();
}

export async function accountsOfVolunteers(db: Db, volunteerIds: string[]): Promise<string[]> {
  if (volunteerIds.length === 0) return [];
  const rows = await db.selectFrom('volunteer').select('account_id').where('id', 'in', volunteerIds).execute();
  return rows.map((r) => r.account_id);
}

export async function categoryLabelsOf(db: Db, townIds: string[]) {
  return db.selectFrom('help_category').select(['town_id', 'code', 'label']).where('town_id', 'in', townIds).execute();
}

/** The confirmed service record a closed request credits to its volunteer. */
export async function insertServiceRecord(db: Db, values: Insertable<DB['service_record']>) {
  return db.insertInto('service_record').values(values).returning('id').executeTakeFirstOrThrow();
}
