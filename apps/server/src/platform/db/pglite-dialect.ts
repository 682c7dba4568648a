import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly db: PGlite) {}

  async executeQuery<R>(cq: CompiledQuery): Promise<QueryResult<R>> {
    // Like node-postgres: no parameters → simple protocol (multi-statement migrations work);
    // parameters → extended protocol.
    const r =
      cq.parameters.length === 0 ? (await this.db.exec(cq.sql)).at(-1)! : await this.db.query<R>(cq.sql, cq.parameters as unknown[]);
    return {
      rows: (r?.rows ?? []) as R[],
      numAffectedRows: r?.affectedRows !== undefined ? BigInt(r.affectedRows) : undefined,
    };
  }

  async *streamQuery<R>(cq: CompiledQuery, chunkSize = 1000): AsyncIterableIterator<QueryResult<R>> {
    // PGlite has no server-side cursor: fetch, then hand out in chunks.
    const r = await this.db.query<R>(cq.sql, cq.parameters as unknown[]);
    for (let i = 0; i < r.rows.length; i += chunkSize) yield { rows: r.rows.slice(i, i + chunkSize) };
  }
}

const ACQUIRE_TIMEOUT_MS = 30_000;

/**
 * PGlite is one session. The driver hands out a single connection and queues other acquirers,
 * so two Kysely transactions never interleave on it.
 */
class PGliteDriver implements Driver {
  private conn?: PGliteConnection;
  private busy = false;
  private readonly waiters: Array<() => void> = [];

  constructor(private readonly db: PGlite) {}

  async init(): Promise<void> {
    this.conn = new PGliteConnection(this.db);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const since = Date.now();
    while (this.busy) {
      // A query on the outer database object inside an open transaction waits for itself forever
      // (PostgreSQL would just use a second connection). Fail loudly instead of hanging.
      if (Date.now() - since > ACQUIRE_TIMEOUT_MS) {
        throw new Error(
          `PGlite: waited ${ACQUIRE_TIMEOUT_MS} ms for the connection; is a query using db instead of trx inside a transaction?`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ACQUIRE_TIMEOUT_MS);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    this.busy = true;
    return this.conn!;
  }

  async releaseConnection(): Promise<void> {
    this.busy = false;
    this.waiters.shift()?.();
  }

  async beginTransaction(c: DatabaseConnection, s: TransactionSettings): Promise<void> {
    const sql = s.isolationLevel ? `start transaction isolation level ${s.isolationLevel}` : 'begin';
    await c.executeQuery(CompiledQuery.raw(sql));
  }
  async commitTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw('rollback'));
  }
  async savepoint(c: DatabaseConnection, name: string): Promise<void> {
    await c.executeQuery(CompiledQuery.raw(`savepoint ${name}`));
  }
  async rollbackToSavepoint(c: DatabaseConnection, name: string): Promise<void> {
    await c.executeQuery(CompiledQuery.raw(`rollback to savepoint ${name}`));
  }
  async releaseSavepoint(c: DatabaseConnection, name: string): Promise<void> {
    await c.executeQuery(CompiledQuery.raw(`release savepoint ${name}`));
  }
  async destroy(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}

export class PGliteDialect implements Dialect {
  constructor(private readonly db: PGlite) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver() {
    return new PGliteDriver(this.db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
}
