import { sql, type Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { DB } from '../db/schema.js';
import type { Database } from '../db/index.js';
import type { DataCipher } from '../crypto.js';
import { afterQuietHours } from './quiet-hours.js';

export const LIVE_CHANNEL = 'tongxin_live';

export interface NotifyMessage {
  townId: string;
  accountId: string;
  kind: string;
  title: string;
  body: string;
  link?: string | null;
  data?: unknown;
}

/**
 * The one way any module tells a person something. Runs inside the caller's transaction: the
 * inbox row, the outbound deliveries and the live signal all happen on commit or not at all, and
 * nothing is sent here, so no channel can slow down or fail the request that caused the message.
 */
export class Notifier {
  constructor(private readonly deps: { db: Database; cipher: DataCipher; config: Pick<Config, 'smtpUrl' | 'webhookUrl'> }) {}

  async notify(trx: Kysely<DB>, msg: NotifyMessage): Promise<string> {
    const { id } = await trx
      .insertInto('notification')
      .values({
        town_id: msg.townId,
        account_id: msg.accountId,
        kind: msg.kind,
        title: msg.title.slice(0, 200),
        body: msg.body.slice(0, 4000),
        link: msg.link ?? null,
        data: msg.data === undefined ? null : JSON.stringify(msg.data),
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const pref = await trx
      .selectFrom('notification_preference')
      .innerJoin('town', 'town.id', 'notification_preference.town_id')
      .select(['email_enabled', 'email_cipher', 'webhook_enabled', 'quiet_start', 'quiet_end', 'town.timezone'])
      .where('account_id', '=', msg.accountId)
      .executeTakeFirst();
    if (pref) {
      const channels: Array<'email' | 'webhook'> = [];
      if (pref.email_enabled && pref.email_cipher && this.deps.config.smtpUrl) channels.push('email');
      if (pref.webhook_enabled && this.deps.config.webhookUrl) channels.push('webhook');
      if (channels.length) {
        const quiet = pref.quiet_start && pref.quiet_end ? { start: pref.quiet_start, end: pref.quiet_end } : null;
        const due = afterQuietHours(new Date(), quiet, pref.timezone);
        await trx
          .insertInto('notification_delivery')
          .values(channels.map((channel) => ({ town_id: msg.townId, notification_id: id, channel, next_attempt_at: due })))
          .execute();
      }
    }
    // Delivered by PostgreSQL on commit, to every server instance listening.
    await sql`select pg_notify(${LIVE_CHANNEL}, ${JSON.stringify({ a: msg.accountId, n: id })})`.execute(trx);
    return id;
  }
}

/** Tell every instance that a person's unread count changed (they read something). */
export async function signalUnreadChanged(trx: Kysely<DB>, accountId: string): Promise<void> {
  await sql`select pg_notify(${LIVE_CHANNEL}, ${JSON.stringify({ a: accountId })})`.execute(trx);
}

/** Something a person is looking at changed (a help request moved on): their open pages re-fetch it. */
export interface LiveChange {
  topic: string;
  id: string;
  status?: string;
}

/** Tell every instance, on commit, that these people's views of something changed. */
export async function signalChange(trx: Kysely<DB>, accountIds: Iterable<string>, change: LiveChange): Promise<void> {
  const as = [...new Set(accountIds)];
  // NOTIFY payloads stop at 8,000 bytes: 150 ids of 36 characters per signal stay well inside.
  for (let i = 0; i < as.length; i += 150) {
    await sql`select pg_notify(${LIVE_CHANNEL}, ${JSON.stringify({ as: as.slice(i, i + 150), c: change })})`.execute(trx);
  }
}
