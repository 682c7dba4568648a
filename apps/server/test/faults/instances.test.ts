/**
 * Two server instances behind one PostgreSQL database: a session works on either (and a logout on
 * one ends it on the other), a mixed write load split across both keeps every invariant, jobs due
 * at the same moment run once between them, and live updates reach the clients of both.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/db/index.js';
import { backend } from '../helpers.js';
import { mixedLoad, prepareFaultTown, verify } from './fixture.js';
import { call, createPgDatabase, openStream, startServer, until } from './harness.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe.skipIf(backend !== 'postgres')('two server instances on one database', () => {
  it('share sessions, split a write load, run each job once and deliver live updates to both', { timeout: 120_000 }, async () => {
    const database = await createPgDatabase();
    cleanups.push(() => database.drop());
    const handle = await openDatabase({ databaseUrl: database.url, poolSize: 4 });
    cleanups.push(() => handle.close());
    const db = handle.db;
    const dataKey = randomBytes(32);
    const town = await prepareFaultTown(handle, dataKey, {
      volunteers: 16,
      occurrences: 2,
      capacity: 5,
      requests: 4,
      stock: 16,
      records: 6,
    });
    const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'tongxin-two-')));
    cleanups.push(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
    const [a, b] = await Promise.all(dirs.map((dataDir) => startServer({ databaseUrl: database.url, dataDir, dataKey })));
    cleanups.push(
      () => a!.stop(),
      () => b!.stop(),
    );
    const ports = [a!.port, b!.port];

    // Sessions: signed in once, recognised by both; signed out on A, refused by B.
    for (const port of ports) expect((await call(port, town.admin, 'GET', '/api/auth/me')).status).toBe(200);
    const leaving = town.volunteers.at(-1)!;
    expect((await call(ports[1]!, leaving, 'GET', '/api/auth/me')).status).toBe(200);
    expect((await call(ports[0]!, leaving, 'POST', '/api/auth/logout')).status).toBeLessThan(300);
    expect((await call(ports[1]!, leaving, 'GET', '/api/auth/me')).status).toBe(401);
    const volunteers = town.volunteers.slice(0, -1);

    // A mixed load spread over both instances at random.
    const acks = await mixedLoad({ ...town, volunteers }, () => ports[Math.floor(Math.random() * 2)]!, { concurrency: 16 });
    expect(acks.unexpected).toEqual([]);
    expect(acks.cut).toBe(0);
    expect(await verify(db, town, acks)).toEqual([]);
    expect(acks.redemptions.length).toBe(volunteers.length);

    // Every volunteer listens on one instance or the other.
    const streams = await Promise.all(volunteers.map((v, k) => openStream(ports[k % 2]!, v)));
    cleanups.push(() => streams.forEach((s) => s.close()));
    await until('every stream open', () => streams.every((s) => s.events.some((e) => e.type === 'unread')));

    // Every code expires at the same moment: both instances' job runners race for the same jobs.
    const ids = acks.redemptions.map((r) => r.id);
    await sql`update redemption set expires_at = now() - interval '1 second' where id in (${sql.join(ids)})`.execute(db);
    await sql`update job set run_at = now() where key in (${sql.join(ids.map((id) => `redemption:${id}:expire`))})`.execute(db);
    await until('every code expired', async () => {
      const r = await sql<{
        n: string;
      }>`select count(*) as n from redemption where id in (${sql.join(ids)}) and status = 'expired'`.execute(db);
      return Number(r.rows[0]!.n) === ids.length;
    });

    // Once each: one release per code, one message per volunteer, no job left or retried.
    const releases = await sql<{ n: string }>`
      select count(*) as n from points_txn where kind = 'release' and redemption_id in (${sql.join(ids)})`.execute(db);
    expect(Number(releases.rows[0]!.n)).toBe(ids.length);
    const accounts = await db
      .selectFrom('volunteer')
      .select('account_id')
      .where(
        'id',
        'in',
        acks.redemptions.map((r) => r.volunteerId),
      )
      .execute();
    const messages = await sql<{ account_id: string; n: string }>`
      select account_id, count(*) as n from notification
      where kind = 'redemption.expired' and account_id in (${sql.join(accounts.map((x) => x.account_id))}) group by account_id`.execute(db);
    expect(messages.rows).toHaveLength(ids.length);
    expect(messages.rows.every((r) => Number(r.n) === 1)).toBe(true);
    // (A release drops its own expiry job, so nothing may be left pending or retried.)
    const jobs = await sql<{ pending: string; retried: string }>`
      select count(*) filter (where done_at is null) as pending, count(*) filter (where attempts > 0) as retried
      from job where key in (${sql.join(ids.map((id) => `redemption:${id}:expire`))})`.execute(db);
    expect(jobs.rows[0]).toEqual({ pending: '0', retried: '0' });
    expect(await verify(db, town, acks)).toEqual([]);

    // Live: each stream, on either instance, heard about its own expired code.
    await until('a live update on every stream', () =>
      streams.every((s, k) => {
        const mine = acks.redemptions.find((r) => r.volunteerId === volunteers[k]!.volunteerId)!;
        return s.events.some((e) => e.data.includes(mine.id) || e.data.includes('redemption.expired'));
      }),
    );
  });
});
