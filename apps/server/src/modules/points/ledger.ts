import { sql, type Kysely } from 'kysely';
import type { PointsAccountKind, PointsTxnKind } from '@tongxin/shared';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';

type Db = Kysely<DB>;

/**
 * The ledger: the only code that writes points. A transaction is a set of entries summing to zero;
 * the entry trigger moves each account's balance in the same statement (so a balance is always the
 * sum of its entries and is read in constant time), the account's check refuses a balance below
 * zero except for the issuing account, and a constraint trigger re-checks the sum at commit.
 * Nothing here updates or deletes an entry: a mistake is undone by `reverse`, a new transaction.
 */

export interface Entry {
  accountId: string;
  amount: number;
}

export interface PostTxn {
  townId: string;
  kind: PointsTxnKind;
  memo: string;
  entries: Entry[];
  createdBy?: string | null;
  serviceRecordId?: string | null;
  redemptionId?: string | null;
  adjustmentId?: string | null;
  reversesId?: string | null;
  shortfall?: number;
}

/** Accounts are locked in this order, whatever the transaction, so two postings never deadlock. */
const LOCK_RANK: Record<PointsAccountKind, number> = { volunteer: 0, team: 0, hold: 1, merchant: 2, issuing: 3 };

export interface AccountRow {
  id: string;
  kind: PointsAccountKind;
  balance: number;
  town_id: string;
}

/** Lock accounts (rank order, then id) and return them; call before reading a balance you will act on. */
export async function lockAccounts(db: Db, ids: string[]): Promise<Map<string, AccountRow>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await sql<AccountRow>`
    select id, kind, balance, town_id from points_account where id in (${sql.join(unique)})
    order by case kind when 'volunteer' then 0 when 'team' then 0 when 'hold' then 1 when 'merchant' then 2 else 3 end, id
    for update`.execute(db);
  return new Map(rows.rows.map((r) => [r.id, r]));
}

