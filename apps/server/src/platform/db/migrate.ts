import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './index.js';

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../migrations');

/** Numbered raw-SQL files, applied in order, each once, each in its own transaction. */
export function listMigrations(dir = MIGRATIONS_DIR): Array<{ id: string; sql: string }> {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ id: f.replace(/\.sql$/, ''), sql: readFileSync(join(dir, f), 'utf8') }));
}

export async function migrate(db: Database, dir = MIGRATIONS_DIR): Promise<string[]> {
  await sql`create table if not exists _migration (id text primary key, applied_at timestamptz not null default now())`.execute(db);
  const applied: string[] = [];
  for (const m of listMigrations(dir)) {
    const done = await db.transaction().execute(async (trx) => {
      // Two instances starting together: the second waits here, then sees the row and skips.
      await sql`select pg_advisory_xact_lock(7170001)`.execute(trx);
      const exists = await trx.selectFrom('_migration').select('id').where('id', '=', m.id).executeTakeFirst();
      if (exists) return false;
      await sql.raw(m.sql).execute(trx);
      await trx.insertInto('_migration').values({ id: m.id }).execute();
      return true;
    });
    if (done) applied.push(m.id);
  }
  return applied;
}
