import { sql } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import { DELIVERY_RETRY_DELAYS } from '@tongxin/shared';
import type { Config } from '../../config.js';
import type { Database } from '../db/index.js';
import type { DataCipher } from '../crypto.js';
import type { Channel } from './channels/types.js';
import { EmailChannel } from './channels/email.js';
import { WebhookChannel } from './channels/webhook.js';

const BATCH = 20;
const LEASE_SECONDS = 120;

/**
 * Sends outbound deliveries after the request that made them has finished. A batch is claimed
 * with FOR UPDATE SKIP LOCKED and leased by pushing next_attempt_at forward, so two instances
 * never send one delivery twice and a crash mid-send retries after the lease.
 */
export class DeliveryWorker {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private readonly channels: Partial<Record<'email' | 'webhook', Channel>> = {};

  constructor(private readonly deps: { db: Database; cipher: DataCipher; config: Config; log: FastifyBaseLogger }) {
    const c = deps.config;
    if (c.smtpUrl) this.channels.email = new EmailChannel(c.smtpUrl, c.smtpFrom);
    if (c.webhookUrl) this.channels.webhook = new WebhookChannel(c.webhookUrl, c.webhookSecret);
  }

  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.running = this.runOnce()
        .catch((err) => this.deps.log.warn({ err }, 'delivery run failed'))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, this.deps.config.deliveryPollMs);
        });
    };
    this.timer = setTimeout(tick, this.deps.config.deliveryPollMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    for (const ch of Object.values(this.channels)) ch.close?.();
  }

  /** Claim and attempt one batch of due deliveries. Returns how many were attempted. */
  async runOnce(): Promise<number> {
    const { db, cipher, log } = this.deps;
    const claimed = await db
      .updateTable('notification_delivery')
      .set({ attempts: sql`attempts + 1`, next_attempt_at: sql`now() + make_interval(secs => ${LEASE_SECONDS})` })
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('notification_delivery')
          .select('id')
          .where('status', '=', 'pending')
          .where('next_attempt_at', '<=', sql<Date>`now()`)
          .orderBy('next_attempt_at')
          .limit(BATCH)
          .forUpdate()
          .skipLocked(),
      )
      .returning(['id', 'notification_id', 'channel', 'attempts'])
      .execute();
    for (const d of claimed) {
      const m = await db
        .selectFrom('notification')
        .innerJoin('account', 'account.id', 'notification.account_id')
        .leftJoin('notification_preference', 'notification_preference.account_id', 'account.id')
        .select([
          'notification.id',
          'notification.kind',
          'notification.title',
          'notification.body',
          'notification.link',
          'notification.created_at',
          'account.id as accountId',
          'account.name',
          'account.mobile_cipher',
          'notification_preference.email_cipher',
        ])
        .where('notification.id', '=', d.notification_id)
        .executeTakeFirst();
      const channel = this.channels[d.channel as 'email' | 'webhook'];
      try {
        if (!m) throw new Error('notification gone');
        if (!channel) throw new Error(`channel ${d.channel} is not configured`);
        await channel.send({
          id: m.id,
          kind: m.kind,
          title: m.title,
          body: m.body,
          link: m.link,
          createdAt: m.created_at.toISOString(),
          recipient: {
            accountId: m.accountId,
            name: m.name,
            mobile: cipher.decrypt(m.mobile_cipher),
            email: m.email_cipher ? cipher.decrypt(m.email_cipher) : null,
          },
        });
        await db
          .updateTable('notification_delivery')
          .set({ status: 'sent', sent_at: new Date(), last_error: null })
          .where('id', '=', d.id)
          .execute();
      } catch (err) {
        const delay = DELIVERY_RETRY_DELAYS[d.attempts - 1];
        const error = String((err as Error)?.message ?? err).slice(0, 500);
        log.warn({ delivery: d.id, channel: d.channel, attempt: d.attempts, error }, 'delivery failed');
        await db
          .updateTable('notification_delivery')
          .set(
            delay === undefined
              ? { status: 'failed', last_error: error }
              : { last_error: error, next_attempt_at: sql`now() + make_interval(secs => ${delay})` },
          )
          .where('id', '=', d.id)
          .execute();
      }
    }
    return claimed.length;
  }
}
