/**
 * npm run restore -- <file> [--force] — restore a backup made by `npm run backup`.
 *
 * PostgreSQL: set DATABASE_URL to a new, empty database; the archive is restored in one
 * transaction (all or nothing). PGlite: the data directory must be empty or missing; with --force a
 * non-empty one is moved aside (stop the server first). Start the server with the data key of the
 * installation the backup came from; the restore checks that this key opens the personal data.
 * Exit status: 0 restored, 2 refused (nothing changed), 3 restored but the key does not fit.
 */
import { resolve } from 'node:path';
import { loadConfig } from '../config.js';
import { BackupError, restore } from '../maintenance/backup.js';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
  console.error('用法 Usage: npm run restore -- <backup file> [--force]');
  process.exit(2);
}
const config = loadConfig();
try {
  const r = await restore({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir }, resolve(file), config.dataKey, {
    force: args.includes('--force'),
  });
  if (r.movedAside) console.log(`原数据目录已移到 The previous data directory was moved to: ${r.movedAside}`);
  console.log(`恢复完成 Restored (${r.kind}): ${r.towns} towns, ${r.accounts} accounts.`);
  if (r.keyFits === false) {
    console.error(
      '当前数据密钥无法解密备份中的个人信息：请用原安装的 TONGXIN_DATA_KEY（或 data.key）启动。 The data key given does not open the personal data in this backup: start the server with the key of the installation it came from.',
    );
    process.exit(3);
  }
} catch (err) {
  if (!(err instanceof BackupError)) throw err;
  console.error(err.message);
  process.exit(err.exitCode);
}
// PGlite can leave a handle open after close(); the work is done and closed, so end here.
process.exit(0);