/** Post a balanced transaction; returns its id, or null when every amount nets to zero. */
export async function post(db: Db, t: PostTxn): Promise<string | null> {
  const net = new Map<string, number>();
  for (const e of t.entries) {
    if (!Number.isSafeInteger(e.amount)) throw new Error(`points must be whole numbers, got ${e.amount}`);
    net.set(e.accountId, (net.get(e.accountId) ?? 0) + e.amount);
  }
  const entries = [...net].filter(([, amount]) => amount !== 0).map(([accountId, amount]) => ({ accountId, amount }));
  if (entries.length === 0) return null;
  if (entries.reduce((s, e) => s + e.amount, 0) !== 0) throw new Error(`points transaction does not balance: ${JSON.stringify(entries)}`);
  const accounts = await lockAccounts(
    db,
    entries.map((e) => e.accountId),
  );
  for (const e of entries) {
    const a = accounts.get(e.accountId);
    if (!a) throw new Error(`points account ${e.accountId} does not exist`);
    if (a.town_id !== t.townId) throw new Error('a points transaction stays inside one town');
    if (a.kind !== 'issuing' && a.balance + e.amount < 0) throw new AppError('POINTS_INSUFFICIENT');
  }
  const txn = await db
    .insertInto('points_txn')
    .values({
      town_id: t.townId,
      kind: t.kind,
      memo: t.memo.slice(0, 300),
      created_by: t.createdBy ?? null,
      service_record_id: t.serviceRecordId ?? null,
      redemption_id: t.redemptionId ?? null,
      adjustment_id: t.adjustmentId ?? null,
      reverses_id: t.reversesId ?? null,
      shortfall: t.shortfall ?? 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Rank order again, so the entry trigger touches the rows in the order they were locked.
  entries.sort((x, y) => LOCK_RANK[accounts.get(x.accountId)!.kind] - LOCK_RANK[accounts.get(y.accountId)!.kind]);
  await db
    .insertInto('points_entry')
    .values(entries.map((e) => ({ txn_id: txn.id, account_id: e.accountId, amount: e.amount })))
    .execute();
  return txn.id;
}

/**
 * Kinds an admin may reverse: grants and deductions. Points earned from service follow the service
 * record (a correction of its hours posts the difference); holds, settlements, releases and expiry
 * are the system's own moves.
 */
export const REVERSIBLE: readonly PointsTxnKind[] = ['grant', 'deduct'];

/** Undo a transaction with its mirror image (once; the unique index on reverses_id guards a race). */
export async function reverse(db: Db, txnId: string, memo: string, createdBy: string | null): Promise<string> {
  const txn = await db.selectFrom('points_txn').selectAll().where('id', '=', txnId).executeTakeFirst();
  if (!txn) throw new AppError('NOT_FOUND');
  if (!REVERSIBLE.includes(txn.kind)) throw new AppError('POINTS_NOT_REVERSIBLE');
  const done = await db.selectFrom('points_txn').select('id').where('reverses_id', '=', txnId).executeTakeFirst();
  if (done) throw new AppError('POINTS_NOT_REVERSIBLE');
  const entries = await db.selectFrom('points_entry').select(['account_id', 'amount']).where('txn_id', '=', txnId).execute();
  try {
    const id = await post(db, {
      townId: txn.town_id,
      kind: 'reverse',
      memo,
      entries: entries.map((e) => ({ accountId: e.account_id, amount: -e.amount })),
      createdBy,
      reversesId: txnId,
      serviceRecordId: txn.service_record_id,
      adjustmentId: txn.adjustment_id,
    });
    return id!;
  } catch (err) {
    if ((err as { code?: string; constraint?: string }).constraint === 'points_txn_reverses_key')
      throw new AppError('POINTS_NOT_REVERSIBLE');
    throw err;
  }
}

// ------------------------------------------------------------------ accounts

export interface AccountOwner {
  townId: string;
  kind: PointsAccountKind;
  regionId: string;
  volunteerId?: string;
  teamId?: string;
  merchantId?: string;
}

function ownerFilter(o: AccountOwner) {
  switch (o.kind) {
    case 'issuing':
      return sql`town_id = ${o.townId} and kind = 'issuing'`;
    case 'volunteer':
      return sql`volunteer_id = ${o.volunteerId!}`;
    case 'team':
      return sql`team_id = ${o.teamId!}`;
    default:
      return sql`merchant_id = ${o.merchantId!} and kind = ${o.kind}`;
  }
}

/** The owner's account, opened on first use (idempotent under concurrency). */
export async function accountOf(db: Db, o: AccountOwner): Promise<string> {
  const found = await sql<{ id: string }>`select id from points_account where ${ownerFilter(o)}`.execute(db);
  if (found.rows[0]) return found.rows[0].id;
  const target = {
    issuing: sql`(town_id) where kind = 'issuing'`,
    volunteer: sql`(volunteer_id) where volunteer_id is not null`,
    team: sql`(team_id) where team_id is not null`,
    merchant: sql`(merchant_id, kind) where merchant_id is not null`,
    hold: sql`(merchant_id, kind) where merchant_id is not null`,
  }[o.kind];
  await sql`
    insert into points_account (town_id, kind, region_id, volunteer_id, team_id, merchant_id)
    values (${o.townId}, ${o.kind}, ${o.regionId}, ${o.volunteerId ?? null}, ${o.teamId ?? null}, ${o.merchantId ?? null})
    on conflict ${target} do nothing`.execute(db);
  const made = await sql<{ id: string }>`select id from points_account where ${ownerFilter(o)}`.execute(db);
  return made.rows[0]!.id;
}

export function issuingAccount(db: Db, townId: string): Promise<string> {
  return accountOf(db, { townId, kind: 'issuing', regionId: townId });
}

export function volunteerAccount(db: Db, v: { townId: string; volunteerId: string; regionId: string }): Promise<string> {
  return accountOf(db, { townId: v.townId, kind: 'volunteer', regionId: v.regionId, volunteerId: v.volunteerId });
}
