import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { inject } from 'vitest';
import type { Role } from '@tongxin/shared';
import { buildApp } from '../src/app.js';
import type { DB } from '../src/platform/db/schema.js';
import type { Clock } from '../src/platform/clock.js';
import { loadConfig, type Config } from '../src/config.js';
import { openDatabase, type Database, type DatabaseHandle } from '../src/platform/db/index.js';
import { DataCipher } from '../src/platform/crypto.js';
import { insertRegion, insertTown } from '../src/modules/regions/index.js';
import { AccountService } from '../src/modules/accounts/index.js';
import { adminUrl } from './pg-admin.js';

export const TEST_PASSWORD = 'Passw0rd-test';
export const backend: 'pglite' | 'postgres' = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

/** A fresh database for one test file, cloned from the migrated template of this run. */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const { default: pg } = await import('pg');
    const template = inject('pgTemplate');
    const name = `${template}_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl(url) });
    await admin.connect();
    await admin.query(`create database ${name} template ${template}`);
    await admin.end();
    const target = new URL(url);
    target.pathname = `/${name}`;
    const handle = await openDatabase({ databaseUrl: target.toString(), poolSize: 20 });
    return {
      ...handle,
      async close() {
        await handle.close();
        const c = new pg.Client({ connectionString: adminUrl(url) });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const file = inject('pgliteTemplate');
  return openDatabase({ pgliteDir: 'memory://', loadDataDir: new Blob([readFileSync(file)]) });
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ NODE_ENV: 'test', TONGXIN_DATA_KEY: randomBytes(32).toString('base64'), SEED_DEMO: 'false' }),
    // Tests log in far more often than a person; the rate-limit test sets its own limit.
    loginRateLimit: 1_000_000,
    adminDist: '/nonexistent',
    mobileDist: '/nonexistent',
    ...overrides,
  };
}

let mobileCounter = 0;
/** Unique, valid mobile numbers per test process. */
export function uniqueMobile(): string {
  mobileCounter += 1;
  return `139${String(process.pid % 10000).padStart(4, '0')}${String(mobileCounter).padStart(4, '0')}`;
}

export interface TestTown {
  townId: string;
  /** Two communities, each with one subgrid holding one grid. */
  communities: Array<{ id: string; name: string; subgridId: string; gridId: string }>;
}

export interface Caller {
  accountId: string;
  mobile: string;
  cookie: string;
  csrf: string;
  /** Headers for app.inject: the session cookie plus the CSRF header writes need. */
  headers: Record<string, string>;
}

export class TestContext {
  constructor(
    readonly app: FastifyInstance,
    readonly database: DatabaseHandle,
    readonly config: Config,
  ) {}

  get db(): Database {
    return this.database.db;
  }

  get cipher(): DataCipher {
    return this.app.platform.cipher;
  }

  async createTown(name = `测试镇${randomUUID().slice(0, 6)}`): Promise<TestTown> {
    const townId = randomUUID();
    const communities: TestTown['communities'] = [];
    await this.db.transaction().execute(async (trx) => {
      await insertTown(trx, { id: townId, name, levelNames: ['镇', '社区', '小区', '网格'] });
      for (const cname of ['东社区', '西社区']) {
        const id = randomUUID();
        const subgridId = randomUUID();
        const gridId = randomUUID();
        const base = { town_id: townId, code: null, boundary: null, centre_lng: null, centre_lat: null };
        await insertRegion(trx, { ...base, id, parent_id: townId, depth: 1, path: `/${townId}/${id}/`, name: cname });
        await insertRegion(trx, {
          ...base,
          id: subgridId,
          parent_id: id,
          depth: 2,
          path: `/${townId}/${id}/${subgridId}/`,
          name: '一小区',
        });
        await insertRegion(trx, {
          ...base,
          id: gridId,
          parent_id: subgridId,
          depth: 3,
          path: `/${townId}/${id}/${subgridId}/${gridId}/`,
          name: '第一网格',
        });
        communities.push({ id, name: cname, subgridId, gridId });
      }
    });
    return { townId, communities };
  }

  /** An account holding `role` on `regionId` (its home region too). */
  async createAccount(townId: string, regionId: string, roles: Role | Role[], name = '测试用户'): Promise<{ id: string; mobile: string }> {
    const service = new AccountService(this.db, this.cipher);
    const mobile = uniqueMobile();
    const id = await this.db.transaction().execute(async (trx) => {
      const accountId = await service.insert(trx, { townId, homeRegionId: regionId, name, mobile, password: TEST_PASSWORD });
      for (const role of [roles].flat()) await service.insertGrant(trx, { townId, accountId, role, regionId });
      return accountId;
    });
    return { id, mobile };
  }

  async login(mobile: string, password = TEST_PASSWORD): Promise<Caller> {
    const res = await this.app.inject({ method: 'POST', url: '/api/auth/login', payload: { mobile, password } });
    if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
    const cookies = Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));
    const cookie = `tx_session=${cookies.tx_session}; tx_csrf=${cookies.tx_csrf}`;
    return {
      accountId: (res.json() as { id: string }).id,
      mobile,
      cookie,
      csrf: cookies.tx_csrf!,
      headers: { cookie, 'x-csrf-token': cookies.tx_csrf! },
    };
  }

  /** Create an account with the role and log it in. */
  async caller(townId: string, regionId: string, roles: Role | Role[]): Promise<Caller> {
    const a = await this.createAccount(townId, regionId, roles);
    return this.login(a.mobile);
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.database.close();
  }
}

/** A Fastify app on a fresh database of its own. Call `close()` in afterAll. */
export async function createTestApp(
  opts: { config?: Partial<Config>; startWorkers?: boolean; clock?: Clock; database?: DatabaseHandle } = {},
): Promise<TestContext> {
  const database = opts.database ?? (await createTestDatabase());
  const config = testConfig(opts.config);
  const app = await buildApp({ config, database, startWorkers: opts.startWorkers ?? false, clock: opts.clock });
  await app.ready();
  return new TestContext(app, database, config);
}

/** An activity of a team with one occurrence, the volunteer's attended sign-up and its service record. */
/** A community volunteer team, straight into the table (activities need an organiser). */
export async function insertTeam(
  db: Kysely<DB>,
  t: { townId: string; regionId: string; leaderAccountId: string; name: string },
): Promise<string> {
  const row = await db
    .insertInto('team')
    .values({
      town_id: t.townId,
      kind: 'community',
      name: t.name,
      region_id: t.regionId,
      organiser: null,
      parent_id: null,
      leader_account_id: t.leaderAccountId,
      mentor_account_id: null,
      service_categories: [],
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertServiceRecord(
  db: Kysely<DB>,
  r: {
    townId: string;
    regionId: string;
    teamId: string;
    volunteerId: string;
    title: string;
    servedOn: string;
    dueOn: string;
    minutes: number;
    status?: 'pending' | 'confirmed';
    category?: string;
  },
): Promise<{ recordId: string; occurrenceId: string; checkedInAt: Date }> {
  const { townId, volunteerId, title } = r;
  const category = r.category ?? 'environment';
  return db.transaction().execute(async (trx) => {
    const activity = await trx
      .insertInto('activity')
      .values({
        town_id: townId,
        region_id: r.regionId,
        organiser_team_id: r.teamId,
        partner_team_id: null,
        title,
        category,
        monthly_theme: null,
        site: '东社区广场',
        lat: null,
        lng: null,
        geofence_m: null,
        capacity: 20,
        eligibility_team_id: null,
        eligibility_skill: null,
        first_date: r.servedOn,
        start_time: '09:00',
        end_time: '11:00',
        rrule: null,
        until_date: null,
        status: 'published',
        created_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const startsAt = new Date(`${r.servedOn}T01:00:00Z`);
    const occurrence = await trx
      .insertInto('activity_occurrence')
      .values({
        town_id: townId,
        activity_id: activity.id,
        region_id: r.regionId,
        rule_date: r.servedOn,
        starts_at: startsAt,
        ends_at: new Date(startsAt.getTime() + 2 * 3600_000),
        capacity: 20,
        site: null,
        note: null,
        reminded_at: null,
        hours_reminded_on: null,
        hours_overdue_notified_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const checkedInAt = new Date(startsAt.getTime() + 5 * 60_000);
    const signup = await trx
      .insertInto('activity_signup')
      .values({
        town_id: townId,
        occurrence_id: occurrence.id,
        volunteer_id: volunteerId,
        status: 'confirmed',
        confirmed_at: startsAt,
        cancelled_at: null,
        cancelled_by: null,
        checked_in_at: checkedInAt,
        check_in_method: 'qr',
        check_in_distance_m: null,
        checked_out_at: new Date(checkedInAt.getTime() + r.minutes * 60_000),
        check_out_method: 'qr',
        checked_in_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const record = await trx
      .insertInto('service_record')
      .values({
        town_id: townId,
        volunteer_id: volunteerId,
        region_id: r.regionId,
        source: 'activity',
        occurrence_id: occurrence.id,
        signup_id: signup.id,
        title,
        category,
        served_on: r.servedOn,
        place: '东社区广场',
        content: '清理楼道杂物',
        organiser: '东社区志愿服务队',
        leader_name: '队长',
        measured_minutes: r.minutes,
        minutes: r.minutes,
        status: r.status ?? 'pending',
        due_on: r.dueOn,
        confirmed_by: null,
        confirmed_at: r.status === 'confirmed' ? new Date() : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { recordId: record.id, occurrenceId: occurrence.id, checkedInAt };
  });
}
