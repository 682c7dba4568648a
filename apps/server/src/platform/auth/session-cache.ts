import type { Database, Listen } from '../db/index.js';
import type { Actor } from './actor.js';

/**
 * The channel on which every server instance hears which accounts' sessions changed. Migration
 * 0010 notifies it from triggers (a session deleted, an account changed, a grant added or removed,
 * a region moved: '*'), so a write anywhere reaches every instance on commit; the services that
 * sign people out also notify it themselves and wait for the echo (`sessionsChanged`).
 */
export const SESSIONS_CHANNEL = 'tx_sessions';

interface Entry {
  actor: Actor;
  /** Epoch ms after which the entry is read again from the database. */
  until: number;
}

/**
 * Resolved sessions of this instance, for a few seconds, so that a busy phone costs one session
 * query per TTL instead of one per request. Keyed by the session id (the token's sha256); bounded
 * (the oldest entry goes first). Caching is on only while the invalidation channel listens: a
 * lost connection may have lost messages, so reconnecting clears everything.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private listening = false;
  private stop?: () => Promise<void>;
  /** Bumped by every invalidation: a lookup that started before one must not be cached. */
  private epochValue = 0;
  private readonly echoes = new Set<{ accountId: string; done: () => void }>();

  constructor(
    private readonly ttlMs = 10_000,
    private readonly max = 20_000,
  ) {}

  async start(listen: Listen): Promise<void> {
    if (this.stop) return;
    this.stop = await listen(SESSIONS_CHANNEL, (payload) => this.heard(payload), {
      onReconnect: () => this.clear(),
    });
    this.listening = true;
  }

  async close(): Promise<void> {
    this.listening = false;
    this.clear();
    const stop = this.stop;
    this.stop = undefined;
    await stop?.();
  }

  get epoch(): number {
    return this.epochValue;
  }

  get(sessionId: string, now = Date.now()): Actor | null {
    const e = this.entries.get(sessionId);
    if (!e) return null;
    if (e.until > now) return e.actor;
    this.entries.delete(sessionId);
    return null;
  }

  /** Keep a freshly read actor until the TTL or the session's expiry, unless something changed meanwhile. */
  put(sessionId: string, actor: Actor, expiresAt: Date, epochAtRead: number, now = Date.now()): void {
    if (!this.listening || epochAtRead !== this.epochValue) return;
    this.entries.delete(sessionId);
    this.entries.set(sessionId, { actor, until: Math.min(now + this.ttlMs, expiresAt.getTime()) });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }

  forgetAccounts(accountIds: readonly string[]): void {
    this.epochValue++;
    const gone = new Set(accountIds);
    for (const [id, e] of this.entries) if (gone.has(e.actor.accountId)) this.entries.delete(id);
  }

  clear(): void {
    this.epochValue++;
    this.entries.clear();
  }

  /** Resolves when a message naming the account (or everyone) has come through the channel. */
  echoOf(accountId: string, timeoutMs: number): Promise<void> {
    if (!this.listening) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = {
        accountId,
        done: () => {
          clearTimeout(timer);
          this.echoes.delete(waiter);
          resolve();
        },
      };
      const timer = setTimeout(waiter.done, timeoutMs);
      this.echoes.add(waiter);
    });
  }

  get size(): number {
    return this.entries.size;
  }

  private heard(payload: string): void {
    if (payload === '*') this.clear();
    else this.forgetAccounts(payload.split(','));
    for (const w of this.echoes) if (payload === '*' || payload.split(',').includes(w.accountId)) w.done();
  }
}

/** The cache serving each database handle's requests, so the services that revoke can reach it. */
const caches = new WeakMap<Database, SessionCache>();

export function attachSessionCache(db: Database, cache: SessionCache): void {
  caches.set(db, cache);
}

export function sessionCacheOf(db: Database): SessionCache | undefined {
  return caches.get(db);
}
