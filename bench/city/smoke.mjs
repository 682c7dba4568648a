// The real server on the city: log in as the town admin and as the busiest volunteer over HTTP and
// read the list pages each of them opens first. Every answer must be 200.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

async function login(base, mobile, password) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mobile, password }),
  });
  if (res.status !== 200) throw new Error(`login ${mobile}: ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** Start the server on the city, run the requests, stop it. Returns [{who, path, status, ms}]. */
export async function smoke(city, port) {
  const dir = mkdtempSync(join(tmpdir(), 'tongxin-city-smoke-'));
  const server = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dir,
      DATABASE_URL: city.dbUrl,
      TONGXIN_DATA_KEY: city.dataKey,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
      if (
        await fetch(`${base}/readyz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      if (i > 1200) throw new Error('server not ready after 60 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    const s = city.sample;
    // The pages each role opens: the staff lists for the town admin and the grid worker, the
    // phone's own-records pages for the volunteer (they answer 403 to the others).
    const people = [
      [
        'town admin',
        s.townAdminMobile,
        [
          '/api/residents',
          '/api/help-requests',
          '/api/help-requests/summary',
          '/api/service-records',
          '/api/activities/feed',
          '/api/points/accounts',
        ],
      ],
      ['grid worker', s.gridWorkerMobile, ['/api/me/households', '/api/help-requests', '/api/residents']],
      [
        'volunteer',
        s.volunteerMobile,
        [
          '/api/activities/feed',
          '/api/points/me',
          '/api/points/me/statement',
          '/api/help-requests/pool',
          '/api/help-requests/served',
          '/api/me/service-record',
        ],
      ],
    ];
    const results = [];
    const get = async (who, cookie, path) => {
      const t = performance.now();
      const res = await fetch(`${base}${path}`, { headers: { cookie } });
      const body = await res.text();
      results.push({ who, path, status: res.status, ms: performance.now() - t });
      return res.status === 200 ? JSON.parse(body) : null;
    };
    for (const [who, mobile, paths] of people) {
      const cookie = await login(base, mobile, s.password);
      for (const path of paths) {
        const body = await get(who, cookie, path);
        // The sealed values open under the printed key: reveal one resident's ID number and mobile.
        const first = path === '/api/residents' && who === 'town admin' ? body?.items?.[0] : null;
        if (first) {
          const shown = await get(who, cookie, `/api/residents/${first.id}/reveal?fields=idNumber&fields=mobile`);
          if (shown && !/^[0-9]{17}[0-9X]$/.test(shown.idNumber ?? '')) results[results.length - 1].status = 'bad ID number';
        }
      }
    }
    return results;
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null || server.signalCode !== null ? r() : server.on('exit', r)));
    rmSync(dir, { recursive: true, force: true });
  }
}
