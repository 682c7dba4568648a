import { sql } from 'kysely';
import { isRole } from '@tongxin/shared';
import type { Database } from '../db/index.js';
import { randomToken, sha256 } from '../crypto.js';
import type { Actor } from './actor.js';

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

/** The actor behind a session cookie, or null when it is unknown, expired or the account is disabled. */
interface GrantRow {
  id: string;
  role: string;
  regionId: string;
  regionPath: string;
  townId: string;
}

export async function resolveSession(db: Database, token: string): Promise<Actor | null> {
  if (!token || token.length > 100) return null;
  const id = sha256(token);
  // One round trip: the session, its account and the account's grants (every request pays this).
  const row = await db
    .selectFrom('session')
    .innerJoin('account', 'account.id', 'session.account_id')
    .select([
      'session.id as sessionId',
      'session.csrf_token as csrfToken',
      'session.last_seen_at as lastSeenAt',
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
  return {
    accountId: row.accountId,
    name: row.name,
    townId: row.townId,
    homeRegionId: row.homeRegionId,
    sessionId: row.sessionId,
    csrfToken: row.csrfToken,
    grants: grants.flatMap((g) => (isRole(g.role) ? [{ ...g, role: g.role }] : [])),
  };
}

export async function deleteSession(db: Database, sessionId: string): Promise<void> {
  await db.deleteFrom('session').where('id', '=', sessionId).execute();
}

export async function deleteOtherSessions(db: Database, accountId: string, keepSessionId: string | null): Promise<void> {
  let q = db.deleteFrom('session').where('account_id', '=', accountId);
  if (keepSessionId) q = q.where('id', '!=', keepSessionId);
  await q.execute();
}
