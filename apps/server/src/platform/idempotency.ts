import type { Kysely } from 'kysely';
import type { DB } from './db/schema.js';
import { AppError } from './errors.js';

/** The header a client sends to make a write safe to retry. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/**
 * Runs `work` once per (account, key). Call it inside the write's transaction: the key's row is
 * inserted first, so a retry that arrives while the first attempt is still running waits on the
 * row and then answers what the first attempt stored; if the first attempt failed, its row rolled
 * back with it and the retry runs afresh. The same key on another route is refused.
 */
export async function once<T>(
  trx: Kysely<DB>,
  key: { accountId: string; key: string | undefined; route: string },
  work: () => Promise<T>,
): Promise<{ value: T; replayed: boolean }> {
  if (!key.key) return { value: await work(), replayed: false };
  if (key.key.length > 200)
    throw new AppError('VALIDATION_FAILED', { details: [{ path: 'headers/idempotency-key', message: 'at most 200 characters' }] });
  const claimed = await trx
    .insertInto('idempotency_key')
    .values({ account_id: key.accountId, key: key.key, route: key.route })
    .onConflict((oc) => oc.columns(['account_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (!claimed) {
    const earlier = await trx
      .selectFrom('idempotency_key')
      .select(['route', 'response'])
      .where('account_id', '=', key.accountId)
      .where('key', '=', key.key)
      .executeTakeFirstOrThrow();
    if (earlier.route !== key.route) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    // jsonb comes back parsed on both backends.
    return { value: earlier.response as T, replayed: true };
  }
  const value = await work();
  await trx
    .updateTable('idempotency_key')
    .set({ status: 200, response: JSON.stringify(value ?? null) })
    .where('account_id', '=', key.accountId)
    .where('key', '=', key.key)
    .execute();
  return { value, replayed: false };
}
