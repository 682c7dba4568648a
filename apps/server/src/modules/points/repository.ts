import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import { DEFAULT_POINTS_RULES, type PointsAccountKind } from '@tongxin/shared';
import type { DB } from '../../platform/db/schema.js';
import { countUpTo, type BoundedTotal } from '../../platform/db/count.js';
import type { Scope } from '../../platform/scope.js';

type Db = Kysely<DB>;

// ------------------------------------------------------------------ rules

export type SettingsRow = Selectable<DB['points_settings']>;
export type RateRow = Selectable<DB['points_rate']>;

export interface Rules {
  activityPerHour: number;
  activityMaxMinutes: number | null;
  helpPerHour: number;
  helpMaxMinutes: number | null;
  helpBonusMinStars: number;
  helpBonusPoints: number;
  complaintMaxStars: number;
  approvalThreshold: number;
  holdDays: number;
  expiryMonths: number | null;
  expiryOn: string;
  expiryWarnDays: number;
  rates: Map<string, RateRow>;
}

export async function rulesOf(db: Db, townId: string): Promise<Rules> {
  const s = await db.selectFrom('points_settings').selectAll().where('town_id', '=', townId).executeTakeFirst();
  const rates = await db.selectFrom('points_rate').selectAll().where('town_id', '=', townId).execute();
  const d = DEFAULT_POINTS_RULES;
  return {
    activityPerHour: d.activityPerHour,
    activityMaxMinutes: d.activityMaxMinutes,
    helpPerHour: s?.help_per_hour ?? d.helpPerHour,
    helpMaxMinutes: s ? s.help_max_minutes : d.helpMaxMinutes,
    helpBonusMinStars: s?.help_bonus_min_stars ?? d.helpBonusMinStars,
    helpBonusPoints: s?.help_bonus_points ?? d.helpBonusPoints,
    complaintMaxStars: s?.complaint_max_stars ?? d.complaintMaxStars,
    approvalThreshold: s?.approval_threshold ?? d.approvalThreshold,
    holdDays: s?.hold_days ?? d.holdDays,
    expiryMonths: s ? s.expiry_months : d.expiryMonths,
    expiryOn: s?.expiry_on ?? '12-31',
    expiryWarnDays: s?.expiry_warn_days ?? d.expiryWarnDays,
    rates: new Map(rates.map((r) => [r.category, r])),
  };
}

/** Settings start from the defaults (help max minutes included), so a first save keeps what was shown. */
export async function ensureSettings(db: Db, townId: string): Promise<void> {
  await db
    .insertInto('points_settings')
    .values({ town_id: townId, help_max_minutes: DEFAULT_POINTS_RULES.helpMaxMinutes })
    .onConflict((oc) => oc.column('town_id').doNothing())
    .execute();
}

export async function updateSettings(db: Db, townId: string, set: Partial<Insertable<DB['points_settings']>>): Promise<void> {
  await db.updateTable('points_settings').set(set).where('town_id', '=', townId).execute();
}

export async function upsertRate(db: Db, r: Insertable<DB['points_rate']>): Promise<void> {
  await db
    .insertInto('points_rate')
    .values(r)
    .onConflict((oc) =>
      oc.columns(['town_id', 'category']).doUpdateSet({ per_hour: r.per_hour, max_minutes: r.max_minutes, team_per_hour: r.team_per_hour }),
    )
    .execute();
}

export function activityCategories(db: Db, townId: string) {
  return db.selectFrom('activity_category').select(['code', 'label']).where('town_id', '=', townId).orderBy('sort').execute();
}

// ------------------------------------------------------------------ earning

export async function recordForEarning(db: Db, recordId: string) {
  return db
    .selectFrom('service_record as r')
    .innerJoin('volunteer as v', 'v.id', 'r.volunteer_id')
    .leftJoin('activity_occurrence as o', 'o.id', 'r.occurrence_id')
    .leftJoin('activity as a', 'a.id', 'o.activity_id')
    .leftJoin('team as t', 't.id', 'a.organiser_team_id')
    .leftJoin('help_request as h', 'h.id', 'r.help_request_id')
    .select([
      'r.id',
      'r.town_id',
      'r.volunteer_id',
      'v.region_id as volunteer_region_id',
      'r.source',
      'r.status',
      'r.minutes',
      'r.title',
      'a.category as activity_category',
      't.id as team_id',
      't.region_id as team_region_id',
      'h.review_stars',
    ])
    .where('r.id', '=', recordId)
    .executeTakeFirst();
}

