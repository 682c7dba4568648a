// buildCity: a fresh PostgreSQL database with the real schema (the server's own migrations), filled
// with a city through COPY, indexed, analysed and checked. See bench/city.mjs for the command.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash as argon2 } from '@node-rs/argon2';
import { tsImport } from 'tsx/esm/api';
import { sealing } from '../support.mjs';
import { activities } from './activities.mjs';
import { selfCheck } from './check.mjs';
import { localDay, withClient } from './common.mjs';
import { openCopy } from './copy.mjs';
import { drawHelpStatuses, helpRequests } from './help.mjs';
import { KIND, rng, uuids } from './ids.mjs';
import { GIVEN_NAMES, placeStem, SURNAMES } from './names.mjs';
import { households, places, volunteers } from './people.mjs';
import { pointsLedger } from './points.mjs';

export const PASSWORD = 'Tongxin2026';
const MARK = 'tongxin city generator';

/** What scale 1 holds; every count scales linearly (at least 1 of each). */
export function targets(scale) {
  const n = (x) => Math.max(1, Math.round(x * scale));
  const towns = n(10);
  const communities = Math.max(towns, n(300));
  return {
    towns,
    communities,
    grids: Math.max(communities, n(3000)),
    residents: n(1_000_000),
    volunteers: Math.max(communities, n(200_000)),
    activities: Math.max(communities, n(20_000)),
    serviceRecords: n(5_000_000),
    helpRequests: n(500_000),
  };
}

// The big tables lose their secondary indexes during the load and get them back (same
// definitions, read from the catalogue) afterwards: one sort per index instead of millions of
// scattered inserts. Primary keys and constraints stay.
const REINDEXED = [
  'account',
  'role_grant',
  'household',
  'resident',
  'volunteer',
  'team_member',
  'activity_occurrence',
  'activity_slot',
  'activity_signup',
  'service_record',
  'help_request',
  'help_event',
  'points_account',
  'points_txn',
  'points_entry',
];

const serverModule = (path) => tsImport(`../../apps/server/src/${path}`, import.meta.url);

/**
 * Build (or, with `keep`, reuse) the city database. Returns its URL, the data key (base64), the row
 * counts, the seconds it took and a sample of ids for benchmarks.
 */
export async function buildCity({
  scale = 0.01,
  database,
  seed = 1,
  keep = false,
  baseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  log = () => {},
} = {}) {
  const name = database ?? `tongxin_city_${String(scale).replace(/[^0-9]/g, '_')}`;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`bad database name: ${name}`);
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  const dbUrl = u.toString();
  const outDir = join(tmpdir(), 'tongxin-city');
  const outFile = join(outDir, `${name}.json`);

  // Only a database this generator made (marked by its comment) is ever dropped or reused.
  const existing = await withClient(
    baseUrl,
    async (c) =>
      (await c.query(`select shobj_description(oid, 'pg_database') as mark from pg_database where datname = $1`, [name])).rows[0],
  );
  if (existing && existing.mark !== MARK) throw new Error(`database ${name} exists and was not made by the city generator`);
  if (keep && existing) {
    const saved = existsSync(outFile) ? JSON.parse(readFileSync(outFile, 'utf8')) : null;
    if (saved?.scale === scale && saved?.seed === seed) return { ...saved, dbUrl, file: outFile, kept: true };
    throw new Error(`--keep: ${name} exists, but ${outFile} does not hold its key for this scale and seed; build without --keep`);
  }
  const started = performance.now();
  await withClient(baseUrl, async (c) => {
    await c.query(`drop database if exists ${name} with (force)`);
    await c.query(`create database ${name}`);
    await c.query(`comment on database ${name} is '${MARK}'`);
  });
  try {
    return await fill({ scale, seed, name, dbUrl, outDir, outFile, started, log });
  } catch (err) {
    await withClient(baseUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
    throw err;
  }
}

