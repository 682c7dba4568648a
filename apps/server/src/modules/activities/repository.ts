import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { countUpTo } from '../../platform/db/count.js';
import type { Scope } from '../../platform/scope.js';
import { escapeLike } from '../people/index.js';

/** SQL only: activities, occurrences, capacity slots, sign-ups, attendance. */

const activityColumns = [
  'activity.id',
  'activity.town_id',
  'activity.region_id',
  'activity.organiser_team_id',
  'activity.partner_team_id',
  'activity.title',
  'activity.description',
  'activity.category',
  'activity.monthly_theme',
  'activity.site',
  'activity.lat',
  'activity.lng',
  'activity.geofence_m',
  'activity.capacity',
  'activity.eligibility',
  'activity.eligibility_team_id',
  'activity.eligibility_skill',
  'activity.insurance_required',
  'activity.first_date',
  'activity.start_time',
  'activity.end_time',
  'activity.rrule',
  'activity.until_date',
  'activity.status',
  'activity.created_by',
  'activity.created_at',
] as const;

export async function getActivity(db: Kysely<DB>, id: string) {
  return db.selectFrom('activity').select(activityColumns).where('activity.id', '=', id).executeTakeFirst();
}
export type ActivityRow = NonNullable<Awaited<ReturnType<typeof getActivity>>>;

export async function listActivities(
  db: Kysely<DB>,
  wholeScope: Scope,
  f: { regionPath?: string; teamId?: string; status?: string; category?: string; q?: string; limit: number; offset: number },
) {
  const scope = wholeScope.within(f.regionPath);
  let q = db.selectFrom('activity').where(scope.regionIn(sql.ref('activity.region_id')));
  if (f.teamId)
    q = q.where((eb) => eb.or([eb('activity.organiser_team_id', '=', f.teamId!), eb('activity.partner_team_id', '=', f.teamId!)]));
  if (f.status) q = q.where('activity.status', '=', f.status);
  if (f.category) q = q.where('activity.category', '=', f.category);
  if (f.q) q = q.where('activity.title', 'like', `%${escapeLike(f.q)}%`);
  const [rows, counted] = await Promise.all([
    q
      .select(activityColumns)
      .orderBy('activity.first_date', 'desc')
      .orderBy('activity.created_at', 'desc')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    countUpTo(db, q),
  ]);
  return { rows, ...counted };
}

/** Per activity: how many scheduled occurrences, and the next one's start. */
export async function occurrenceSummary(db: Kysely<DB>, activityIds: string[]) {
  if (activityIds.length === 0) return new Map<string, { count: number; next: Date | null }>();
  const rows = await db
    .selectFrom('activity_occurrence')
    .select((eb) => [
      'activity_id',
      eb.fn.countAll<string>().as('n'),
      sql<Date | null>`min(starts_at) filter (where starts_at > now())`.as('next'),
    ])
    .where('activity_id', 'in', activityIds)
    .where('status', '=', 'scheduled')
    .groupBy('activity_id')
    .execute();
  return new Map(rows.map((r) => [r.activity_id, { count: Number(r.n), next: r.next ? new Date(r.next) : null }]));
}

const occurrenceColumns = [
  'activity_occurrence.id',
  'activity_occurrence.town_id',
  'activity_occurrence.activity_id',
  'activity_occurrence.region_id',
  'activity_occurrence.rule_date',
  'activity_occurrence.starts_at',
  'activity_occurrence.ends_at',
  'activity_occurrence.capacity',
  'activity_occurrence.site as occurrence_site',
  'activity_occurrence.note',
  'activity_occurrence.detached',
  'activity_occurrence.status',
  'activity_occurrence.sequence',
  'activity.title',
  'activity.description',
  'activity.category',
  'activity.monthly_theme',
  'activity.site',
  'activity.lat',
  'activity.lng',
  'activity.geofence_m',
  'activity.eligibility',
  'activity.eligibility_team_id',
  'activity.eligibility_skill',
  'activity.insurance_required',
  'activity.organiser_team_id',
  'activity.partner_team_id',
  'activity.status as activity_status',
  'activity.created_by',
] as const;

