import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { PGlite } from '@electric-sql/pglite';
import type { DB } from './schema.js';

export type Database = Kysely<DB>;

/**
 * A way to hear NOTIFY messages on one channel, whichever backend is underneath. `onReconnect`
 * runs each time a dropped connection listens again: messages sent meanwhile were lost.
 */
export type Listen = (
  channel: string,
  onMessage: (payload: string) => void,
  options?: { onReconnect?: () => void },
) => Promise<() => Promise<void>>;

export interface DatabaseHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  /** PostgreSQL only: the connection URL, so a second instance can open the same database. */
  url?: string;
  listen: Listen;
  /** PGlite only: a tarball of the data directory (test templates, backups). */
  dumpDataDir?: () => Promise<Blob>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string;
  /** PGlite data directory; ignored when databaseUrl is set. `memory://` for an in-memory database. */
  pgliteDir?: string;
  /** PGlite: start from this data-dir dump (tests clone a migrated template this way). */
  loadDataDir?: Blob;
  poolSize?: number;
}

/** `DATABASE_URL` set → PostgreSQL through `pg`; otherwise embedded PGlite. Same SQL, same JS types. */
export async function openDatabase(opts: DatabaseOptions): Promise<DatabaseHandle> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts.poolSize ?? 10) : openPglite(opts);
}

async function openPostgres(url: string, max: number): Promise<DatabaseHandle> {
  const { default: pg } = await import('pg');
  // A `date` is a calendar day, not an instant: keep it as 'YYYY-MM-DD' (the default parser
  // would turn it into local midnight). PGlite gets the same parser below.
  pg.types.setTypeParser(1082, (v: string) => v);
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 5_000 });
  // A dropped connection must not crash the process; the next query gets a fresh one.
  pool.on('error', () => {});
  // The pool listens for errors only on idle clients. A connection that drops while checked out
  // but between statements (inside a transaction) would emit 'error' with no listener and crash
  // the process; the failure reaches the caller through its next query instead.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const listeners = new Set<() => Promise<void>>();
  const listen: Listen = async (channel, onMessage, options) => {
    let client: import('pg').Client | undefined;
    let stopped = false;
    let retry: NodeJS.Timeout | undefined;
    // A dedicated connection per channel. When it drops (PostgreSQL restarted, network blip) it
    // reconnects with backoff and LISTENs again, so live updates resume by themselves.
    const connect = async (attempt: number): Promise<void> => {
      const c = new pg.Client({ connectionString: url });
      c.on('notification', (m) => {
        if (m.channel === channel && m.payload !== undefined) onMessage(m.payload);
      });
      const reconnect = () => {
        if (stopped || client !== c) return;
        client = undefined;
        c.end().catch(() => {});
        retry = setTimeout(() => void connect(1).catch(() => {}), 500);
      };
      c.on('error', reconnect);
      c.on('end', reconnect);
      try {
        client = c;
        await c.connect();
        await c.query(`listen ${quoteIdent(channel)}`);
        if (attempt > 0) options?.onReconnect?.();
      } catch (err) {
        client = undefined;
        c.end().catch(() => {});
        if (attempt === 0) throw err; // the first connection must work: fail the start
        if (!stopped) retry = setTimeout(() => void connect(attempt + 1).catch(() => {}), Math.min(500 * 2 ** attempt, 5_000));
      }
    };
    await connect(0);
    const stop = async () => {
      stopped = true;
      clearTimeout(retry);
      listeners.delete(stop);
      await client?.end().catch(() => {});
    };
    listeners.add(stop);
    return stop;
  };
  return {
    db,
    kind: 'postgres',
    url,
    listen,
    async close() {
      await Promise.all([...listeners].map((stop) => stop()));
      await db.destroy();
    },
  };
}

async function openPglite(opts: DatabaseOptions): Promise<DatabaseHandle> {
  const { PGlite, types } = await import('@electric-sql/pglite');
  const dir = opts.pgliteDir ?? './data/pglite';
  const inMemory = dir.startsWith('memory://');
  let release = () => {};
  if (!inMemory) {
    mkdirSync(dir, { recursive: true }); // PGlite does not create parent directories
    release = lockDataDir(dir);
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(inMemory ? undefined : dir, {
      loadDataDir: opts.loadDataDir,
      // Match node-postgres: int8 and numeric come back as strings on both backends.
      parsers: { [types.INT8]: (v: string) => v, [types.NUMERIC]: (v: string) => v, [types.DATE]: (v: string) => v },
    });
  } catch (err) {
    release();
    throw err;
  }
  const { PGliteDialect } = await import('./pglite-dialect.js');
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  const listen: Listen = async (channel, onMessage) => {
    const unlisten = await pglite.listen(channel, onMessage);
    return async () => unlisten();
  };
  return {
    db,
    kind: 'pglite',
    listen,
    dumpDataDir: () => pglite.dumpDataDir('none'),
    async close() {
      await db.destroy();
      release();
    },
  };
}

/**
 * PGlite has no cross-process lock: two processes on one data directory corrupt it. Keep a pid
 * file and refuse to open while a live process holds it.
 */
function lockDataDir(dir: string): () => void {
  const lockFile = join(dir, '..', `${dir.split(/[\\/]/).filter(Boolean).pop() ?? 'pglite'}.lock`);
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(`The embedded database at ${dir} is in use by process ${pid}. Stop it first.`);
    }
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export async function ping(db: Database): Promise<void> {
  await sql`select 1`.execute(db);
}

export { TOTAL_CAP, countUpTo, type BoundedTotal } from './count.js';
