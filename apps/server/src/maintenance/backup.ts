/**
 * Backups and restores of the whole database, for `npm run backup` and `npm run restore`.
 *
 * PostgreSQL: `pg_dump --format=custom` (a consistent snapshot taken while the server runs) and
 * `pg_restore` into an empty database, in one transaction. The embedded PGlite: its data
 * directory as a gzipped tarball (PGlite's own dump), taken while the server is stopped (one
 * process at a time), and unpacked into an empty data directory.
 *
 * The data key is never in a backup: personal values stay sealed in it, and the restore checks
 * that the key it is given opens them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readdirSync, readSync, closeSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { DataCipher } from '../platform/crypto.js';
import { openDatabase, type Database } from '../platform/db/index.js';

export class BackupError extends Error {
  constructor(
    message: string,
    /** Exit status for the command: 2 refused before anything changed, 3 restored but the key does not fit. */
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

export interface BackupTarget {
  databaseUrl?: string;
  pgliteDir: string;
}

export type BackupKind = 'postgres' | 'pglite';

/** Which kind a backup file is, from its first bytes: a custom-format dump starts with PGDMP, a gzip with 1f 8b. */
export function backupKind(file: string): BackupKind {
  if (!existsSync(file)) throw new BackupError(`备份文件不存在 No such backup file: ${file}`);
  const fd = openSync(file, 'r');
  const head = Buffer.alloc(5);
  try {
    readSync(fd, head, 0, 5, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1') === 'PGDMP') return 'postgres';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'pglite';
  throw new BackupError(`不是同心的备份文件 Not a Tongxin backup (neither a pg_dump custom archive nor a PGlite dump): ${file}`);
}

function tool(name: 'pg_dump' | 'pg_restore'): string {
  const r = spawnSync(name, ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new BackupError(
      `找不到 ${name}，请安装 PostgreSQL 客户端 (${name} not found; install the PostgreSQL client tools, e.g. apt-get install postgresql-client)`,
    );
  }
  return name;
}

/** Write a backup of the target's database to `file`; returns its kind. */
export async function backup(target: BackupTarget, file: string): Promise<BackupKind> {
  mkdirSync(dirname(file), { recursive: true });
  if (target.databaseUrl) {
    const r = spawnSync(tool('pg_dump'), ['--format=custom', '--no-owner', '--no-privileges', '--file', file, target.databaseUrl], {
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new BackupError(`pg_dump 失败 pg_dump failed: ${r.stderr.trim()}`);
    return 'postgres';
  }
  if (!existsSync(target.pgliteDir)) throw new BackupError(`没有可备份的内嵌数据库 No embedded database at ${target.pgliteDir}`);
  let database;
  try {
    database = await openDatabase({ pgliteDir: target.pgliteDir });
  } catch (err) {
    throw new BackupError(
      `请先停止服务器再备份内嵌数据库 Stop the server before backing up the embedded database (${(err as Error).message})`,
    );
  }
  try {
    const dump = await database.dumpDataDir!();
    writeFileSync(file, gzipSync(Buffer.from(await dump.arrayBuffer())));
  } finally {
    await database.close();
  }
  return 'pglite';
}

async function isEmpty(db: Database): Promise<boolean> {
  const r = await sql<{ n: string }>`select count(*) as n from pg_tables where schemaname = 'public'`.execute(db);
  return Number(r.rows[0]!.n) === 0;
}

export interface RestoreResult {
  kind: BackupKind;
  towns: number;
  accounts: number;
  /** Whether the data key given opens the personal data in the backup (null: nothing sealed to try). */
  keyFits: boolean | null;
  /** PGlite with --force: where the data directory that was there before now is. */
  movedAside?: string;
}

/**
 * Restore `file` into the target, which must be empty (a database without tables, or a missing or
 * empty PGlite directory). `force` lets a PGlite restore move a non-empty directory aside.
 */
export async function restore(target: BackupTarget, file: string, dataKey: Buffer, opts: { force?: boolean } = {}): Promise<RestoreResult> {
  const kind = backupKind(file);
  let movedAside: string | undefined;
  if (kind === 'postgres') {
    if (!target.databaseUrl)
      throw new BackupError(
        '这是 PostgreSQL 备份，请设置 DATABASE_URL This is a PostgreSQL backup: set DATABASE_URL to the (empty) database to restore into',
      );
    const pgRestore = tool('pg_restore');
    const check = await openDatabase({ databaseUrl: target.databaseUrl, poolSize: 1 });
    try {
      if (!(await isEmpty(check.db))) {
        throw new BackupError(
          '目标数据库不是空的，请恢复到新建的空数据库 The target database is not empty; restore into a new, empty database',
        );
      }
    } finally {
      await check.close();
    }
    const r = spawnSync(
      pgRestore,
      ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', '--dbname', target.databaseUrl, file],
      {
        encoding: 'utf8',
      },
    );
    if (r.status !== 0)
      throw new BackupError(`pg_restore 失败，目标数据库未改动 pg_restore failed; nothing was restored: ${r.stderr.trim()}`);
  } else {
    if (target.databaseUrl)
      throw new BackupError('这是内嵌数据库备份，请取消 DATABASE_URL This is an embedded-database backup: unset DATABASE_URL');
    const dir = target.pgliteDir;
    if (existsSync(dir) && readdirSync(dir).length > 0) {
      if (!opts.force) {
        throw new BackupError(
          `数据目录 ${dir} 不是空的；先停止服务器，加 --force 会把它移到一旁 The data directory is not empty; stop the server and add --force to move it aside`,
        );
      }
      movedAside = `${dir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(dir, movedAside);
    }
    const loaded = await openDatabase({ pgliteDir: dir, loadDataDir: new Blob([gunzipSync(readFileSync(file))]) });
    await loaded.close();
  }
  const database =
    kind === 'postgres'
      ? await openDatabase({ databaseUrl: target.databaseUrl!, poolSize: 1 })
      : await openDatabase({ pgliteDir: target.pgliteDir });
  try {
    const counts = await sql<{ towns: string; accounts: string }>`
      select (select count(*) from town) as towns, (select count(*) from account) as accounts`.execute(database.db);
    const sealed = await database.db
      .selectFrom('account')
      .select('mobile_cipher')
      .where('mobile_cipher', 'is not', null)
      .limit(1)
      .executeTakeFirst();
    let keyFits: boolean | null = null;
    if (sealed?.mobile_cipher) {
      try {
        new DataCipher(dataKey).decrypt(sealed.mobile_cipher);
        keyFits = true;
      } catch {
        keyFits = false;
      }
    }
    return { kind, towns: Number(counts.rows[0]!.towns), accounts: Number(counts.rows[0]!.accounts), keyFits, movedAside };
  } finally {
    await database.close();
  }
}
