import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestDatabase } from '../../../test/helpers.js';
import type { DatabaseHandle } from './index.js';
import { StatementNames } from './prepared.js';

describe('StatementNames', () => {
  it('names a text from its third sending on, always the same name', () => {
    const names = new StatementNames(3, 10);
    const text = 'select * from volunteer where id = $1';
    expect(names.nameFor(text)).toBeUndefined();
    expect(names.nameFor(text)).toBeUndefined();
    const name = names.nameFor(text);
    expect(name).toMatch(/^tx_[0-9a-f]{24}$/);
    expect(names.nameFor(text)).toBe(name);
    expect(names.nameFor('select 1')).toBeUndefined();
  });

  it('leaves transaction control, settings and DDL unnamed', () => {
    const names = new StatementNames(1, 10);
    for (const text of ['begin', 'commit', 'set local statement_timeout = 1000', 'create table x (a int)', 'listen tx'])
      expect(names.nameFor(text)).toBeUndefined();
    expect(names.nameFor('  WITH a AS (select 1) select * from a')).toBeDefined();
    expect(names.nameFor('insert into t values ($1)')).toBeDefined();
  });

  it('names at most `max` texts', () => {
    const names = new StatementNames(1, 3);
    const named = Array.from({ length: 6 }, (_, i) => names.nameFor(`select ${i}`));
    expect(named.filter(Boolean)).toHaveLength(3);
    expect(names.size).toBe(3);
  });
});

describe.runIf(backend === 'postgres')('named statements on PostgreSQL', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(() => handle?.close());

  it('a repeated statement runs as a prepared statement of its connection, with the right answers', async () => {
    const text = 'select $1::int * 2 as doubled, count(*) as regions from region';
    const { answers, prepared } = await handle.db.transaction().execute(async (trx) => {
      const answers: number[] = [];
      for (let i = 1; i <= 6; i++)
        answers.push(
          (await sql<{ doubled: number }>`select ${i}::int * 2 as doubled, count(*) as regions from region`.execute(trx)).rows[0]!.doubled,
        );
      const prepared = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(trx);
      return { answers, prepared: prepared.rows };
    });
    expect(answers).toEqual([2, 4, 6, 8, 10, 12]);
    expect(prepared).toContainEqual({ name: expect.stringMatching(/^tx_/), statement: text });
  });
});