function occurrences(db: Kysely<DB>) {
  return db.selectFrom('activity_occurrence').innerJoin('activity', 'activity.id', 'activity_occurrence.activity_id');
}

export async function getOccurrence(db: Kysely<DB>, id: string) {
  return occurrences(db).select(occurrenceColumns).where('activity_occurrence.id', '=', id).executeTakeFirst();
}
export type OccurrenceRow = NonNullable<Awaited<ReturnType<typeof getOccurrence>>>;

export async function occurrencesOfActivity(db: Kysely<DB>, activityId: string) {
  return occurrences(db)
    .select(occurrenceColumns)
    .where('activity_occurrence.activity_id', '=', activityId)
    .orderBy('activity_occurrence.starts_at')
    .execute();
}

export async function occurrencesInRange(db: Kysely<DB>, scope: Scope, f: { from: Date; to: Date; regionPath?: string; teamId?: string }) {
  let q = occurrences(db)
    .select(occurrenceColumns)
    .where(scope.regionIn(sql.ref('activity_occurrence.region_id')))
    .where('activity_occurrence.starts_at', '>=', f.from)
    .where('activity_occurrence.starts_at', '<', f.to)
    .where('activity.status', '!=', 'draft');
  if (f.regionPath) {
    const prefix = f.regionPath;
    q = q.where('activity_occurrence.region_id', 'in', (eb) =>
      eb.selectFrom('region').select('region.id').where('region.path', 'like', `${prefix}%`),
    );
  }
  if (f.teamId)
    q = q.where((eb) => eb.or([eb('activity.organiser_team_id', '=', f.teamId!), eb('activity.partner_team_id', '=', f.teamId!)]));
  return q.orderBy('activity_occurrence.starts_at').limit(2000).execute();
}

/** Where the account lives for "my community": the volunteer's grid, else the account's home. */
export async function homePathOf(db: Kysely<DB>, accountId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('account as a')
    .innerJoin('region as hr', 'hr.id', 'a.home_region_id')
    .leftJoin('volunteer as v', 'v.account_id', 'a.id')
    .leftJoin('region as vr', 'vr.id', 'v.region_id')
    .select(sql<string>`coalesce(vr.path, hr.path)`.as('path'))
    .where('a.id', '=', accountId)
    .executeTakeFirst();
  return row?.path;
}

/** What the phone's feed shows of an occurrence, in one statement with everything around it. */
export interface FeedRow extends Omit<OccurrenceRow, 'rule_date' | 'sequence' | 'created_by'> {
  region_path: string;
  region_names: string[];
  organiser_team_name: string | null;
  partner_team_name: string | null;
  eligibility_team_name: string | null;
  category_label: string | null;
  taken: number;
  waitlisted: number;
  my_id: string | null;
  my_status: string | null;
  my_checked_in_at: Date | null;
  my_checked_out_at: Date | null;
  my_position: number | null;
}

/**
 * Upcoming published occurrences of a town (optionally under a region path or of one category),
 * soonest first, each with its place names, team names, category label, taken places, waitlist
 * length and the caller's own sign-up: the feed's single query. The page is cut first (`top`),
 * so the per-occurrence counts and joins run for the rows returned only.
 */
