import type { FastifyBaseLogger } from 'fastify';
import type { Notification } from '@tongxin/shared/schemas';
import type { DatabaseHandle } from '../db/index.js';
import { LIVE_CHANNEL } from './notifier.js';

export interface LiveEvent {
  type: 'notification' | 'unread' | 'change';
  data: unknown;
}
type Send = (event: LiveEvent) => void;

/**
 * Live updates across server instances: every instance LISTENs on one channel; a NOTIFY names an
 * account and a notification, and the instance that holds that person's open streams loads it and
 * pushes it to them.
 */
export class LiveHub {
  private readonly subscribers = new Map<string, Set<Send>>();
  private unlisten?: () => Promise<void>;

  constructor(
    private readonly database: DatabaseHandle,
    private readonly log: FastifyBaseLogger,
  ) {}

  async start(): Promise<void> {
    if (this.unlisten) return;
    this.unlisten = await this.database.listen(
      LIVE_CHANNEL,
      (payload) => {
        void this.dispatch(payload).catch((err) => this.log.warn({ err }, 'live dispatch failed'));
      },
      { onReconnect: () => void this.resync().catch((err) => this.log.warn({ err }, 'live resync failed')) },
    );
  }

  /**
   * The LISTEN connection came back after a drop (PostgreSQL restarted): whatever was sent
   * meanwhile is lost, so every open stream gets its unread count again.
   */
  private async resync(): Promise<void> {
    this.log.warn({ streams: this.connectionCount }, 'live updates resumed after the database connection dropped; open streams resynced');
    for (const [accountId, subs] of this.subscribers) {
      const unread = await this.unreadCount(accountId);
      for (const send of subs) send({ type: 'unread', data: { unread } });
    }
  }

  async stop(): Promise<void> {
    const u = this.unlisten;
    this.unlisten = undefined;
    this.subscribers.clear();
    await u?.();
  }

  subscribe(accountId: string, send: Send): () => void {
    let set = this.subscribers.get(accountId);
    if (!set) this.subscribers.set(accountId, (set = new Set()));
    set.add(send);
    return () => {
      set.delete(send);
      if (set.size === 0) this.subscribers.delete(accountId);
    };
  }

  /** Open streams on this instance, for readiness and tests. */
  get connectionCount(): number {
    let n = 0;
    for (const s of this.subscribers.values()) n += s.size;
    return n;
  }

  async unreadCount(accountId: string): Promise<number> {
    const row = await this.database.db
      .selectFrom('notification')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('account_id', '=', accountId)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  private async dispatch(payload: string): Promise<void> {
    let msg: { a?: string; n?: string; as?: string[]; c?: unknown };
    try {
      msg = JSON.parse(payload);
    } catch {
      return;
    }
    if (Array.isArray(msg.as) && msg.c) {
      // A change to something these people look at: their open pages re-fetch it.
      for (const accountId of msg.as) {
        for (const send of this.subscribers.get(accountId) ?? []) send({ type: 'change', data: msg.c });
      }
      return;
    }
    const subs = msg.a ? this.subscribers.get(msg.a) : undefined;
    if (!subs?.size || !msg.a) return;
    if (!msg.n) {
      // Something was read (maybe on another device): every open stream gets the new count.
      const unread = await this.unreadCount(msg.a);
      for (const send of subs) send({ type: 'unread', data: { unread } });
      return;
    }
    const row = await this.database.db
      .selectFrom('notification')
      .selectAll()
      .where('id', '=', msg.n)
      .where('account_id', '=', msg.a)
      .executeTakeFirst();
    if (!row) return;
    const notification: Notification = {
      id: row.id,
      kind: row.kind,
      title: row.title,
      body: row.body,
      link: row.link,
      createdAt: row.created_at.toISOString(),
      readAt: row.read_at ? row.read_at.toISOString() : null,
    };
    const unread = await this.unreadCount(msg.a);
    for (const send of subs) {
      send({ type: 'notification', data: notification });
      send({ type: 'unread', data: { unread } });
    }
  }
}