async function fill({ scale, seed, name, dbUrl, outDir, outFile, started, log }) {
  const dataKey = randomBytes(32);
  const phases = [];
  const phase = async (label, fn) => {
    const t = performance.now();
    const r = await fn();
    phases.push({ label, seconds: (performance.now() - t) / 1000 });
    log(`  ${label}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    return r;
  };

  const [{ openDatabase }, { migrate }, regions, time, recurrence, protect, shared] = await Promise.all([
    serverModule('platform/db/index.ts'),
    serverModule('platform/db/migrate.ts'),
    serverModule('modules/regions/index.ts'),
    serverModule('platform/time.ts'),
    serverModule('modules/activities/recurrence.ts'),
    serverModule('modules/people/protect.ts'),
    tsImport('@tongxin/shared', import.meta.url),
  ]);
  const helpDue = (await serverModule('modules/help/service.ts')).due;

  const target = targets(scale);
  const uid = uuids(seed);
  const townIds = Array.from({ length: target.towns }, (_, t) => uid(KIND.region, t));
  const townNames = Array.from({ length: target.towns }, (_, t) => `${placeStem(t * 7 + 3)}镇`);

  // The real schema, and the towns through the server's own insertTown (with their default care
  // tags, activity and help categories).
  await phase('migrations + towns', async () => {
    const handle = await openDatabase({ databaseUrl: dbUrl, poolSize: 2 });
    try {
      await migrate(handle.db);
      await handle.db.transaction().execute(async (trx) => {
        for (let t = 0; t < target.towns; t++)
          await regions.insertTown(trx, {
            id: townIds[t],
            name: townNames[t],
            levelNames: [...shared.DEFAULT_LEVEL_NAMES],
            code: `440605${String(100 + t).padStart(3, '0')}000`,
            centre: { lng: 112.9 + (t % 5) * 0.12, lat: 22.85 + Math.floor(t / 5) * 0.1 },
          });
      });
    } finally {
      await handle.close();
    }
  });

  const indexDefs = await withClient(dbUrl, async (c) => {
    const { rows } = await c.query(
      `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
       from pg_index i
       where i.indrelid::regclass::text = any($1) and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`,
      [REINDEXED],
    );
    for (const r of rows) await c.query(`drop index ${r.name}`);
    // The region figures' statement triggers (migration 0012) would hold each COPY's rows in a
    // transition table; they are off during the load and the rollup is built once afterwards.
    await c.query(figureTriggers('disable'));
    return rows;
  });

  const passwordHash = await argon2(PASSWORD, { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  const copies = [];
  const gen = await phase('generate + copy', () =>
    generate({
      target,
      seed,
      uid,
      townIds,
      townNames,
      dbUrl,
      copies,
      seal: sealing(dataKey),
      passwordHash,
      time,
      recurrence,
      protect,
      shared,
      helpDue,
    }).catch((err) => {
      for (const c of copies) c.abort();
      throw err;
    }),
  );

  await phase('indexes', () =>
    withClient(dbUrl, async (c) => {
      await c.query(`set maintenance_work_mem = '256MB'`);
      for (const r of indexDefs) await c.query(r.def);
    }),
  );
  await phase('figures', () =>
    withClient(dbUrl, async (c) => {
      await c.query(figureTriggers('enable'));
      await c.query('select figure_rebuild()');
    }),
  );
  await phase('analyze', () => withClient(dbUrl, (c) => c.query('analyze')));
  const check = await phase('self-check', () => withClient(dbUrl, (c) => selfCheck(c, target)));
  if (!check.ok) throw new Error(`self-check failed:\n  ${check.failures.join('\n  ')}`);
  const size = await withClient(dbUrl, async (c) => (await c.query('select pg_database_size(current_database())::bigint as b')).rows[0].b);

  const result = {
    scale,
    seed,
    database: name,
    dbUrl,
    dataKey: dataKey.toString('base64'),
    counts: check.counts,
    targets: target,
    tables: gen.tables,
    phases,
    seconds: (performance.now() - started) / 1000,
    bytes: Number(size),
    sample: gen.sample,
  };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(outFile, JSON.stringify(result, null, 2), { mode: 0o600 });
  result.file = outFile;
  return result;
}

/** Every row of the city, streamed into COPYs. */
async function generate(ctx) {
  const { target, seed, uid, townIds, dbUrl, copies, seal, protect, shared, time } = ctx;
  const rand = rng(seed);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const between = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const now = Date.now();
  const today = localDay(now);
  const year = Number(today.slice(0, 4));
  const open = async (table, columns) => {
    const c = await openCopy(dbUrl, table, columns.split(' '));
    copies.push(c);
    return c;
  };
  const put = async (c, values) => {
    const p = c.row(values);
    if (p) await p;
  };

  // ------------------------------------------------------------------ people's names and ID numbers
  const initialsCache = new Map();
  const initials = (n) => {
    let v = initialsCache.get(n);
    if (v === undefined) initialsCache.set(n, (v = protect.nameInitials(n)));
    return v;
  };
  // Common surnames far more often than rare ones.
  const personName = () => SURNAMES[Math.floor(SURNAMES.length * rand() ** 2.2)] + pick(GIVEN_NAMES);
  const idSeq = new Map();
  /** A valid resident ID number, distinct for every call (a counter per birth date and sex). */
  const idNumber = (birth, male) => {
    const key = birth + (male ? 'm' : 'f');
    const c = idSeq.get(key) ?? 0;
    idSeq.set(key, c + 1);
    const first17 = `4406${String(10 + Math.floor(c / 500)).padStart(2, '0')}${birth.replaceAll('-', '')}${String((c % 500) * 2 + (male ? 1 : 0)).padStart(3, '0')}`;
    return first17 + shared.idCheckDigit(first17);
  };
  const birthFor = (age) => {
    const birth = `${year - age}-${String(between(1, 12)).padStart(2, '0')}-${String(between(1, 28)).padStart(2, '0')}`;
    return birth > today ? `${year - age - 1}${birth.slice(4)}` : birth;
  };
  // In the column order of resident (cipher, hash, mask) and of account (hash, cipher, mask).
  const residentMobile = (m) => [seal.encrypt(m), seal.keyedHash(m), shared.maskMobile(m)];
  const accountMobile = (m) => [seal.keyedHash(m), seal.encrypt(m), shared.maskMobile(m)];
  const g = {
    ...ctx,
    rand,
    pick,
    between,
    now,
    today,
    year,
    open,
    put,
    initials,
    personName,
    idNumber,
    birthFor,
    residentMobile,
    accountMobile,
  };

  const city = await places(g);
  Object.assign(city, await households(g, city));
  Object.assign(city, await volunteers(g, city));
  const { helpStatus, closedCount } = drawHelpStatuses(g);
  const S = target.serviceRecords;
  const activityRecords = Math.max(0, S - closedCount);

  // Every confirmed record earns later, in the order it was confirmed: kept compactly until then.
  const rec = {
    n: 0,
    vol: new Int32Array(S),
    team: new Int32Array(S),
    minutes: new Int16Array(S),
    stars: new Int8Array(S),
    at: new Float64Array(S),
    confirmer: new Array(S),
    title: new Array(S),
    town: new Int16Array(S),
    confirmed: new Uint8Array(S),
  };
  const record = await open(
    'service_record',
    'id town_id volunteer_id region_id source occurrence_id signup_id help_request_id title category served_on place content organiser leader_name measured_minutes minutes status due_on confirmed_by confirmed_at created_at',
  );
  const dueCache = new Map();
  const tenWorkingDays = (date) => {
    let d = dueCache.get(date);
    if (!d) dueCache.set(date, (d = time.addWorkingDays(date, 10)));
    return d;
  };

  const records = { record, rec, activityRecords, tenWorkingDays };
  await activities(g, city, records);
  const help = await helpRequests(g, city, records, helpStatus);
  await record.end();
  const ledger = await pointsLedger(g, city, rec);

  const tables = copies.map((c) => ({ table: c.table, rows: c.rows, seconds: c.seconds }));
  // The sample: ids a benchmark needs at this scale.
  const { community, residentsPer, vol, townAdmin } = city;
  const byResidents = [...community].sort((x, y) => residentsPer[y.i] - residentsPer[x.i]);
  const busy = byResidents[0];
  const quiet = byResidents[byResidents.length - 1];
  let top = 0;
  for (let v = 1; v < vol.records.length; v++) if (vol.records[v] > vol.records[top]) top = v;
  const busiestGrid = busy.grids[0];
  return {
    tables,
    sample: {
      password: PASSWORD,
      townId: townIds[busy.town],
      townAdminAccountId: townAdmin[busy.town].id,
      townAdminMobile: townAdmin[busy.town].mobile,
      busyCommunityId: busy.id,
      busyCommunityName: busy.name,
      quietCommunityId: quiet.id,
      quietCommunityName: quiet.name,
      communityAdminAccountId: busy.admin,
      communityAdminMobile: busy.adminMobile,
      gridId: busiestGrid.id,
      gridWorkerAccountId: busiestGrid.worker,
      gridWorkerMobile: busiestGrid.workerMobile,
      volunteerAccountId: vol.account[top],
      volunteerId: uid(KIND.volunteer, top),
      volunteerMobile: vol.mobile[top],
      volunteerRecords: vol.records[top],
      overdueHelpRequests: help.overdue,
      redemptions: ledger.redemptions,
    },
  };
}

/** One statement that turns every region-figure trigger off or on again. */
function figureTriggers(action) {
  return `do $$ declare r record; begin
    for r in select tgrelid::regclass::text as tbl, tgname from pg_trigger where tgname like 'figure\\_%' loop
      execute format('alter table %s ${action} trigger %I', r.tbl, r.tgname);
    end loop; end $$`;
}