export async function feed(
  db: Kysely<DB>,
  townId: string,
  accountId: string,
  f: { regionPath?: string; category?: string; limit: number; after?: { startsAt: Date; id: string } },
): Promise<FeedRow[]> {
  const under = f.regionPath ? sql`and o.region_id in (select id from region where path like ${`${f.regionPath}%`})` : sql``;
  const ofCategory = f.category ? sql`and a.category = ${f.category}` : sql``;
  const after = f.after ? sql`and (o.starts_at, o.id) > (${f.after.startsAt}, ${f.after.id}::uuid)` : sql``;
  const { rows } = await sql<FeedRow>`
    with top as (
      select o.id, o.town_id, o.activity_id, o.region_id, o.starts_at, o.ends_at, o.capacity, o.site as occurrence_site,
        o.note, o.detached, o.status, a.title, a.description, a.category, a.monthly_theme, a.site, a.lat, a.lng,
        a.geofence_m, a.eligibility, a.eligibility_team_id, a.eligibility_skill, a.insurance_required,
        a.organiser_team_id, a.partner_team_id, a.status as activity_status
      from activity_occurrence o join activity a on a.id = o.activity_id
      where o.town_id = ${townId} and o.status = 'scheduled' and a.status = 'published' and o.ends_at > now() ${under} ${ofCategory} ${after}
      order by o.starts_at, o.id
      limit ${f.limit}
    ), places as materialized (
      select r.id, r.path, array(
          select coalesce(n.name, '?') from unnest(string_to_array(trim(both '/' from r.path), '/')) with ordinality as q(id, k)
            left join region n on n.id = q.id::uuid order by q.k) as names
      from region r where r.id in (select region_id from top)
    )
    -- Names as scalar subqueries rather than joins: planning eight joins cost more than running them.
    select t.*, p.path as region_path, p.names as region_names,
      (select name from team where id = t.organiser_team_id) as organiser_team_name,
      (select name from team where id = t.partner_team_id) as partner_team_name,
      (select name from team where id = t.eligibility_team_id) as eligibility_team_name,
      (select label from activity_category c where c.town_id = t.town_id and c.code = t.category) as category_label,
      (select count(*) from activity_slot s where s.occurrence_id = t.id and s.signup_id is not null)::int as taken,
      (select count(*) from activity_signup w where w.occurrence_id = t.id and w.status = 'waitlisted')::int as waitlisted,
      my.id as my_id, my.status as my_status, my.checked_in_at as my_checked_in_at, my.checked_out_at as my_checked_out_at,
      my.position as my_position
    from top t
      join places p on p.id = t.region_id
      left join lateral (
        select s.id, s.status, s.checked_in_at, s.checked_out_at,
          case when s.status = 'waitlisted' then (select count(*) from activity_signup w where w.occurrence_id = s.occurrence_id
            and w.status = 'waitlisted' and w.requested_at <= s.requested_at)::int end as position
        from activity_signup s
        where s.occurrence_id = t.id and s.status in ('confirmed', 'waitlisted')
          and s.volunteer_id = (select v.id from volunteer v where v.account_id = ${accountId})
      ) my on true
    order by t.starts_at, t.id`.execute(db);
  return rows;
}

/** The occurrences a volunteer signed up for (not cancelled), upcoming or past. */
export async function myOccurrences(db: Kysely<DB>, volunteerId: string, when: 'upcoming' | 'past') {
  return occurrences(db)
    .innerJoin('activity_signup', 'activity_signup.occurrence_id', 'activity_occurrence.id')
    .select(occurrenceColumns)
    .where('activity_signup.volunteer_id', '=', volunteerId)
    .where('activity_signup.status', 'in', ['confirmed', 'waitlisted'])
    .where('activity_occurrence.ends_at', when === 'upcoming' ? '>' : '<=', sql<Date>`now()`)
    .orderBy('activity_occurrence.starts_at', when === 'upcoming' ? 'asc' : 'desc')
    .limit(200)
    .execute();
}

/** Taken places and waitlist length per occurrence. */
export async function counts(db: Kysely<DB>, occurrenceIds: string[]) {
  const out = new Map<string, { taken: number; waitlisted: number }>();
  if (occurrenceIds.length === 0) return out;
  const [taken, waiting] = await Promise.all([
    db
      .selectFrom('activity_slot')
      .select((eb) => ['occurrence_id', eb.fn.countAll<string>().as('n')])
      .where('occurrence_id', 'in', occurrenceIds)
      .where('signup_id', 'is not', null)
      .groupBy('occurrence_id')
      .execute(),
    db
      .selectFrom('activity_signup')
      .select((eb) => ['occurrence_id', eb.fn.countAll<string>().as('n')])
      .where('occurrence_id', 'in', occurrenceIds)
      .where('status', '=', 'waitlisted')
      .groupBy('occurrence_id')
      .execute(),
  ]);
  for (const id of occurrenceIds) out.set(id, { taken: 0, waitlisted: 0 });
  for (const r of taken) out.get(r.occurrence_id)!.taken = Number(r.n);
  for (const r of waiting) out.get(r.occurrence_id)!.waitlisted = Number(r.n);
  return out;
}

