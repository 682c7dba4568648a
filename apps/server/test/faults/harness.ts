/**
 * What the fault tests share: the real server as a child process (so it can be killed with
 * SIGKILL), a small cookie-carrying HTTP client, databases of their own on the test PostgreSQL,
 * and a private PostgreSQL cluster that a test may stop and restart without disturbing the others.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { adminUrl } from '../pg-admin.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const mainTs = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ServerProcess {
  port: number;
  child: ChildProcess;
  /** The last 20 kB the process wrote (its log at LOG_LEVEL=warn, and stderr). */
  output(): string;
  /** SIGKILL: no shutdown hook runs, in-flight requests are cut. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

export interface ServerEnv {
  /** PostgreSQL; otherwise PGlite in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  dataKey: Buffer;
  seedDemo?: boolean;
}

const exited = (child: ChildProcess) =>
  new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));

/** `node --import tsx apps/server/src/main.ts` on a free port; resolves when /readyz answers 200. */
export async function startServer(env: ServerEnv, opts: { port?: number; readyWithinMs?: number } = {}): Promise<ServerProcess> {
  const port = opts.port ?? (await freePort());
  const child = spawn(process.execPath, ['--import', 'tsx', mainTs], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: env.dataDir,
      ...(env.databaseUrl ? { DATABASE_URL: env.databaseUrl } : {}),
      TONGXIN_DATA_KEY: env.dataKey.toString('base64'),
      SEED_DEMO: env.seedDemo ? 'true' : 'false',
      LOG_LEVEL: 'warn',
      COOKIE_SECURE: 'false',
      LOGIN_RATE_LIMIT: '100000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  const keep = (d: Buffer) => {
    err = (err + d.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const server: ServerProcess = {
    port,
    child,
    output: () => err,
    async kill9() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
  };
  const deadline = Date.now() + (opts.readyWithinMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`server exited (${child.exitCode ?? child.signalCode}): ${err}`);
    if ((await readiness(port)) === 200) return server;
    if (Date.now() > deadline) {
      await server.kill9();
      throw new Error(`server not ready within ${opts.readyWithinMs ?? 60_000} ms: ${err}`);
    }
    await sleep(100);
  }
}

/** The status of GET /readyz, or 0 when nothing answers. */
export async function readiness(port: number): Promise<number> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(3000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

/** A signed-in person as the server knows them: the session cookie token and the CSRF token. */
export interface Session {
  token: string;
  csrf: string;
}

export interface Answer {
  status: number;
  body: unknown;
}

/** One request as `who`; status 0 when the connection failed (server gone). */
export async function call(
  port: number,
  who: Session | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: {
        ...(who ? { cookie: `tx_session=${who.token}; tx_csrf=${who.csrf}`, 'x-csrf-token': who.csrf } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed };
  } catch {
    return { status: 0, body: null };
  }
}

/** An open notification stream (SSE) as `who`; `events` grows as the server writes. */
export async function openStream(port: number, who: Session) {
  const abort = new AbortController();
  const res = await fetch(`http://127.0.0.1:${port}/api/notifications/stream`, {
    headers: { cookie: `tx_session=${who.token}; tx_csrf=${who.csrf}`, accept: 'text/event-stream' },
    signal: abort.signal,
  });
  if (res.status !== 200) throw new Error(`stream: ${res.status}`);
  const events: Array<{ type: string; data: string }> = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const type = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (type && data !== undefined) events.push({ type, data });
        }
      }
    } catch {
      // aborted
    }
  })();
  return { events, close: () => abort.abort() };
}

/** Poll until `ok()`; throws after `ms`. */
export async function until(what: string, ok: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

// ------------------------------------------------------------------ PostgreSQL databases

export const testPgUrl = () => process.env.TEST_DATABASE_URL ?? '';

/** A database of its own on the test PostgreSQL, cloned from this run's migrated template. */
export async function createPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = testPgUrl();
  const { default: pg } = await import('pg');
  const name = `${inject('pgTemplate')}_f${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl(base) });
  await admin.connect();
  await admin.query(`create database ${name} template ${inject('pgTemplate')}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl(base) });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

// ------------------------------------------------------------------ a private PostgreSQL cluster

const PG_BIN = '/usr/lib/postgresql/15/bin';

/** Whether a private cluster can be made here: PostgreSQL 15's server binaries and, as root, a `postgres` user. */
export function canRunPrivateCluster(): boolean {
  if (spawnSync(`${PG_BIN}/initdb`, ['--version']).status !== 0) return false;
  return process.getuid?.() !== 0 || spawnSync('id', ['-u', 'postgres']).status === 0;
}

export interface PrivateCluster {
  url: string;
  /** `pg_ctl stop -m immediate` (a crash: recovery replays the WAL) or `fast`, then start again after `downMs`. */
  restart(mode: 'immediate' | 'fast', downMs: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * initdb into a temporary directory and start it on a free port, as the `postgres` user when the
 * tests run as root (PostgreSQL refuses to run as root). The machine's own cluster is never touched.
 */
export async function startPrivateCluster(): Promise<PrivateCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'tongxin-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  const asPostgres = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    const r = asPostgres
      ? spawnSync('runuser', ['-u', 'postgres', '--', `${PG_BIN}/${cmd}`, ...args], { encoding: 'utf8' })
      : spawnSync(`${PG_BIN}/${cmd}`, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  };
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const start = () =>
    run('pg_ctl', [
      '-D',
      data,
      '-l',
      join(dir, 'log'),
      '-w',
      '-t',
      '30',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
      'start',
    ]);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async restart(mode, downMs) {
      run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
      await sleep(downMs);
      start();
    },
    async stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export { repoRoot };