export async function lockEarning(db: Db, recordId: string) {
  return db.selectFrom('points_earning').selectAll().where('service_record_id', '=', recordId).forUpdate().executeTakeFirst();
}

export async function insertEarning(db: Db, values: Insertable<DB['points_earning']>): Promise<void> {
  await db
    .insertInto('points_earning')
    .values(values)
    .onConflict((oc) => oc.column('service_record_id').doNothing())
    .execute();
}

export async function setEarned(db: Db, recordId: string, points: number, teamPoints: number): Promise<void> {
  await db
    .updateTable('points_earning')
    .set({ points, team_points: teamPoints, updated_at: new Date() })
    .where('service_record_id', '=', recordId)
    .execute();
}

// ------------------------------------------------------------------ accounts and statements

export interface AccountView {
  id: string;
  town_id: string;
  kind: PointsAccountKind;
  region_id: string;
  region_name: string;
  balance: number;
  updated_at: Date;
  owner_id: string | null;
  name: string;
}

function accountsQuery(db: Db) {
  return db
    .selectFrom('points_account as p')
    .innerJoin('region as rg', 'rg.id', 'p.region_id')
    .innerJoin('town as tw', 'tw.id', 'p.town_id')
    .leftJoin('volunteer as v', 'v.id', 'p.volunteer_id')
    .leftJoin('team as t', 't.id', 'p.team_id')
    .leftJoin('merchant as m', 'm.id', 'p.merchant_id')
    .select((eb) => [
      'p.id',
      'p.town_id',
      'p.kind',
      'p.region_id',
      'rg.name as region_name',
      'p.balance',
      'p.updated_at',
      eb.fn.coalesce('p.volunteer_id', 'p.team_id', 'p.merchant_id').as('owner_id'),
      sql<string>`coalesce(v.name, t.name, case when p.kind = 'hold' then m.name || '（待核销）' else m.name end, tw.name || '（发放账户）')`.as(
        'name',
      ),
    ]);
}

export async function getAccount(db: Db, id: string): Promise<AccountView | undefined> {
  return (await accountsQuery(db).where('p.id', '=', id).executeTakeFirst()) as AccountView | undefined;
}

export async function getAccountInScope(db: Db, scope: Scope, id: string): Promise<AccountView | undefined> {
  return (await accountsQuery(db)
    .where('p.id', '=', id)
    .where(scope.regionIn(sql.ref('p.region_id')))
    .executeTakeFirst()) as AccountView | undefined;
}