/** The caller's open sign-ups among these occurrences, with their waitlist position. */
export async function signupsOf(db: Kysely<DB>, volunteerId: string, occurrenceIds: string[]) {
  if (occurrenceIds.length === 0) return [];
  return db
    .selectFrom('activity_signup as s')
    .select([
      's.id',
      's.occurrence_id',
      's.status',
      's.checked_in_at',
      's.checked_out_at',
      sql<string | null>`case when s.status = 'waitlisted' then (select count(*) from activity_signup w
        where w.occurrence_id = s.occurrence_id and w.status = 'waitlisted' and w.requested_at <= s.requested_at) end`.as('position'),
    ])
    .where('s.volunteer_id', '=', volunteerId)
    .where('s.occurrence_id', 'in', occurrenceIds)
    .where('s.status', 'in', ['confirmed', 'waitlisted'])
    .execute();
}

export async function insertSlots(db: Kysely<DB>, occurrenceId: string, from: number, to: number) {
  if (to < from) return;
  await sql`insert into activity_slot (occurrence_id, slot_no)
    select ${occurrenceId}::uuid, g from generate_series(${from}::int, ${to}::int) g`.execute(db);
}

/** Grow or shrink an occurrence's places. Shrinking removes free places only; null when too few are free. */
export async function resizeSlots(db: Kysely<DB>, occurrenceId: string, from: number, to: number): Promise<boolean> {
  if (to > from) {
    const top = await db
      .selectFrom('activity_slot')
      .select((eb) => eb.fn.max('slot_no').as('top'))
      .where('occurrence_id', '=', occurrenceId)
      .executeTakeFirst();
    const start = Number(top?.top ?? 0) + 1;
    await insertSlots(db, occurrenceId, start, start + (to - from) - 1);
    return true;
  }
  if (to === from) return true;
  // Wait for sign-ups in flight (no SKIP LOCKED): a place taken meanwhile is no longer free.
  const free = await db
    .selectFrom('activity_slot')
    .select('slot_no')
    .where('occurrence_id', '=', occurrenceId)
    .where('signup_id', 'is', null)
    .orderBy('slot_no', 'desc')
    .limit(from - to)
    .forUpdate()
    .execute();
  const stillFree = free.length; // rows re-checked after the lock; taken ones drop out of the result
  if (stillFree < from - to) return false;
  await db
    .deleteFrom('activity_slot')
    .where('occurrence_id', '=', occurrenceId)
    .where(
      'slot_no',
      'in',
      free.map((f) => f.slot_no),
    )
    .where('signup_id', 'is', null)
    .execute();
  return true;
}

/** What a sign-up needs to check, in one round trip: the occurrence and the caller's volunteer row. */
export async function signupContext(db: Kysely<DB>, occurrenceId: string, accountId: string) {
  const row = await sql<{
    town_id: string;
    region_id: string;
    starts_at: Date;
    status: string;
    activity_status: string;
    eligibility: string;
    eligibility_team_id: string | null;
    eligibility_skill: string | null;
    v_id: string | null;
    v_town_id: string | null;
    v_status: string | null;
    v_skills: string[] | null;
    v_id_hash: string | null;
  }>`select o.town_id, o.region_id, o.starts_at, o.status, a.status as activity_status, a.eligibility,
      a.eligibility_team_id, a.eligibility_skill,
      v.id as v_id, v.town_id as v_town_id, v.status as v_status, v.skills as v_skills, v.id_hash as v_id_hash
    from activity_occurrence o join activity a on a.id = o.activity_id
    left join volunteer v on v.account_id = ${accountId}
    where o.id = ${occurrenceId}`.execute(db);
  return row.rows[0];
}

