import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/platform/db/index.js';
import { migrate } from '../src/platform/db/migrate.js';
import { adminUrl, templateName } from './pg-admin.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplate: string;
  }
}

/**
 * Build one migrated template per run. Each integration test file then gets its own database
 * cloned from it: a PGlite data-dir dump, or CREATE DATABASE … TEMPLATE on PostgreSQL.
 */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const { default: pg } = await import('pg');
    const name = templateName();
    const admin = new pg.Client({ connectionString: adminUrl(url) });
    await admin.connect();
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name} encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8' template template0`);
    await admin.end();
    const target = new URL(url);
    target.pathname = `/${name}`;
    const database = await openDatabase({ databaseUrl: target.toString() });
    await migrate(database.db);
    await database.close();
    project.provide('pgTemplate', name);
    project.provide('pgliteTemplate', '');
    return async () => {
      const c = new pg.Client({ connectionString: adminUrl(url) });
      await c.connect();
      // Drop every database this run cloned, then the template.
      const { rows } = await c.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`${name}_%`]);
      for (const r of rows) await c.query(`drop database if exists ${r.datname} with (force)`);
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'tongxin-template-'));
  const database = await openDatabase({ pgliteDir: 'memory://' });
  await migrate(database.db);
  const dump = await database.dumpDataDir!();
  const file = join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide('pgliteTemplate', file);
  project.provide('pgTemplate', '');
  return () => rmSync(dir, { recursive: true, force: true });
}
