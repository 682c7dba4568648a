import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: string;
  databaseUrl?: string;
  dataDir: string;
  pgliteDir: string;
  /** 32-byte key for personal data at rest (AES-256-GCM) and keyed hashes (HMAC-SHA256). */
  dataKey: Buffer;
  /** The previous data key while `npm run rotate-key` re-encrypts; values under it still decrypt. */
  previousDataKey?: Buffer;
  cookieSecure: boolean;
  trustProxy: boolean;
  seedDemo: boolean;
  sessionDays: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  /** Login attempts per minute from one address before 429. */
  loginRateLimit: number;
  smtpUrl?: string;
  smtpFrom: string;
  webhookUrl?: string;
  webhookSecret?: string;
  deliveryPollMs: number;
  adminDist: string;
  mobileDist: string;
  /** Map tiles for the console (Leaflet URL template); empty draws boundaries on a plain background. */
  mapTileUrl: string;
  /** Datum of the tiles: GCJ-02 for Chinese providers (AutoNavi, Tencent), WGS-84 for OSM-style. */
  mapTileCrs: 'wgs84' | 'gcj02';
  mapAttribution: string;
  /** Largest accepted import file, in megabytes. */
  importMaxMb: number;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be an integer in ${min}..${max}, got "${raw}"`);
  return n;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a URL`);
  }
  if (!protocols.includes(u.protocol)) throw new ConfigError(`${name} must use ${protocols.join(' or ')}`);
  return raw;
}

/**
 * The data key comes from TONGXIN_DATA_KEY (base64, 32 bytes). For the zero-setup embedded
 * mode one is generated once into the data directory; production must set it explicitly.
 */
function optionalKey(env: Env, name: string): Buffer | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  const key = Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new ConfigError(`${name} must be 32 bytes, base64-encoded`);
  return key;
}

function dataKey(env: Env, dataDir: string, isProduction: boolean): Buffer {
  const raw = env.TONGXIN_DATA_KEY;
  if (raw) {
    const key = Buffer.from(raw, 'base64');
    if (key.length !== 32) throw new ConfigError('TONGXIN_DATA_KEY must be 32 bytes, base64-encoded');
    return key;
  }
  if (isProduction) throw new ConfigError('TONGXIN_DATA_KEY is required in production');
  const file = join(dataDir, 'data.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  return key;
}

export function loadConfig(env: Env = process.env, root = process.cwd()): Config {
  const nodeEnv = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const dataDir = resolve(root, env.DATA_DIR ?? 'data');
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  return {
    env: nodeEnv,
    host: env.HOST ?? '127.0.0.1',
    port: int(env, 'PORT', 3000, 0, 65535),
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    databaseUrl,
    dataDir,
    pgliteDir: resolve(root, env.PGLITE_DIR ?? join(dataDir, 'pglite')),
    dataKey: dataKey(env, dataDir, nodeEnv === 'production'),
    previousDataKey: optionalKey(env, 'TONGXIN_DATA_KEY_PREVIOUS'),
    cookieSecure: bool(env, 'COOKIE_SECURE', nodeEnv === 'production'),
    trustProxy: bool(env, 'TRUST_PROXY', false),
    seedDemo: bool(env, 'SEED_DEMO', true),
    sessionDays: int(env, 'SESSION_DAYS', 7, 1, 90),
    loginMaxFailures: int(env, 'LOGIN_MAX_FAILURES', 5, 1, 100),
    loginLockMinutes: int(env, 'LOGIN_LOCK_MINUTES', 15, 1, 24 * 60),
    loginRateLimit: int(env, 'LOGIN_RATE_LIMIT', 20, 1, 1_000_000),
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    smtpFrom: env.SMTP_FROM ?? 'Tongxin <noreply@tongxin.local>',
    webhookUrl: url(env, 'NOTIFY_WEBHOOK_URL', ['http:', 'https:']),
    webhookSecret: env.NOTIFY_WEBHOOK_SECRET,
    deliveryPollMs: int(env, 'DELIVERY_POLL_MS', 2000, 50, 600_000),
    adminDist: resolve(root, env.ADMIN_DIST ?? 'apps/admin/dist'),
    mobileDist: resolve(root, env.MOBILE_DIST ?? 'apps/mobile/dist'),
    mapTileUrl: mapTileUrl(env),
    mapTileCrs: crs(env),
    mapAttribution: env.MAP_ATTRIBUTION ?? '',
    importMaxMb: int(env, 'IMPORT_MAX_MB', 50, 1, 1024),
  };
}

function mapTileUrl(env: Env): string {
  const raw = env.MAP_TILE_URL ?? '';
  if (!raw) return '';
  if (!/^https?:\/\/[^/]+\//.test(raw) || !raw.includes('{z}') || !raw.includes('{x}') || !raw.includes('{y}')) {
    throw new ConfigError('MAP_TILE_URL must be an http(s) URL template with {z}, {x} and {y}');
  }
  return raw;
}

function crs(env: Env): 'wgs84' | 'gcj02' {
  const raw = (env.MAP_TILE_CRS ?? 'wgs84').toLowerCase();
  if (raw !== 'wgs84' && raw !== 'gcj02') throw new ConfigError(`MAP_TILE_CRS must be wgs84 or gcj02, got "${raw}"`);
  return raw;
}