/**
 * A sign-up in one statement (one round trip, its own transaction): take the first free place
 * with FOR UPDATE SKIP LOCKED, insert the sign-up (confirmed with a place, else waitlisted), write
 * the sign-up's id into the place, and append the audit line.
 */
export async function claim(
  db: Kysely<DB>,
  c: {
    occurrenceId: string;
    townId: string;
    regionId: string;
    volunteerId: string;
    actorId: string;
    actorName: string;
    ip: string | null;
    requestId: string;
  },
): Promise<{ id: string; status: 'confirmed' | 'waitlisted' }> {
  const res = await sql<{ id: string; status: 'confirmed' | 'waitlisted' }>`
    with slot as (
      select slot_no from activity_slot
      where occurrence_id = ${c.occurrenceId} and signup_id is null
      order by slot_no limit 1 for update skip locked
    ), ins as (
      insert into activity_signup (town_id, occurrence_id, volunteer_id, status, confirmed_at)
      select ${c.townId}, ${c.occurrenceId}, ${c.volunteerId},
        case when exists (select 1 from slot) then 'confirmed' else 'waitlisted' end,
        case when exists (select 1 from slot) then now() end
      returning id, status
    ), taken as (
      update activity_slot set signup_id = ins.id from ins, slot
      where activity_slot.occurrence_id = ${c.occurrenceId} and activity_slot.slot_no = slot.slot_no
      returning activity_slot.slot_no
    ), audit as (
      insert into audit_log (town_id, region_id, actor_id, actor_name, action, entity, entity_id, after, ip, request_id)
      select ${c.townId}, ${c.regionId}, ${c.actorId}, ${c.actorName}, 'activity_signup.create', 'activity_signup', ins.id::text,
        jsonb_build_object('occurrenceId', ${c.occurrenceId}::text, 'volunteerId', ${c.volunteerId}::text, 'status', ins.status),
        ${c.ip}, ${c.requestId}
      from ins
    )
    select id, status from ins`.execute(db);
  return res.rows[0]!;
}

/**
 * Take one free place of an occurrence, skipping places other transactions are taking right now:
 * concurrent sign-ups spread over rows instead of queueing on one (quality.md).
 */
export async function takeFreeSlot(db: Kysely<DB>, occurrenceId: string): Promise<number | null> {
  const row = await sql<{ slot_no: number }>`select slot_no from activity_slot
    where occurrence_id = ${occurrenceId} and signup_id is null
    order by slot_no limit 1 for update skip locked`.execute(db);
  return row.rows[0]?.slot_no ?? null;
}

export async function fillSlot(db: Kysely<DB>, occurrenceId: string, slotNo: number, signupId: string) {
  await db
    .updateTable('activity_slot')
    .set({ signup_id: signupId })
    .where('occurrence_id', '=', occurrenceId)
    .where('slot_no', '=', slotNo)
    .execute();
}

export async function freeSlotOf(db: Kysely<DB>, signupId: string) {
  await db.updateTable('activity_slot').set({ signup_id: null }).where('signup_id', '=', signupId).execute();
}

/** The first waiting sign-up, locked (others promoting at once take the next). */
export async function firstWaiting(db: Kysely<DB>, occurrenceId: string) {
  const row = await sql<{ id: string; volunteer_id: string }>`select id, volunteer_id from activity_signup
    where occurrence_id = ${occurrenceId} and status = 'waitlisted'
    order by requested_at, id limit 1 for update skip locked`.execute(db);
  return row.rows[0];
}

