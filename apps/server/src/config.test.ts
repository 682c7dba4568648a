import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const root = mkdtempSync(join(tmpdir(), 'tongxin-config-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const key = Buffer.alloc(32, 7).toString('base64');

describe('configuration', () => {
  it('works with nothing set: embedded database under ./data, a generated data key kept for next time', () => {
    const c = loadConfig({}, root);
    expect(c).toMatchObject({
      env: 'development',
      host: '127.0.0.1',
      port: 3000,
      databaseUrl: undefined,
      pgliteDir: join(root, 'data', 'pglite'),
    });
    const file = join(root, 'data', 'data.key');
    expect(Buffer.from(readFileSync(file, 'utf8'), 'base64')).toEqual(c.dataKey);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(loadConfig({}, root).dataKey).toEqual(c.dataKey);
  });

  it('stops at boot with a message naming the bad variable', () => {
    const bad: Array<[Record<string, string>, RegExp]> = [
      [{ PORT: 'eighty' }, /PORT/],
      [{ PORT: '70000' }, /PORT/],
      [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
      [{ DATABASE_URL: 'not a url' }, /DATABASE_URL/],
      [{ TONGXIN_DATA_KEY: 'c2hvcnQ=' }, /TONGXIN_DATA_KEY/],
      [{ NODE_ENV: 'production', TONGXIN_DATA_KEY: '' }, /TONGXIN_DATA_KEY is required/],
      [{ SEED_DEMO: 'maybe' }, /SEED_DEMO/],
      [{ SMTP_URL: 'http://mail' }, /SMTP_URL/],
    ];
    for (const [env, message] of bad) {
      expect(() => loadConfig({ TONGXIN_DATA_KEY: key, ...env }, root), JSON.stringify(env)).toThrow(ConfigError);
      expect(() => loadConfig({ TONGXIN_DATA_KEY: key, ...env }, root)).toThrow(message);
    }
  });

  it('uses secure cookies in production and PostgreSQL when DATABASE_URL is set', () => {
    const c = loadConfig({ NODE_ENV: 'production', TONGXIN_DATA_KEY: key, DATABASE_URL: 'postgres://app@db/tongxin' }, root);
    expect(c).toMatchObject({ env: 'production', cookieSecure: true, databaseUrl: 'postgres://app@db/tongxin' });
  });
});
