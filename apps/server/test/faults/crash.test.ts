/**
 * Faults: the server killed with SIGKILL in the middle of a mixed write load (sign-ups, claims,
 * redemptions, hour confirmations), then started again. Every write it acknowledged must be there
 * and every invariant must hold — on PostgreSQL, and on the embedded PGlite whose data directory
 * survives the crash.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/db/index.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { backend } from '../helpers.js';
import { ackCount, leftOver, merge, mixedLoad, prepareFaultTown, verify, type Acks, type Sizes } from './fixture.js';
import { call, createPgDatabase, startServer, type ServerProcess } from './harness.js';

const SIZES: Sizes = { volunteers: 24, occurrences: 2, capacity: 5, requests: 6, stock: 8, records: 12 };
/** Kill once this many writes are acknowledged (about a third of the load). */
const KILL_AFTER = 25;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Run the load against `server`, SIGKILL it after KILL_AFTER acknowledgements; the load stops there. */
async function loadAndKill(town: Parameters<typeof mixedLoad>[0], server: ServerProcess): Promise<Acks> {
  let killed: Promise<void> | undefined;
  const acks = await mixedLoad(town, () => server.port, {
    concurrency: 16,
    stop: () => killed !== undefined,
    onAck: (a) => {
      if (!killed && ackCount(a) >= KILL_AFTER) killed = server.kill9();
    },
  });
  await killed;
  return acks;
}

describe.skipIf(backend !== 'postgres')('kill -9 under a mixed write load (PostgreSQL)', () => {
  it('keeps every acknowledged write and every invariant, and carries on after the restart', { timeout: 120_000 }, async () => {
    const database = await createPgDatabase();
    cleanups.push(() => database.drop());
    const handle = await openDatabase({ databaseUrl: database.url, poolSize: 4 });
    cleanups.push(() => handle.close());
    const dataKey = randomBytes(32);
    const town = await prepareFaultTown(handle, dataKey, SIZES);
    const dir = mkdtempSync(join(tmpdir(), 'tongxin-crash-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const env = { databaseUrl: database.url, dataDir: dir, dataKey };

    const first = await startServer(env);
    cleanups.push(() => first.kill9());
    const before = await loadAndKill(town, first);
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(ackCount(before)).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(await verify(handle.db, town, before)).toEqual([]);
    // The check can fail: an acknowledgement the database does not hold is reported.
    const invented = { ...before, claims: [...before.claims, { requestId: town.requestIds[0]!, volunteerId: randomUUID() }] };
    expect(await verify(handle.db, town, invented)).toHaveLength(1);

    // Started again on the same database: everything still there, and the rest of the load runs.
    const second = await startServer(env);
    cleanups.push(() => second.stop());
    const after = await mixedLoad(town, () => second.port, { concurrency: 16 });
    const all = merge(before, after);
    expect(all.unexpected).toEqual([]);
    expect(after.cut).toBe(0);
    expect(await verify(handle.db, town, all)).toEqual([]);
    // The load ran to the end (an answer cut by the kill may have hidden a write that did commit).
    expect(await leftOver(handle.db, town)).toEqual({ unclaimed: 0, stock: 0, unconfirmed: 0 });
  });
});

describe.skipIf(backend !== 'pglite')('kill -9 under a mixed write load (embedded PGlite)', () => {
  it('recovers the data directory with every acknowledged write and every invariant', { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tongxin-crash-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const dataKey = randomBytes(32);
    const pgliteDir = join(dir, 'pglite');
    // Prepared in this process, then handed to the server (PGlite is one process at a time).
    const setup = await openDatabase({ pgliteDir });
    await migrate(setup.db);
    const town = await prepareFaultTown(setup, dataKey, SIZES);
    await setup.close();
    const env = { dataDir: dir, dataKey };

    const first = await startServer(env);
    cleanups.push(() => first.kill9());
    const before = await loadAndKill(town, first);
    expect(first.child.signalCode).toBe('SIGKILL');

    // The stale lock of the killed process does not stop the restart; the server answers.
    const second = await startServer(env);
    const after = await mixedLoad(town, () => second.port, { concurrency: 8 });
    expect((await call(second.port, town.admin, 'GET', '/api/auth/me')).status).toBe(200);
    await second.stop();

    const check = await openDatabase({ pgliteDir });
    cleanups.push(() => check.close());
    const all = merge(before, after);
    expect(all.unexpected).toEqual([]);
    expect(ackCount(before)).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(await verify(check.db, town, all)).toEqual([]);
    expect(await leftOver(check.db, town)).toEqual({ unclaimed: 0, stock: 0, unconfirmed: 0 });
  });
});