export async function volunteerOfAccount(db: Kysely<DB>, accountId: string) {
  return db
    .selectFrom('volunteer')
    .select(['id', 'town_id', 'account_id', 'status', 'name', 'skills', 'id_hash', 'region_id', 'volunteer_no'])
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

export async function isPartyMember(db: Kysely<DB>, accountId: string, idHash: string, townId: string): Promise<boolean> {
  const row = await sql<{ yes: boolean }>`
    select exists (select 1 from party_member m left join resident r on r.id = m.resident_id
      where m.account_id = ${accountId} or (r.id_hash = ${idHash} and r.town_id = ${townId})) as yes`.execute(db);
  return Boolean(row.rows[0]?.yes);
}

export async function isActiveMember(db: Kysely<DB>, teamId: string, volunteerId: string): Promise<boolean> {
  const row = await db
    .selectFrom('team_member')
    .select('id')
    .where('team_id', '=', teamId)
    .where('volunteer_id', '=', volunteerId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Boolean(row);
}

export async function teamsByIds(db: Kysely<DB>, ids: string[]) {
  if (ids.length === 0) return new Map<string, { name: string; leader: string | null; region_id: string; town_id: string; kind: string }>();
  const rows = await db
    .selectFrom('team')
    .select(['id', 'name', 'leader_account_id', 'region_id', 'town_id', 'kind'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(
    rows.map((r) => [r.id, { name: r.name, leader: r.leader_account_id, region_id: r.region_id, town_id: r.town_id, kind: r.kind }]),
  );
}

export async function categoryLabels(db: Kysely<DB>, townId: string) {
  const rows = await db.selectFrom('activity_category').select(['code', 'label']).where('town_id', '=', townId).orderBy('sort').execute();
  return rows;
}

export async function accountNames(db: Kysely<DB>, ids: string[]) {
  const wanted = [...new Set(ids.filter(Boolean))];
  if (wanted.length === 0) return new Map<string, string>();
  const rows = await db.selectFrom('account').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function signupRows(db: Kysely<DB>, occurrenceId: string) {
  return db
    .selectFrom('activity_signup as s')
    .innerJoin('volunteer as v', 'v.id', 's.volunteer_id')
    .innerJoin('account as a', 'a.id', 'v.account_id')
    .leftJoin('service_record as r', 'r.signup_id', 's.id')
    .select([
      's.id',
      's.occurrence_id',
      's.volunteer_id',
      's.status',
      's.requested_at',
      's.checked_in_at',
      's.check_in_method',
      's.check_in_distance_m',
      's.checked_out_at',
      'v.volunteer_no',
      'v.name',
      'v.id_hash',
      'v.id_cipher',
      'v.account_id',
      'a.mobile_masked',
      'a.mobile_cipher',
      'r.id as record_id',
      'r.status as record_status',
      'r.minutes',
      'r.measured_minutes',
    ])
    .where('s.occurrence_id', '=', occurrenceId)
    .orderBy(sql`case s.status when 'confirmed' then 0 when 'waitlisted' then 1 else 2 end`)
    .orderBy('s.requested_at')
    .execute();
}

export async function partyMemberAccounts(db: Kysely<DB>, townId: string, people: Array<{ account_id: string; id_hash: string }>) {
  if (people.length === 0) return new Set<string>();
  const rows = await sql<{ account_id: string }>`
    select v.account_id from volunteer v
    where v.town_id = ${townId} and v.account_id in (${sql.join(people.map((p) => p.account_id))})
      and exists (select 1 from party_member m left join resident r on r.id = m.resident_id
        where m.account_id = v.account_id or (r.id_hash = v.id_hash and r.town_id = v.town_id))`.execute(db);
  return new Set(rows.rows.map((r) => r.account_id));
}

/** Accounts that hold a community or town admin role at or above the region (they oversee it). */
export async function overseersOf(db: Kysely<DB>, regionPath: string) {
  const ids = regionPath.split('/').filter(Boolean);
  const rows = await db
    .selectFrom('role_grant')
    .select('account_id')
    .distinct()
    .where('region_id', 'in', ids)
    .where('role', 'in', ['community_admin', 'town_admin'])
    .execute();
  return rows.map((r) => r.account_id);
}
