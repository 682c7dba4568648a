import { sql, type Kysely } from 'kysely';
import type { Role } from '@tongxin/shared';
import type { AccountRow, DB } from '../../platform/db/schema.js';
import type { Scope } from '../../platform/scope.js';

export interface AccountFilter {
  regionPath?: string;
  role?: Role;
  name?: string;
  mobileHash?: string;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function filtered(db: Kysely<DB>, scope: Scope, f: AccountFilter) {
  let q = db.selectFrom('account').where((eb) => scope.regionIn(eb.ref('account.home_region_id')));
  if (f.regionPath) {
    const prefix = f.regionPath;
    q = q.where('account.home_region_id', 'in', (eb) =>
      eb.selectFrom('region').select('region.id').where('region.path', 'like', `${prefix}%`),
    );
  }
  if (f.role) {
    const role = f.role;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('role_grant')
          .select('role_grant.id')
          .whereRef('role_grant.account_id', '=', 'account.id')
          .where('role_grant.role', '=', role),
      ),
    );
  }
  if (f.mobileHash) q = q.where('account.mobile_hash', '=', f.mobileHash);
  else if (f.name) q = q.where('account.name', 'like', `%${escapeLike(f.name)}%`);
  return q;
}

export async function findAccounts(db: Kysely<DB>, scope: Scope, f: AccountFilter, page: { offset: number; limit: number }) {
  const [items, total] = await Promise.all([
    filtered(db, scope, f)
      .selectAll('account')
      .orderBy('account.created_at', 'desc')
      .orderBy('account.id')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    filtered(db, scope, f)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export async function getAccountInScope(db: Kysely<DB>, scope: Scope, id: string): Promise<AccountRow | undefined> {
  return db
    .selectFrom('account')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => scope.regionIn(eb.ref('account.home_region_id')))
    .executeTakeFirst();
}

export async function insertAccount(
  trx: Kysely<DB>,
  values: Pick<AccountRow, 'town_id' | 'home_region_id' | 'name' | 'mobile_hash' | 'mobile_cipher' | 'mobile_masked' | 'password_hash'>,
): Promise<string> {
  const row = await trx.insertInto('account').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateAccount(
  trx: Kysely<DB>,
  id: string,
  patch: Partial<Pick<AccountRow, 'name' | 'disabled' | 'home_region_id' | 'town_id'>>,
): Promise<void> {
  await trx
    .updateTable('account')
    .set({ ...patch, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function setPassword(trx: Kysely<DB>, id: string, passwordHash: string): Promise<void> {
  await trx
    .updateTable('account')
    .set({ password_hash: passwordHash, password_changed_at: new Date(), updated_at: new Date(), failed_logins: 0, locked_until: null })
    .where('id', '=', id)
    .execute();
}

export async function deleteSessions(trx: Kysely<DB>, accountId: string): Promise<void> {
  await trx.deleteFrom('session').where('account_id', '=', accountId).execute();
}

export async function insertGrant(
  trx: Kysely<DB>,
  values: { town_id: string; account_id: string; role: Role; region_id: string; granted_by: string | null },
): Promise<string> {
  const row = await trx.insertInto('role_grant').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function getGrant(trx: Kysely<DB>, accountId: string, grantId: string) {
  return trx
    .selectFrom('role_grant')
    .innerJoin('region', 'region.id', 'role_grant.region_id')
    .select(['role_grant.id', 'role_grant.role', 'role_grant.region_id', 'region.path', 'role_grant.town_id'])
    .where('role_grant.id', '=', grantId)
    .where('role_grant.account_id', '=', accountId)
    .executeTakeFirst();
}

export async function deleteGrant(trx: Kysely<DB>, grantId: string): Promise<void> {
  await trx.deleteFrom('role_grant').where('id', '=', grantId).execute();
}

export async function lockAccount(trx: Kysely<DB>, id: string): Promise<void> {
  await sql`select id from account where id = ${id} for update`.execute(trx);
}
