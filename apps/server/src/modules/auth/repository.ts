import { sql, type Kysely } from 'kysely';
import type { AccountRow, DB } from '../../platform/db/schema.js';

export async function findAccountByMobileHash(db: Kysely<DB>, mobileHash: string): Promise<AccountRow | undefined> {
  return db.selectFrom('account').selectAll().where('mobile_hash', '=', mobileHash).executeTakeFirst();
}

export async function getAccount(db: Kysely<DB>, id: string): Promise<AccountRow | undefined> {
  return db.selectFrom('account').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Count a failure atomically; lock the account when the count reaches the limit. */
export async function recordLoginFailure(
  db: Kysely<DB>,
  id: string,
  maxFailures: number,
  lockMinutes: number,
): Promise<{ failed_logins: number; locked_until: Date | null }> {
  return db
    .updateTable('account')
    .set({
      failed_logins: sql`case when failed_logins + 1 >= ${maxFailures} then 0 else failed_logins + 1 end`,
      locked_until: sql`case when failed_logins + 1 >= ${maxFailures} then now() + make_interval(mins => ${lockMinutes}) else locked_until end`,
    })
    .where('id', '=', id)
    .returning(['failed_logins', 'locked_until'])
    .executeTakeFirstOrThrow();
}

export async function recordLoginSuccess(db: Kysely<DB>, id: string): Promise<void> {
  await db.updateTable('account').set({ failed_logins: 0, locked_until: null }).where('id', '=', id).execute();
}

export async function setPasswordHash(db: Kysely<DB>, id: string, passwordHash: string): Promise<void> {
  await db
    .updateTable('account')
    .set({ password_hash: passwordHash, password_changed_at: new Date(), updated_at: new Date(), failed_logins: 0, locked_until: null })
    .where('id', '=', id)
    .execute();
}

export async function setPreferences(db: Kysely<DB>, id: string, prefs: { locale?: string; large_text?: boolean }): Promise<void> {
  await db
    .updateTable('account')
    .set({ ...prefs, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function listGrants(db: Kysely<DB>, accountIds: string[]) {
  if (accountIds.length === 0) return [];
  return db
    .selectFrom('role_grant')
    .select(['id', 'account_id', 'role', 'region_id', 'town_id'])
    .where('account_id', 'in', accountIds)
    .orderBy('created_at')
    .execute();
}
