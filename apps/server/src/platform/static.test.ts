import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../test/helpers.js';

let t: TestContext;
const dir = mkdtempSync(join(tmpdir(), 'tongxin-static-'));

beforeAll(async () => {
  for (const [app, title] of [
    ['admin', '控制台'],
    ['mobile', '手机端'],
  ] as const) {
    mkdirSync(join(dir, app, 'assets'), { recursive: true });
    writeFileSync(join(dir, app, 'index.html'), `<!doctype html><title>${title}</title>`);
    writeFileSync(join(dir, app, 'assets', 'index-abc123.js'), 'console.log(1)');
  }
  writeFileSync(join(dir, 'mobile', 'sw.js'), 'self.addEventListener("fetch", () => {})');
  t = await createTestApp({ config: { adminDist: join(dir, 'admin'), mobileDist: join(dir, 'mobile') } });
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (url: string) => t.app.inject({ method: 'GET', url });

describe('front ends', () => {
  it('serves the console at / and the phone app at /m/, with history-mode fallback', async () => {
    expect((await get('/')).body).toContain('控制台');
    expect((await get('/regions')).body).toContain('控制台');
    expect((await get('/m/')).body).toContain('手机端');
    expect((await get('/m/me')).body).toContain('手机端');
    const redirect = await get('/m');
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers.location).toBe('/m/');
  });

  it('caches hashed assets for good and revalidates the shell and the service worker', async () => {
    const asset = await get('/m/assets/index-abc123.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get('/m/sw.js')).headers['cache-control']).toBe('no-cache');
    expect((await get('/m/')).headers['cache-control']).toBe('no-cache');
    expect((await get('/assets/index-abc123.js')).headers['cache-control']).toContain('immutable');
  });

  it('answers a missing asset or API path with a real 404, not the app shell', async () => {
    expect((await get('/m/assets/missing.js')).statusCode).toBe(404);
    const api = await get('/api/nope');
    expect(api.statusCode).toBe(404);
    expect(api.json().code).toBe('ROUTE_NOT_FOUND');
  });
});