export async function listAccounts(
  db: Db,
  wholeScope: Scope,
  q: { kind?: PointsAccountKind; regionPath?: string; search?: string; limit: number; offset: number },
): Promise<{ rows: AccountView[] } & BoundedTotal> {
  const scope = wholeScope.within(q.regionPath);
  // The town first: `points_account_town_balance_idx` then serves the page in order (migration 0013).
  let query = accountsQuery(db)
    .where(scope.townIn(sql.ref('p.town_id')))
    .where(scope.regionIn(sql.ref('p.region_id')));
  if (q.kind) query = query.where('p.kind', '=', q.kind);
  if (q.search) {
    const like = `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('v.name', 'like', like), eb('t.name', 'like', like), eb('m.name', 'like', like)]));
  }
  const [rows, counted] = await Promise.all([
    query.orderBy('p.balance', 'desc').orderBy('p.id').limit(q.limit).offset(q.offset).execute(),
    countUpTo(db, query),
  ]);
  return { rows: rows as AccountView[], ...counted };
}

export async function volunteerOfAccount(db: Db, accountId: string) {
  return db
    .selectFrom('volunteer')
    .select(['id', 'town_id', 'region_id', 'name', 'status', 'account_id'])
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

export async function volunteerById(db: Db, id: string) {
  return db.selectFrom('volunteer').select(['id', 'account_id', 'region_id']).where('id', '=', id).executeTakeFirst();
}

export interface StatementRow {
  entry_id: string;
  txn_id: string;
  kind: Selectable<DB['points_txn']>['kind'];
  amount: number;
  balance_after: number;
  memo: string;
  created_at: Date;
  service_record_id: string | null;
  redemption_id: string | null;
  reverses_id: string | null;
  reversed_by: string | null;
}

export async function statement(
  db: Db,
  accountId: string,
  q: { from?: Date; to?: Date; limit: number; offset: number },
): Promise<{ rows: StatementRow[]; total: number }> {
  let query = db.selectFrom('points_entry as e').innerJoin('points_txn as x', 'x.id', 'e.txn_id').where('e.account_id', '=', accountId);
  if (q.from) query = query.where('e.created_at', '>=', q.from);
  if (q.to) query = query.where('e.created_at', '<', q.to);
  const total = await query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .select([
      'e.id as entry_id',
      'e.txn_id',
      'x.kind',
      'e.amount',
      'e.balance_after',
      'x.memo',
      'e.created_at',
      'x.service_record_id',
      'x.redemption_id',
      'x.reverses_id',
    ])
    .select((eb) => eb.selectFrom('points_txn as rv').select('rv.id').whereRef('rv.reverses_id', '=', 'x.id').limit(1).as('reversed_by'))
    .orderBy('e.id', 'desc')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return { rows: rows as StatementRow[], total: Number(total.n) };
}

export interface MyPointsRow {
  volunteer_id: string;
  town_id: string;
  volunteer_region_id: string;
  status: string;
  /** Null until the volunteer's account is opened (on first use). */
  account: AccountView | null;
  earned: string;
  spent: string;
  held: string;
  minutes: string;
  has_settings: boolean;
  expiry_months: number | null;
  expiry_on: string | null;
  timezone: string;
}

/**
 * "My points" in one statement: the caller's volunteer and points account, earned and spent
 * totals, points held by redemptions, confirmed service minutes, and the town's expiry rule.
 */
export async function myPoints(db: Db, accountId: string): Promise<MyPointsRow | undefined> {
  const { rows } = await sql<MyPointsRow>`
    select v.id as volunteer_id, v.town_id, v.region_id as volunteer_region_id, v.status,
      case when p.id is not null then json_build_object('id', p.id, 'town_id', p.town_id, 'kind', p.kind, 'region_id', p.region_id,
        'region_name', rg.name, 'balance', p.balance, 'updated_at', p.updated_at, 'owner_id', v.id, 'name', v.name) end as account,
      coalesce(t.earned, 0) as earned, coalesce(t.spent, 0) as spent,
      (select coalesce(sum(r.points), 0) from redemption r where r.volunteer_id = v.id and r.status = 'held') as held,
      (select coalesce(sum(sr.minutes), 0) from service_record sr where sr.volunteer_id = v.id and sr.status = 'confirmed') as minutes,
      s.town_id is not null as has_settings, s.expiry_months, s.expiry_on, tw.timezone
    from volunteer v
      join town tw on tw.id = v.town_id
      left join points_account p on p.volunteer_id = v.id
      left join region rg on rg.id = p.region_id
      left join points_settings s on s.town_id = v.town_id
      left join lateral (
        select sum(e.amount) filter (where x.kind in ('earn', 'earn_adjust', 'grant', 'deduct', 'reverse')) as earned,
          -sum(e.amount) filter (where x.kind in ('hold', 'release')) as spent
        from points_entry e join points_txn x on x.id = e.txn_id
        where e.account_id = p.id
      ) t on true
    where v.account_id = ${accountId}`.execute(db);
  const row = rows[0];
  if (row?.account && typeof row.account === 'string') row.account = JSON.parse(row.account) as AccountView;
  return row;
}

export async function volunteerAccountsWithPoints(db: Db, townId: string) {
  return db
    .selectFrom('points_account as p')
    .innerJoin('volunteer as v', 'v.id', 'p.volunteer_id')
    .select(['p.id', 'p.balance', 'v.account_id as holder_account_id'])
    .where('p.town_id', '=', townId)
    .where('p.kind', '=', 'volunteer')
    .where('p.balance', '>', 0)
    .orderBy('p.id')
    .execute();
}

/** Credits to an account since a moment (what expiry spares: the newest points go last). */
export async function creditsSince(db: Db, accountId: string, since: Date): Promise<number> {
  const r = await db
    .selectFrom('points_entry as e')
    .innerJoin('points_txn as x', 'x.id', 'e.txn_id')
    .select(sql<string>`coalesce(sum(e.amount), 0)`.as('n'))
    .where('e.account_id', '=', accountId)
    .where('e.amount', '>', 0)
    .where('x.kind', 'in', ['earn', 'earn_adjust', 'grant', 'reverse'])
    .where('e.created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function txnWithEntries(db: Db, txnId: string) {
  const txn = await db.selectFrom('points_txn').selectAll().where('id', '=', txnId).executeTakeFirst();
  if (!txn) return undefined;
  const entries = await db
    .selectFrom('points_entry as e')
    .innerJoin('points_account as p', 'p.id', 'e.account_id')
    .select(['e.account_id', 'e.amount', 'p.region_id', 'p.kind', 'p.volunteer_id', 'p.merchant_id'])
    .where('e.txn_id', '=', txnId)
    .orderBy('e.id')
    .execute();
  return { txn, entries };
}

// ------------------------------------------------------------------ adjustments

export type AdjustmentRow = Selectable<DB['points_adjustment']> & {
  account_name: string;
  account_kind: PointsAccountKind;
  region_id: string;
  requested_name: string;
  decided_name: string | null;
};

function adjustmentsQuery(db: Db) {
  return db
    .selectFrom('points_adjustment as j')
    .innerJoin('points_account as p', 'p.id', 'j.account_id')
    .innerJoin('account as rq', 'rq.id', 'j.requested_by')
    .leftJoin('account as dc', 'dc.id', 'j.decided_by')
    .leftJoin('volunteer as v', 'v.id', 'p.volunteer_id')
    .leftJoin('team as t', 't.id', 'p.team_id')
    .leftJoin('merchant as m', 'm.id', 'p.merchant_id')
    .selectAll('j')
    .select([
      'p.kind as account_kind',
      'p.region_id',
      'rq.name as requested_name',
      'dc.name as decided_name',
      sql<string>`coalesce(v.name, t.name, m.name, '发放账户')`.as('account_name'),
    ]);
}

export async function insertAdjustment(db: Db, v: Insertable<DB['points_adjustment']>): Promise<string> {
  return (await db.insertInto('points_adjustment').values(v).returning('id').executeTakeFirstOrThrow()).id;
}

export async function getAdjustment(db: Db, scope: Scope, id: string, lock = false): Promise<AdjustmentRow | undefined> {
  if (lock) await db.selectFrom('points_adjustment').select('id').where('id', '=', id).forUpdate().execute();
  return (await adjustmentsQuery(db)
    .where('j.id', '=', id)
    .where(scope.regionIn(sql.ref('p.region_id')))
    .executeTakeFirst()) as AdjustmentRow | undefined;
}

export async function listAdjustments(db: Db, scope: Scope, status?: 'pending' | 'posted' | 'rejected'): Promise<AdjustmentRow[]> {
  let q = adjustmentsQuery(db).where(scope.regionIn(sql.ref('p.region_id')));
  if (status) q = q.where('j.status', '=', status);
  return (await q.orderBy('j.requested_at', 'desc').limit(200).execute()) as AdjustmentRow[];
}

export async function decideAdjustment(
  db: Db,
  id: string,
  v: { status: 'posted' | 'rejected'; decided_by: string | null; decision_reason?: string | null; txn_id?: string | null },
): Promise<void> {
  await db
    .updateTable('points_adjustment')
    .set({ ...v, decided_at: v.decided_by ? new Date() : null })
    .where('id', '=', id)
    .execute();
}

/** Accounts holding a permission's role on a node on the path (for "who approves"). */
export async function accountsWithRoleOnPath(db: Db, townId: string, roles: string[], pathIds: string[]): Promise<string[]> {
  if (pathIds.length === 0) return [];
  const rows = await db
    .selectFrom('role_grant')
    .select('account_id')
    .distinct()
    .where('town_id', '=', townId)
    .where('role', 'in', roles as never)
    .where('region_id', 'in', pathIds)
    .execute();
  return rows.map((r) => r.account_id);
}
