/**
 * A full backup and restore round trip through the documented commands (`npm run backup`,
 * `npm run restore`): every table comes back row for row, the server starts on the restored
 * database and a person signs in; a restore into a database that holds data is refused and changes
 * nothing; a restore with another data key says so.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database, type DatabaseHandle } from '../../src/platform/db/index.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { backend } from '../helpers.js';
import { prepareFaultTown } from './fixture.js';
import { call, createPgDatabase, repoRoot, startServer, testPgUrl } from './harness.js';
import { adminUrl } from '../pg-admin.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** `npm run backup` / `npm run restore` as a person runs them (the scripts the npm scripts name). */
function npmRun(script: 'backup' | 'restore', args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `apps/server/src/scripts/${script}.ts`, ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', ...env },
    encoding: 'utf8',
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Every table's row count and a digest of its rows, in a stable order. */
async function fingerprint(db: Database): Promise<Record<string, string>> {
  const tables = await sql<{ t: string }>`select tablename as t from pg_tables where schemaname = 'public' order by 1`.execute(db);
  const out: Record<string, string> = {};
  for (const { t } of tables.rows) {
    const r = await sql<{ n: string; d: string | null }>`
      select count(*) as n, md5(string_agg(x::text, '|' order by x::text)) as d from ${sql.table(t)} x`.execute(db);
    out[t] = `${r.rows[0]!.n}:${r.rows[0]!.d ?? ''}`;
  }
  return out;
}

async function seeded(handle: DatabaseHandle, dataKey: Buffer) {
  await prepareFaultTown(handle, dataKey, { volunteers: 4, occurrences: 1, capacity: 2, requests: 2, stock: 2, records: 2 });
  return fingerprint(handle.db);
}

async function signIn(port: number) {
  return call(port, null, 'POST', '/api/auth/login', { mobile: '13800000001', password: 'Tongxin2026' });
}

describe.skipIf(backend !== 'postgres')('backup and restore (PostgreSQL)', () => {
  it('round-trips every row through pg_dump/pg_restore and refuses a target that holds data', { timeout: 120_000 }, async () => {
    const source = await createPgDatabase();
    cleanups.push(() => source.drop());
    const dataKey = randomBytes(32);
    const handle = await openDatabase({ databaseUrl: source.url, poolSize: 2 });
    const before = await seeded(handle, dataKey);
    await handle.close();
    const dir = mkdtempSync(join(tmpdir(), 'tongxin-backup-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'town.dump');
    const key = dataKey.toString('base64');

    const b = npmRun('backup', [file], { DATABASE_URL: source.url, TONGXIN_DATA_KEY: key, DATA_DIR: dir });
    expect(b.status, b.out).toBe(0);
    expect(b.out).toContain('备份完成');

    // Into a new, empty database (not from the migrated template: the backup brings the schema).
    const { default: pg } = await import('pg');
    const name = `tongxin_restore_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl(testPgUrl()) });
    await admin.connect();
    await admin.query(`create database ${name} template template0 encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8'`);
    await admin.end();
    cleanups.push(async () => {
      const c = new pg.Client({ connectionString: adminUrl(testPgUrl()) });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    });
    const target = new URL(testPgUrl());
    target.pathname = `/${name}`;
    const r = npmRun('restore', [file], { DATABASE_URL: target.toString(), TONGXIN_DATA_KEY: key, DATA_DIR: dir });
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain('恢复完成');

    const restored = await openDatabase({ databaseUrl: target.toString(), poolSize: 2 });
    cleanups.push(() => restored.close());
    expect(await fingerprint(restored.db)).toEqual(before);

    // A second restore into the same (now full) database is refused, and changes nothing.
    const again = npmRun('restore', [file], { DATABASE_URL: target.toString(), TONGXIN_DATA_KEY: key, DATA_DIR: dir });
    expect(again.status).toBe(2);
    expect(again.out).toContain('not empty');
    expect(await fingerprint(restored.db)).toEqual(before);

    // The server runs on the restored database with the original key.
    const server = await startServer({ databaseUrl: target.toString(), dataDir: dir, dataKey });
    cleanups.push(() => server.stop());
    expect((await signIn(server.port)).status).toBe(200);
  });
});

describe.skipIf(backend !== 'pglite')('backup and restore (embedded PGlite)', () => {
  it('round-trips the data directory, refuses a full one without --force, and checks the data key', { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tongxin-backup-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const dataKey = randomBytes(32);
    const key = dataKey.toString('base64');
    const home = join(dir, 'home');
    const setup = await openDatabase({ pgliteDir: join(home, 'pglite') });
    await migrate(setup.db);
    const before = await seeded(setup, dataKey);
    await setup.close();

    const file = join(dir, 'town.tar.gz');
    const b = npmRun('backup', [file], { DATA_DIR: home, TONGXIN_DATA_KEY: key });
    expect(b.status, b.out).toBe(0);

    // Into a new data directory.
    const elsewhere = join(dir, 'elsewhere');
    const r = npmRun('restore', [file], { DATA_DIR: elsewhere, TONGXIN_DATA_KEY: key });
    expect(r.status, r.out).toBe(0);
    const restored = await openDatabase({ pgliteDir: join(elsewhere, 'pglite') });
    expect(await fingerprint(restored.db)).toEqual(before);
    await restored.close();

    // Over a full directory: refused without --force; with it, the old one is moved aside.
    expect(npmRun('restore', [file], { DATA_DIR: elsewhere, TONGXIN_DATA_KEY: key }).status).toBe(2);
    // With another key: restored, but the command says the key does not open the data.
    const wrongKey = npmRun('restore', [file, '--force'], { DATA_DIR: elsewhere, TONGXIN_DATA_KEY: randomBytes(32).toString('base64') });
    expect(wrongKey.status, wrongKey.out).toBe(3);
    expect(wrongKey.out).toContain('moved to');

    const server = await startServer({ dataDir: elsewhere, dataKey });
    cleanups.push(() => server.stop());
    expect((await signIn(server.port)).status).toBe(200);
  });
});
