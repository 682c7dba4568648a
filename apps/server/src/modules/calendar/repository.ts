import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { Scope } from '../../platform/scope.js';

export type OwnerKind = 'volunteer' | 'community';

export async function feedByOwner(db: Kysely<DB>, kind: OwnerKind, ownerId: string) {
  return db
    .selectFrom('calendar_feed')
    .select(['id', 'town_id', 'owner_kind', 'owner_id', 'token_hash', 'token_cipher'])
    .where('owner_kind', '=', kind)
    .where('owner_id', '=', ownerId)
    .executeTakeFirst();
}

export async function feedByTokenHash(db: Kysely<DB>, tokenHash: string) {
  return db
    .selectFrom('calendar_feed')
    .select(['id', 'town_id', 'owner_kind', 'owner_id'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Insert the owner's feed unless one exists (a concurrent first call wins); its id, or nothing. */
export async function insertFeedIfAbsent(
  db: Kysely<DB>,
  f: { townId: string; kind: OwnerKind; ownerId: string; tokenHash: string; tokenCipher: string },
): Promise<string | undefined> {
  const row = await db
    .insertInto('calendar_feed')
    .values({ town_id: f.townId, owner_kind: f.kind, owner_id: f.ownerId, token_hash: f.tokenHash, token_cipher: f.tokenCipher })
    .onConflict((oc) => oc.columns(['owner_kind', 'owner_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** Create the owner's feed or replace its token: the old link stops working. */
export async function upsertFeedToken(
  db: Kysely<DB>,
  f: { townId: string; kind: OwnerKind; ownerId: string; tokenHash: string; tokenCipher: string },
): Promise<string> {
  const row = await db
    .insertInto('calendar_feed')
    .values({ town_id: f.townId, owner_kind: f.kind, owner_id: f.ownerId, token_hash: f.tokenHash, token_cipher: f.tokenCipher })
    .onConflict((oc) =>
      oc.columns(['owner_kind', 'owner_id']).doUpdateSet({
        token_hash: (eb) => eb.ref('excluded.token_hash'),
        token_cipher: (eb) => eb.ref('excluded.token_cipher'),
        created_at: sql<Date>`clock_timestamp()`,
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function volunteerOfAccount(db: Kysely<DB>, accountId: string) {
  return db
    .selectFrom('volunteer')
    .select(['id', 'town_id', 'region_id', 'account_id', 'name', 'status'])
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

/** The volunteer behind a feed, with their account (a disabled account's feed goes dark). */
export async function volunteerForFeed(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('volunteer')
    .innerJoin('account', 'account.id', 'volunteer.account_id')
    .innerJoin('town', 'town.id', 'volunteer.town_id')
    .select([
      'volunteer.id',
      'volunteer.town_id',
      'volunteer.account_id',
      'volunteer.name',
      'volunteer.status',
      'account.disabled',
      'town.timezone',
    ])
    .where('volunteer.id', '=', id)
    .executeTakeFirst();
}

export async function regionInScope(db: Kysely<DB>, scope: Scope, id: string) {
  return db
    .selectFrom('region')
    .select(['id', 'town_id', 'depth', 'path', 'name'])
    .where('id', '=', id)
    .where((eb) => scope.pathIn(eb.ref('region.path')))
    .executeTakeFirst();
}

export async function communityForFeed(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('region')
    .innerJoin('town', 'town.id', 'region.town_id')
    .select(['region.id', 'region.town_id', 'region.depth', 'region.path', 'region.name', 'town.timezone'])
    .where('region.id', '=', id)
    .executeTakeFirst();
}

export interface FeedWindow {
  /** Scheduled occurrences starting from here… */
  from: Date;
  /** …cancelled ones from here (so subscribers drop them)… */
  cancelledFrom: Date;
  /** …up to here. */
  to: Date;
}

function occurrences(db: Kysely<DB>, w: FeedWindow) {
  return (
    db
      .selectFrom('activity_occurrence as o')
      .innerJoin('activity as a', 'a.id', 'o.activity_id')
      .innerJoin('team', 'team.id', 'a.organiser_team_id')
      .leftJoin('team as partner', 'partner.id', 'a.partner_team_id')
      .leftJoin('activity_category as c', (j) => j.onRef('c.town_id', '=', 'a.town_id').onRef('c.code', '=', 'a.category'))
      .select([
        'o.id',
        'o.starts_at',
        'o.ends_at',
        'o.site as occurrence_site',
        'o.note',
        'o.sequence',
        sql<boolean>`(o.status = 'cancelled' or a.status = 'cancelled')`.as('cancelled'),
        'a.title',
        'a.description',
        'a.monthly_theme',
        'a.site as activity_site',
        'a.lat',
        'a.lng',
        'team.name as team_name',
        'partner.name as partner_name',
        sql<string>`coalesce(c.label, a.category)`.as('category_label'),
      ])
      .where('a.status', '<>', 'draft')
      .where('o.starts_at', '<=', w.to)
      // Scheduled and published within the window; cancelled ones for a shorter while.
      .where((eb) =>
        eb.or([
          eb.and([eb('o.status', '=', 'scheduled'), eb('a.status', '=', 'published'), eb('o.starts_at', '>=', w.from)]),
          eb.and([eb.or([eb('o.status', '=', 'cancelled'), eb('a.status', '=', 'cancelled')]), eb('o.starts_at', '>=', w.cancelledFrom)]),
        ]),
      )
      .orderBy('o.starts_at')
      .orderBy('o.id')
      // A year of weekly activities of a whole community stays far below this.
      .limit(5000)
  );
}
export type FeedOccurrenceRow = Awaited<ReturnType<ReturnType<typeof occurrences>['execute']>>[number];

/**
 * The occurrences a volunteer signed up for (confirmed or waitlisted). One that was cancelled
 * stays, marked cancelled, even when its cancellation also cancelled the sign-up — unless the
 * volunteer had withdrawn themselves.
 */
export async function volunteerOccurrences(
  db: Kysely<DB>,
  v: { id: string; townId: string; accountId: string },
  w: FeedWindow,
): Promise<Array<FeedOccurrenceRow & { waitlisted: boolean }>> {
  return occurrences(db, w)
    .select(
      sql<boolean>`exists (select 1 from activity_signup ws where ws.occurrence_id = o.id and ws.volunteer_id = ${v.id}
        and ws.status = 'waitlisted')`.as('waitlisted'),
    )
    .where('o.town_id', '=', v.townId)
    .where(
      sql<boolean>`exists (select 1 from activity_signup s where s.occurrence_id = o.id and s.volunteer_id = ${v.id}
        and (s.status in ('confirmed', 'waitlisted')
          or ((o.status = 'cancelled' or a.status = 'cancelled')
            and (s.cancelled_by is null or s.cancelled_by <> ${v.accountId}))))`,
    )
    .execute();
}

/** Published occurrences held anywhere in the community's subtree. */
export async function communityOccurrences(
  db: Kysely<DB>,
  c: { townId: string; path: string },
  w: FeedWindow,
): Promise<FeedOccurrenceRow[]> {
  return occurrences(db, w)
    .where('o.town_id', '=', c.townId)
    .where('o.region_id', 'in', (eb) => eb.selectFrom('region').select('region.id').where('region.path', 'like', `${c.path}%`))
    .execute();
}
