/**
 * PostgreSQL crashes and comes back in the middle of a write load (a private cluster of this test,
 * stopped with `pg_ctl -m immediate`, so recovery replays the WAL). The server says not-ready while
 * the database is gone, recovers by itself without a restart, and nothing it acknowledged is lost.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/db/index.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { backend } from '../helpers.js';
import { ackCount, leftOver, merge, mixedLoad, prepareFaultTown, verify } from './fixture.js';
import { call, canRunPrivateCluster, openStream, readiness, sleep, startPrivateCluster, startServer, until } from './harness.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe.skipIf(backend !== 'postgres' || !canRunPrivateCluster())('PostgreSQL restarted under load', () => {
  it('reports not-ready, recovers by itself and loses nothing acknowledged', { timeout: 120_000 }, async () => {
    const cluster = await startPrivateCluster();
    cleanups.push(() => cluster.stop());
    const dataKey = randomBytes(32);
    const setup = await openDatabase({ databaseUrl: cluster.url, poolSize: 2 });
    await migrate(setup.db);
    const town = await prepareFaultTown(setup, dataKey, {
      volunteers: 24,
      occurrences: 2,
      capacity: 5,
      requests: 6,
      stock: 8,
      records: 12,
    });
    await setup.close();
    const dir = mkdtempSync(join(tmpdir(), 'tongxin-pgrestart-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const server = await startServer({ databaseUrl: cluster.url, dataDir: dir, dataKey });
    cleanups.push(() => server.stop());

    // Watch /readyz all along.
    const seen: number[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        seen.push(await readiness(server.port));
        await sleep(100);
      }
    })();

    // The load: the database crashes after a few acknowledgements and stays down 2 s; requests
    // keep coming the whole time (refused meanwhile), then the rest of the load runs.
    let crash: Promise<void> | undefined;
    const acks = await mixedLoad(town, () => server.port, {
      concurrency: 8,
      onAck: (a) => {
        if (!crash && ackCount(a) >= 20) crash = cluster.restart('immediate', 2000);
      },
    });
    await crash;
    // Requests after the database is back succeed again, without restarting the server.
    const deadline = Date.now() + 30_000;
    while ((await readiness(server.port)) !== 200 && Date.now() < deadline) await sleep(100);
    watching = false;
    await watcher;

    expect(server.child.exitCode, server.output()).toBeNull();
    expect(seen).toContain(503);
    expect(seen.lastIndexOf(200)).toBeGreaterThan(seen.indexOf(503));
    expect(acks.unexpected).toEqual([]);
    expect(acks.cut).toBe(0);
    expect(acks.unavailable, 'requests refused with 503 while the database was down').toBeGreaterThan(0);
    expect((await call(server.port, town.admin, 'GET', '/api/auth/me')).status).toBe(200);

    // A second pass after the recovery takes what the outage left.
    const more = await mixedLoad(town, () => server.port, { concurrency: 8 });
    expect(more.unexpected).toEqual([]);
    const check = await openDatabase({ databaseUrl: cluster.url, poolSize: 2 });
    cleanups.push(() => check.close());
    const all = merge(acks, more);
    expect(await verify(check.db, town, all)).toEqual([]);
    expect(await leftOver(check.db, town)).toEqual({ unclaimed: 0, stock: 0, unconfirmed: 0 });

    // The LISTEN connection came back and the open streams were told to resync.
    await until('the LISTEN connection back', () => server.output().includes('live updates resumed'));

    // Live updates resumed: the LISTEN connection comes back by itself (with backoff, so a message
    // sent before it has may be missed). Claims made now reach the requester's open stream.
    const stream = await openStream(server.port, town.requester);
    cleanups.push(() => stream.close());
    await until('the stream to open', () => stream.events.some((e) => e.type === 'unread'));
    await until(
      'a live update after the restart',
      async () => {
        const fresh = await town.addRequest(check.db);
        expect((await call(server.port, town.volunteers[0]!, 'POST', `/api/help-requests/${fresh}/claim`)).status).toBe(200);
        const heard = () => stream.events.some((e) => e.type !== 'unread' && e.data.includes(fresh));
        for (let i = 0; i < 20 && !heard(); i++) await sleep(100);
        return heard();
      },
      45_000,
    );
  });
});
