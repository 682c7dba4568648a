// A city on demand: `node bench/city.mjs --scale 0.1` builds tongxin_city_0_1 on the machine's
// PostgreSQL (BENCH_DATABASE_URL) through COPY, checks it and prints what it loaded and how fast.
//   --scale <x>        1 = 10 towns, 300 communities, 3,000 grids, 1,000,000 residents, … (default 0.01)
//   --database <name>  default tongxin_city_<scale>
//   --seed <n>         the same seed gives the same city (default 1)
//   --keep             reuse the database when it was built with the same scale and seed
//   --smoke            start the real server on it, log in over HTTP and read list pages (port 4210)
//   --drop             drop the database at the end (measurements)
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { fmt, table } from './support.mjs';
import { buildCity } from './city/build.mjs';
import { smoke } from './city/smoke.mjs';

export { buildCity };

async function main() {
  const args = process.argv.slice(2);
  const value = (name) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const scale = Number(value('scale') ?? 0.01);
  const seed = Number(value('seed') ?? 1);
  if (!(scale > 0 && scale <= 10) || !Number.isInteger(seed)) throw new Error('--scale must be in (0, 10], --seed an integer');
  console.log(`building the city at scale ${scale} (seed ${seed}) …`);
  const city = await buildCity({ scale, seed, database: value('database'), keep: args.includes('--keep'), log: console.log });
  if (city.kept) console.log(`kept ${city.database} (built earlier with the same scale and seed)`);
  else {
    const rows = [['table', 'rows', 'seconds', 'rows/s']];
    for (const t of city.tables) rows.push([t.table, fmt(t.rows), t.seconds.toFixed(1), fmt(t.rows / Math.max(t.seconds, 0.001))]);
    const copied = city.tables.reduce((s, t) => s + t.rows, 0);
    const generate = city.phases.find((p) => p.label === 'generate + copy').seconds;
    rows.push(['all COPY (overlapping streams)', fmt(copied), generate.toFixed(1), fmt(copied / generate)]);
    for (const p of city.phases) if (p.label !== 'generate + copy') rows.push([p.label, '', p.seconds.toFixed(1), '']);
    console.log(`\n${table(rows)}\n`);
    console.log(`total ${city.seconds.toFixed(1)} s; database ${(city.bytes / 2 ** 20).toFixed(0)} MiB`);
  }
  console.log(`counts: ${JSON.stringify(city.counts)}`);
  console.log(city.kept ? 'self-check: passed when it was built' : 'self-check: all invariants hold');
  const s = city.sample;
  console.log(`\nDATABASE_URL=${city.dbUrl} TONGXIN_DATA_KEY=${city.dataKey} SEED_DEMO=false npm run serve`);
  console.log(`(saved with the sample ids in ${city.file})`);
  console.log(
    `log in (password ${s.password}): town admin ${s.townAdminMobile}, community admin ${s.communityAdminMobile} (${s.busyCommunityName}), ` +
      `grid worker ${s.gridWorkerMobile}, volunteer ${s.volunteerMobile} (${s.volunteerRecords} records)`,
  );
  let ok = true;
  if (args.includes('--smoke')) {
    const results = await smoke(city, Number(value('port') ?? 4210));
    console.log(`\n${table([['who', 'GET', 'status', 'ms'], ...results.map((r) => [r.who, r.path, String(r.status), r.ms.toFixed(0)])])}`);
    ok &&= results.every((r) => r.status === 200);
  }
  if (args.includes('--drop')) {
    const c = new pg.Client({ connectionString: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
    await c.connect();
    await c.query(`drop database if exists ${city.database} with (force)`);
    await c.end();
    rmSync(join(tmpdir(), 'tongxin-city', `${city.database}.json`), { force: true });
    console.log(`dropped ${city.database}`);
  }
  process.exitCode = ok ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href)
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
