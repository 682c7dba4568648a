import { sql } from 'kysely';
import { isRole } from '@tongxin/shared';
import type { Database } from '../db/index.js';
import { randomToken, sha256 } from '../crypto.js';
import type { Actor } from './actor.js';
import { sessionCacheOf, SESSIONS_CHANNEL, type SessionCache } from './session-cache.js';

export const SESSION_COOKIE = 'tx_session';
export const CSRF_COOKIE = 'tx_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(
  db: Database,
  accountId: string,
  days: number,
  meta: { ip: string | null; userAgent: string | null },
): Promise<NewSession> {
  const token = randomToken();
  const csrfToken = randomToken(18);
  const expiresAt = new Date(Date.now() + days * 86_400_000);
  await db
    .insertInto('session')
    .values({
      id: sha256(token),
      account_id: accountId,
      csrf_token: csrfToken,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
      expires_at: expiresAt,
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

interface GrantRow {
  id: string;
  role: string;
  regionId: string;
  regionPath: string;
  townId: string;
}

/**
 * The actor behind a session cookie, or null when it is unknown, expired or the account is disabled.
 * With a cache, a session read in the last few seconds is not read again (see SessionCache).
 */
export async function resolveSession(db: Database, token: string, cache?: SessionCache): Promise<Actor | null> {
  if (!token || token.length > 100) return null;
  const id = sha256(token);
  const cached = cache?.get(id);
  if (cached) return cached;
  const epoch = cache?.epoch ?? 0;
  // One round trip: the session, its account and the account's grants.
  const row = await db
    .selectFrom('session')
    .innerJoin('account', 'account.id', 'session.account_id')
    .select([
      'session.id as sessionId',
      'session.csrf_token as csrfToken',
      'session.last_seen_at as lastSeenAt',
      'session.expires_at as expiresAt',
      'account.id as accountId',
      'account.name',
      'account.town_id as townId',
      'account.home_region_id as homeRegionId',
      'account.disabled',
      sql<GrantRow[] | string | null>`(select json_agg(json_build_object('id', g.id, 'role', g.role, 'regionId', g.region_id,
        'regionPath', r.path, 'townId', g.town_id) order by r.path)
        from role_grant g join region r on r.id = g.region_id where g.account_id = account.id)`.as('grants'),
    ])
    .where('session.id', '=', id)
    .where('session.expires_at', '>', new Date())
    .executeTakeFirst();
  if (!row || row.disabled) return null;
  const grants: GrantRow[] = typeof row.grants === 'string' ? (JSON.parse(row.grants) as GrantRow[]) : (row.grants ?? []);
  // Sliding expiry costs a write; do it at most every ten minutes.
  if (Date.now() - row.lastSeenAt.getTime() > 600_000) {
    await db.updateTable('session').set({ last_seen_at: new Date() }).where('id', '=', id).execute();
  }
  // Shared by every request the cache serves it to: nobody may change it.
  const actor: Actor = Object.freeze({
    accountId: row.accountId,
    name: row.name,
    townId: row.townId,
    homeRegionId: row.homeRegionId,
    sessionId: row.sessionId,
    csrfToken: row.csrfToken,
    grants: Object.freeze(grants.flatMap((g) => (isRole(g.role) ? [Object.freeze({ ...g, role: g.role })] : []))) as Actor['grants'],
  });
  cache?.put(id, actor, row.expiresAt, epoch);
  return actor;
}

/**
 * After a committed change to accounts' sessions, account or grants: drop what this instance
 * cached for them at once, tell every instance, and wait (briefly) for the message to come back,
 * so that by the time the caller answers, the other instances have heard it too.
 */
export async function sessionsChanged(db: Database, accountIds: readonly string[]): Promise<void> {
  const cache = sessionCacheOf(db);
  if (!cache || accountIds.length === 0) return;
  cache.forgetAccounts(accountIds);
  const echo = cache.echoOf(accountIds[0]!, 1000);
  await sql`select pg_notify(${SESSIONS_CHANNEL}, ${accountIds.join(',')})`.execute(db);
  await echo;
}

export async function deleteSession(db: Database, sessionId: string): Promise<void> {
  await db.deleteFrom('session').where('id', '=', sessionId).execute();
}

export async function deleteOtherSessions(db: Database, accountId: string, keepSessionId: string | null): Promise<void> {
  let q = db.deleteFrom('session').where('account_id', '=', accountId);
  if (keepSessionId) q = q.where('id', '!=', keepSessionId);
  await q.execute();
}
