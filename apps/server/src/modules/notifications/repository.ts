import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

// 'authenticated' routes: every query is pinned to the caller's own account id.

export async function findInbox(db: Kysely<DB>, accountId: string, opts: { unreadOnly: boolean; offset: number; limit: number }) {
  let q = db.selectFrom('notification').where('account_id', '=', accountId);
  if (opts.unreadOnly) q = q.where('read_at', 'is', null);
  const [items, total, unread] = await Promise.all([
    q.selectAll().orderBy('created_at', 'desc').orderBy('id').offset(opts.offset).limit(opts.limit).execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    db
      .selectFrom('notification')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('account_id', '=', accountId)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n), unread: Number(unread.n) };
}

export async function markRead(db: Kysely<DB>, accountId: string, id: string): Promise<boolean> {
  const r = await db
    .updateTable('notification')
    .set((eb) => ({ read_at: eb.fn.coalesce('read_at', eb.val(new Date())) }))
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function markAllRead(db: Kysely<DB>, accountId: string): Promise<number> {
  const r = await db
    .updateTable('notification')
    .set({ read_at: new Date() })
    .where('account_id', '=', accountId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function getPreference(db: Kysely<DB>, accountId: string) {
  return db.selectFrom('notification_preference').selectAll().where('account_id', '=', accountId).executeTakeFirst();
}

export async function upsertPreference(
  db: Kysely<DB>,
  row: {
    account_id: string;
    town_id: string;
    email_enabled: boolean;
    email_cipher: string | null;
    webhook_enabled: boolean;
    quiet_start: string | null;
    quiet_end: string | null;
  },
): Promise<void> {
  await db
    .insertInto('notification_preference')
    .values(row)
    .onConflict((oc) =>
      oc.column('account_id').doUpdateSet({
        email_enabled: row.email_enabled,
        email_cipher: row.email_cipher,
        webhook_enabled: row.webhook_enabled,
        quiet_start: row.quiet_start,
        quiet_end: row.quiet_end,
        updated_at: new Date(),
      }),
    )
    .execute();
}
