import type { FastifyBaseLogger } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { Database } from './db/index.js';
import type { DB } from './db/schema.js';
import type { Clock } from './clock.js';

export interface Job<P = unknown> {
  id: string;
  name: string;
  key: string | null;
  runAt: Date;
  payload: P;
  attempts: number;
}

/** A handler runs inside the transaction that marks its job done: its writes and "done" commit together. */
export type JobHandler<P = unknown> = (trx: Kysely<DB>, job: Job<P>, now: Date) => Promise<void>;

export interface ScheduleJob {
  name: string;
  runAt: Date;
  payload?: unknown;
  /** One pending job per key: scheduling a key again moves it (a deadline that changed). */
  key?: string;
}

const MAX_ATTEMPTS = 5;

/** Put a job on the queue inside the caller's transaction, so it exists exactly when the write commits. */
export async function scheduleJob(trx: Kysely<DB>, job: ScheduleJob): Promise<void> {
  const values = {
    name: job.name,
    key: job.key ?? null,
    run_at: job.runAt,
    payload: JSON.stringify(job.payload ?? {}),
  };
  if (!job.key) {
    await trx.insertInto('job').values(values).execute();
    return;
  }
  await trx
    .insertInto('job')
    .values(values)
    .onConflict((oc) =>
      oc
        .column('key')
        .where('key', 'is not', null)
        .doUpdateSet({ name: job.name, run_at: job.runAt, payload: values.payload, done_at: null, attempts: 0, last_error: null }),
    )
    .execute();
}

/** Drop pending keyed jobs (a request that closed needs no more deadline checks). */
export async function cancelJobs(trx: Kysely<DB>, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await trx.deleteFrom('job').where('key', 'in', keys).where('done_at', 'is', null).execute();
}

/**
 * The platform's job queue, on the application's own database (PGlite or PostgreSQL, no extra
 * server). `runDue()` takes one due job at a time with FOR UPDATE SKIP LOCKED and runs its handler
 * in that same transaction, which also marks it done; a second instance skips the locked row and
 * finds it done afterwards, so each job's effects happen once. A failing handler rolls back and the
 * job is retried with backoff, five times at most.
 */
export class JobRunner {
  private readonly handlers = new Map<string, JobHandler<never>>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly log: FastifyBaseLogger,
    private readonly everyMs = 1_000,
  ) {}

  register<P>(name: string, handler: JobHandler<P>): void {
    this.handlers.set(name, handler as JobHandler<never>);
  }

  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.running = this.runDue()
        .catch((err) => this.log.warn({ err }, 'job run failed'))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, this.everyMs);
        });
    };
    this.timer = setTimeout(tick, this.everyMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Run every job due by the clock's now, one transaction each; returns how many ran. */
  async runDue(limit = 200): Promise<number> {
    let ran = 0;
    for (; ran < limit; ran++) {
      const outcome = await this.runOne();
      if (outcome === 'none') break;
    }
    return ran;
  }

  private async runOne(): Promise<'ran' | 'failed' | 'none'> {
    const now = this.clock.now();
    let failed: { id: string; attempts: number; error: string } | undefined;
    const outcome = await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('job')
        .select(['id', 'name', 'key', 'run_at', 'payload', 'attempts'])
        .where('done_at', 'is', null)
        .where('run_at', '<=', now)
        .orderBy('run_at')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!row) return 'none' as const;
      const handler = this.handlers.get(row.name);
      const job: Job<never> = {
        id: row.id,
        name: row.name,
        key: row.key,
        runAt: new Date(row.run_at),
        payload: (row.payload ?? {}) as never,
        attempts: row.attempts,
      };
      if (!handler) {
        await trx.updateTable('job').set({ done_at: now, last_error: 'no handler' }).where('id', '=', row.id).execute();
        this.log.warn({ job: row.name }, 'job without a handler dropped');
        return 'ran' as const;
      }
      await sql`savepoint job_handler`.execute(trx);
      try {
        await handler(trx, job, now);
        // A handler may schedule its own key again (a pool that widens again later): then it stays pending.
        await trx.updateTable('job').set({ done_at: now }).where('id', '=', row.id).where('run_at', '=', row.run_at).execute();
        return 'ran' as const;
      } catch (err) {
        await sql`rollback to savepoint job_handler`.execute(trx);
        failed = { id: row.id, attempts: row.attempts + 1, error: err instanceof Error ? err.message : String(err) };
        this.log.warn({ err, job: row.name }, 'job failed');
        const dead = failed.attempts >= MAX_ATTEMPTS;
        await trx
          .updateTable('job')
          .set({
            attempts: failed.attempts,
            last_error: failed.error.slice(0, 1000),
            run_at: new Date(now.getTime() + 30_000 * 2 ** failed.attempts),
            done_at: dead ? now : null,
          })
          .where('id', '=', row.id)
          .execute();
        return 'failed' as const;
      }
    });
    return outcome;
  }
}
