/**
 * npm run rotate-key — re-seal all personal data under a new data key. Stop the server first.
 *
 * With PostgreSQL (or any explicit key): set TONGXIN_DATA_KEY_PREVIOUS to the current key and
 * TONGXIN_DATA_KEY to the new one (`openssl rand -base64 32`), run this, then start the server
 * with only the new key. In the zero-setup embedded mode, with no keys in the environment, the
 * key file in the data directory is rotated: a new key is generated, everything is re-sealed,
 * and the file is replaced only after the database has committed (the old file is kept as
 * data.key.previous).
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config.js';
import { openDatabase } from '../platform/db/index.js';
import { migrate } from '../platform/db/migrate.js';
import { rotateDataKey } from '../maintenance/rotate-key.js';

const env = process.env;
const config = loadConfig();
const keyFile = join(config.dataDir, 'data.key');
let oldKey: Buffer;
let newKey: Buffer;
let writeFile = false;
if (env.TONGXIN_DATA_KEY_PREVIOUS) {
  if (!env.TONGXIN_DATA_KEY) throw new Error('Set TONGXIN_DATA_KEY to the new key as well.');
  oldKey = config.previousDataKey!;
  newKey = config.dataKey;
} else if (!env.TONGXIN_DATA_KEY && existsSync(keyFile)) {
  oldKey = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64');
  newKey = randomBytes(32);
  writeFile = true;
} else {
  console.error('Set TONGXIN_DATA_KEY_PREVIOUS (current key) and TONGXIN_DATA_KEY (new key), both base64 of 32 bytes.');
  process.exit(2);
}
if (oldKey.equals(newKey)) {
  console.error('The new key equals the old one.');
  process.exit(2);
}

const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
try {
  await migrate(database.db);
  const t0 = performance.now();
  const report = await rotateDataKey(database.db, oldKey, newKey);
  for (const r of report) console.log(`${r.table.padEnd(26)} ${r.rows} rows re-sealed`);
  console.log(`Done in ${((performance.now() - t0) / 1000).toFixed(1)} s.`);
  if (writeFile) {
    copyFileSync(keyFile, `${keyFile}.previous`);
    writeFileSync(`${keyFile}.next`, newKey.toString('base64'), { mode: 0o600 });
    renameSync(`${keyFile}.next`, keyFile);
    console.log(`New key written to ${keyFile} (the old one is in data.key.previous).`);
  } else {
    console.log('Start the server with the new TONGXIN_DATA_KEY only.');
  }
} finally {
  await database.close();
}
