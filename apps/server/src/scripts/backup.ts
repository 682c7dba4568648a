/**
 * npm run backup [-- <file>] — a full backup of the database the server is configured for.
 *
 * PostgreSQL (DATABASE_URL): a pg_dump custom archive, taken while the server runs. The embedded
 * PGlite: a tarball of its data directory; stop the server first. The data key is not in the
 * backup: keep TONGXIN_DATA_KEY (or, in the zero-setup mode, data/data.key) somewhere safe apart
 * from it. Restore with `npm run restore -- <file>`.
 */
import { join, resolve } from 'node:path';
import { loadConfig } from '../config.js';
import { backup, BackupError } from '../maintenance/backup.js';

const config = loadConfig();
const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
const file = resolve(process.argv[2] ?? join(config.dataDir, 'backups', `tongxin-${stamp}${config.databaseUrl ? '.dump' : '.tar.gz'}`));
try {
  const kind = await backup({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir }, file);
  console.log(
    `备份完成 Backup written (${kind === 'postgres' ? 'PostgreSQL, pg_dump custom format' : 'embedded PGlite data directory'}): ${file}`,
  );
  console.log(
    process.env.TONGXIN_DATA_KEY
      ? '数据密钥不在备份中：请另行保管 TONGXIN_DATA_KEY。 The data key is not in the backup: keep TONGXIN_DATA_KEY safe, apart from it.'
      : `数据密钥不在备份中：请另行保管 ${join(config.dataDir, 'data.key')}。 The data key is not in the backup: keep that file safe, apart from it.`,
  );
} catch (err) {
  if (!(err instanceof BackupError)) throw err;
  console.error(err.message);
  process.exit(err.exitCode);
}
// PGlite can leave a handle open after close(); the work is done and closed, so end here.
process.exit(0);
