import { performance } from 'node:perf_hooks';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './platform/db/index.js';
import { migrate } from './platform/db/migrate.js';
import { DataCipher } from './platform/crypto.js';
import { seedDemoIfEmpty } from './seed/demo.js';
import { buildApp } from './app.js';

async function main(): Promise<void> {
  const started = performance.now();
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`配置错误 Configuration error: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
  const applied = await migrate(database.db);
  const seeded = config.seedDemo ? await seedDemoIfEmpty(database.db, new DataCipher(config.dataKey, config.previousDataKey)) : false;
  const app = await buildApp({ config, database });
  await app.listen({ host: config.host, port: config.port });
  app.log.info(
    { database: database.kind, migrations: applied, seededDemo: seeded, readyMs: Math.round(performance.now() - started) },
    `同心 Tongxin ready at http://${config.host}:${config.port}/ (phone app: /m/, API docs: /api/docs)`,
  );

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    try {
      await app.close();
      await database.close();
    } finally {
      clearTimeout(force);
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
