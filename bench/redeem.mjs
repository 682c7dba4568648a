#!/usr/bin/env node
// Contended redemptions (积分兑换): N approved volunteers, each with points on the ledger, all redeem
// one scarce catalogue item at once through the real HTTP route (POST /api/catalog/:id/redeem), on
// PostgreSQL. Checks that exactly `stock` of them got a code and every other was told
// CATALOG_OUT_OF_STOCK, that the shelf is empty and never below zero, and that the ledger still
// balances, and compares redemptions/s over HTTP with the same SQL driven by pgbench in the same run.
//
//   node bench/redeem.mjs                          512 volunteers, stock 64, 10 rounds of each
//   node bench/redeem.mjs --volunteers 1024 --stock 16 --rounds 10 --connections 64
//
// BENCH_DATABASE_URL picks the server (default postgres://postgres@127.0.0.1:5432/postgres);
// BENCH_PROFILE=<dir> runs the server with --cpu-prof. Exits 1 if any check fails.
//
// Both sides do the same work per round: N redemptions (one per volunteer) of a fresh item with
// `stock` units, price 10, one per person; N/32 per pgbench client (-c 32 -j 2), 64 keep-alive HTTP
// connections. The rounds alternate (HTTP, pgbench, HTTP, …) so the machine's noise falls on both;
// medians are reported (latency percentiles over every redemption of the counted rounds). A warm-up
// round of each comes first and is not counted (the HTTP warm-up also opens the merchant's hold
// account, as the first redemption of a merchant does).
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import {
  benchUuid,
  benchUuidSql,
  createVolunteers,
  demoPlace,
  figure,
  fmt,
  load,
  machine,
  median,
  openBench,
  opt,
  percentile,
  pgbench,
  request,
  shuffled,
  table,
  volunteerUuid,
  writeFigures,
} from './support.mjs';

const PGBENCH_CLIENTS = 32;
const N = Math.ceil(opt('volunteers', 512) / PGBENCH_CLIENTS) * PGBENCH_CLIENTS;
const STOCK = opt('stock', 64);
const ROUNDS = opt('rounds', 10);
const CONNECTIONS = opt('connections', 64);
const PRICE = 10;
if (N < 2 || STOCK < 1 || STOCK >= N) throw new Error('need at least 2 volunteers and a stock of 1 … volunteers − 1');
if (N > 99_999) throw new Error('at most 99,999 volunteers (pgbench codes carry the volunteer number)');
if (ROUNDS > 999) throw new Error('at most 999 rounds (item ids carry the round number)');
const port = 4394;

// Deterministic ids, so pgbench can name rows without a lookup.
const MERCHANT_ID = benchUuid('d000', 1);
const pointsAccountUuid = (n) => benchUuid('c000', n); // volunteer n's points account
const grantTxnUuid = (n) => benchUuid('c001', n);
// One item per round and side: group a<round> over HTTP, b<round> for pgbench.
const itemGroup = (side, round) => `${side}${String(round).padStart(3, '0')}`;
const itemUuid = (group) => benchUuid(group, 1);
const MERCHANT_NAME = '压测爱心商家';

// ------------------------------------------------------------------ fixtures
/**
 * A merchant of the demo community, the town's issuing account, a points account for every
 * volunteer, and a grant to each straight on the ledger (one 'grant' transaction of two entries per
 * volunteer: + to the volunteer, − to the issuing account; the entry trigger moves the balances and
 * the commit-time trigger checks each sums to zero): enough for every round of both sides.
 */
async function pointsFixtures(db, place) {
  const points = PRICE * 2 * (ROUNDS + 1) + 100;
  await db.query('begin');
  await db.query(
    `insert into merchant (id, town_id, region_id, kind, name, address, contact, created_by)
     values ($1, $2, $3, 'business', $4, '青樵镇金湾花园1栋底商', '0760-00000000', $5)`,
    [MERCHANT_ID, place.townId, place.communityId, MERCHANT_NAME, place.adminAccountId],
  );
  await db.query(
    `insert into points_account (town_id, kind, region_id) values ($1, 'issuing', $1)
     on conflict (town_id) where kind = 'issuing' do nothing`,
    [place.townId],
  );
  const issuing = (await db.query(`select id from points_account where town_id = $1 and kind = 'issuing'`, [place.townId])).rows[0].id;
  const ns = Array.from({ length: N }, (_, k) => k + 1);
  await db.query(
    `insert into points_account (id, town_id, kind, region_id, volunteer_id)
     select a, $1, 'volunteer', $2, v from unnest($3::uuid[], $4::uuid[]) as t(a, v)`,
    [place.townId, place.gridId, ns.map(pointsAccountUuid), ns.map(volunteerUuid)],
  );
  await db.query(
    `insert into points_txn (id, town_id, kind, memo, created_by)
     select t, $1, 'grant', '压测：发放兑换积分', $2 from unnest($3::uuid[]) as x(t)`,
    [place.townId, place.adminAccountId, ns.map(grantTxnUuid)],
  );
  await db.query(
    `insert into points_entry (txn_id, account_id, amount)
     select t, a, $1::integer from unnest($2::uuid[], $3::uuid[]) as x(t, a)
     union all
     select t, $4::uuid, -$1::integer from unnest($2::uuid[]) as x(t)
     order by 1`,
    [points, ns.map(grantTxnUuid), ns.map(pointsAccountUuid), issuing],
  );
  await db.query('commit');
  return points;
}

/** One listed goods item of the bench merchant: STOCK units, price 10, one per person, valid from today for 30 days. */
async function scarceItem(db, place, group, label) {
  const id = itemUuid(group);
  await db.query(
    `insert into catalog_item (id, town_id, merchant_id, kind, title, description, price, stock, per_person_limit,
       valid_from, valid_until, collect_at, status, moderated_by, created_by)
     select $1, $2, $3, 'goods', $4, '压测：限量兑换', $5, $6, 1, d, d + 30, '压测爱心商家前台', 'listed', $7, $7
     from (select (now() at time zone t.timezone)::date as d from town t where t.id = $2) x`,
    [id, place.townId, MERCHANT_ID, `限量好礼 ${label}`, PRICE, STOCK, place.adminAccountId],
  );
  return id;
}

// ------------------------------------------------------------------ HTTP load
async function httpRound(bench, people, itemId) {
  const order = shuffled(people);
  const h = await load(
    bench,
    order.map((p) => request(port, 'POST', `/api/catalog/${itemId}/redeem`, p, '{}')),
    CONNECTIONS,
  );
  const winners = [];
  const problems = [];
  const wrong = {};
  let losers = 0;
  h.results.forEach((x, i) => {
    const p = order[i];
    let body = null;
    try {
      body = JSON.parse(x.body);
    } catch {
      // not JSON
    }
    if (x.status === 201) {
      if (body?.itemId !== itemId || body?.status !== 'held' || body?.points !== PRICE || !/^[0-9]{8}$/.test(body?.code ?? ''))
        problems.push(`201 for volunteer ${p.n} answers ${x.body.slice(0, 160)}`);
      winners.push(p.n);
      return;
    }
    if (x.status === 409 && body?.code === 'CATALOG_OUT_OF_STOCK') losers++;
    else {
      const key = `${x.status} ${body?.code ?? x.body.slice(0, 120)}`;
      wrong[key] = (wrong[key] ?? 0) + 1;
    }
  });
  if (winners.length !== STOCK) problems.push(`${winners.length} redemptions answered 201, stock was ${STOCK}`);
  for (const [what, n] of Object.entries(wrong)) problems.push(`${n} answered ${what}, not 201 or 409 CATALOG_OUT_OF_STOCK`);
  const ms = h.results.map((x) => x.ms);
  const winnerMs = h.results.filter((x) => x.status === 201).map((x) => x.ms);
  return { ...h, results: undefined, ms, winnerMs, losers, winners, problems };
}

// ------------------------------------------------------------------ pgbench
// The redemption of apps/server/src/modules/points: exchange.ts redeem() with its repository and
// ledger calls, in one transaction: lock the volunteer's account (lockAccounts), then in one
// statement the limit and balance checks folded into the guarded stock UPDATE (takeStock), the
// redemption insert (insertRedemption, ON CONFLICT on the live-code index), the 'hold' transaction
// and its two entries (post(); the entry trigger moves both balances, the hold account's row being
// the second hot row), the expiry job (scheduleJob, keyed) and the audit line (recordAudit). Keep it
// in step with those. (Not here: the session, the volunteer, item, town and rules reads, the
// account look-ups and the answer read back — the server pays those.) Transaction k of client c is
// volunteer c·t + k (t = N/32): every volunteer tries once, all clients start together. One that
// found the shelf empty rolls back, as the server's does (it throws CATALOG_OUT_OF_STOCK inside the
// transaction). The code is drawn from the round and the volunteer number, so pgbench's own codes
// never collide. (pgbench reads any ':name' as a variable, even inside a string: hence
// ':' || 'expire' in the job key.)
function pgbenchScript(group, round, perClient) {
  const item = `'${itemUuid(group)}'::uuid`;
  const vid = benchUuidSql('8000', 'k');
  const aid = benchUuidSql('9000', 'k');
  const acct = benchUuidSql('c000', 'k');
  return `\\set i :i + 1
\\set k :client_id * ${perClient} + :i
begin;
select balance from points_account where id = ${acct} for update;
with took as (
  update catalog_item ci set stock = stock - 1
   where ci.id = ${item} and ci.stock >= 1 and ci.status = 'listed'
     and ci.price <= (select balance from points_account where id = ${acct})
     and ci.per_person_limit >= 1 + (select coalesce(sum(quantity), 0) from redemption
                                      where item_id = ${item} and volunteer_id = ${vid} and status in ('held', 'verified'))
  returning ci.id, ci.town_id, ci.merchant_id, ci.price, ci.title
), red as (
  insert into redemption (town_id, item_id, merchant_id, volunteer_id, slot_id, quantity, points, code, expires_at)
  select town_id, id, merchant_id, ${vid}, null, 1, price, lpad((${round} * 100000 + (:k)::integer)::text, 8, '0'), now() + interval '7 days'
  from took
  on conflict (town_id, code) where status = 'held' do nothing
  returning id, town_id, merchant_id, points
), txn as (
  insert into points_txn (town_id, kind, memo, created_by, redemption_id)
  select red.town_id, 'hold', '兑换「' || took.title || '」×1（${MERCHANT_NAME}）', ${aid}, red.id from red, took
  returning id
), entries as (
  insert into points_entry (txn_id, account_id, amount)
  select txn.id, e.account_id, e.amount
  from txn, red,
    lateral (values (${acct}, -red.points),
                    ((select id from points_account where merchant_id = red.merchant_id and kind = 'hold'), red.points)) as e(account_id, amount)
), expiry as (
  insert into job (name, key, run_at, payload)
  select 'points.redemption_expire', 'redemption:' || id || ':' || 'expire', now() + interval '7 days', jsonb_build_object('redemptionId', id)
  from red
  on conflict (key) where key is not null
  do update set name = excluded.name, run_at = excluded.run_at, payload = excluded.payload, done_at = null, attempts = 0, last_error = null
), audit as (
  insert into audit_log (town_id, region_id, actor_id, actor_name, action, entity, entity_id, before, after, ip, request_id)
  select red.town_id, null, ${aid}, 'pgbench', 'redemption.create', 'redemption', red.id::text, null,
    jsonb_build_object('itemId', ${item}, 'quantity', 1, 'points', red.points, 'slotId', null), null, null
  from red
)
select count(*) as redeemed from red \\gset
\\if :redeemed
commit;
\\else
rollback;
\\endif
`;
}

function pgbenchRound(bench, group, round) {
  const perClient = N / PGBENCH_CLIENTS;
  const file = join(bench.dir, `redeem-${group}.sql`);
  writeFileSync(file, pgbenchScript(group, round, perClient));
  return pgbench(bench, { file, clients: PGBENCH_CLIENTS, jobs: 2, transactions: perClient, vars: { i: 0 } });
}

// ------------------------------------------------------------------ checks
/**
 * In the database, for the round's item: the shelf is empty (never below zero), `stock` held
 * redemptions by as many different volunteers (the ones that got a 201, when known), each with its
 * 'hold' transaction and its pending expiry job; and over the whole ledger: every transaction sums
 * to zero with at least two entries, every balance equals the sum of its entries, no balance but
 * the issuing account's is below zero, and each hold account holds exactly its held redemptions.
 */
async function check(db, itemId, winners) {
  const problems = [];
  const { rows } = await db.query(
    `select ci.stock,
       (select count(*) from redemption r where r.item_id = ci.id and r.status = 'held')::int as held,
       (select count(*) from redemption r where r.item_id = ci.id)::int as redemptions,
       (select coalesce(sum(r.quantity), 0) from redemption r where r.item_id = ci.id and r.status = 'held')::int as units,
       (select count(distinct r.volunteer_id) from redemption r where r.item_id = ci.id)::int as people,
       (select array_agg(r.volunteer_id::text) from redemption r where r.item_id = ci.id) as volunteers,
       (select count(*) from points_txn t join redemption r on r.id = t.redemption_id
         where r.item_id = ci.id and t.kind = 'hold')::int as hold_txns,
       (select count(*) from job j join redemption r on j.key = 'redemption:' || r.id || ':expire'
         where r.item_id = ci.id and j.done_at is null)::int as jobs,
       (select extract(epoch from max(r.created_at) - min(r.created_at)) * 1000 from redemption r
         where r.item_id = ci.id)::float8 as span_ms
     from catalog_item ci where ci.id = $1`,
    [itemId],
  );
  const r = rows[0];
  if (!r) return { problems: ['item missing'], spanMs: NaN };
  if (r.stock !== 0) problems.push(`stock left ${r.stock}, not 0`);
  if (r.held !== STOCK || r.redemptions !== STOCK) problems.push(`${r.held} held of ${r.redemptions} redemptions, stock was ${STOCK}`);
  if (r.units !== STOCK) problems.push(`${r.units} units held, stock was ${STOCK}`);
  if (r.people !== r.redemptions) problems.push(`${r.redemptions} redemptions by only ${r.people} volunteers`);
  if (r.hold_txns !== r.redemptions) problems.push(`${r.hold_txns} 'hold' transactions for ${r.redemptions} redemptions`);
  if (r.jobs !== r.redemptions) problems.push(`${r.jobs} pending expiry jobs for ${r.redemptions} redemptions`);
  if (winners) {
    const got = new Set(r.volunteers ?? []);
    const missing = winners.filter((n) => !got.has(volunteerUuid(n)));
    if (missing.length) problems.push(`${missing.length} volunteers got a 201 but hold no redemption (e.g. ${missing[0]})`);
  }
  const ledger = (
    await db.query(
      `select
         (select count(*) from (select t.id from points_txn t left join points_entry e on e.txn_id = t.id
            group by t.id having coalesce(sum(e.amount), 0) <> 0 or count(e.id) < 2) x)::int as unbalanced,
         (select count(*) from points_account a
           where a.balance <> coalesce((select sum(e.amount) from points_entry e where e.account_id = a.id), 0))::int as drifted,
         (select count(*) from points_account where kind <> 'issuing' and balance < 0)::int as negative,
         (select count(*) from catalog_item where stock < 0)::int as below_zero,
         (select coalesce(json_agg(json_build_object('balance', a.balance, 'held', h.held)), '[]') from points_account a
            cross join lateral (select coalesce(sum(r.points), 0)::int as held from redemption r
                                 where r.merchant_id = a.merchant_id and r.status = 'held') h
           where a.kind = 'hold' and a.balance <> h.held) as holds`,
    )
  ).rows[0];
  if (ledger.unbalanced) problems.push(`${ledger.unbalanced} points transactions do not sum to zero (or have fewer than 2 entries)`);
  if (ledger.drifted) problems.push(`${ledger.drifted} accounts' balance differs from the sum of their entries`);
  if (ledger.negative) problems.push(`${ledger.negative} accounts below zero`);
  if (ledger.below_zero) problems.push(`${ledger.below_zero} catalogue items below zero stock`);
  for (const h of ledger.holds) problems.push(`a hold account holds ${h.balance}, its held redemptions ${h.held}`);
  // First code to last, by the redemptions' insert times: how long the shelf took to empty.
  return { problems, spanMs: r.span_ms };
}

// ------------------------------------------------------------------ main
async function main() {
  const bench = await openBench('redeem', port);
  const { db } = bench;
  let failed = false;
  try {
    const place = await demoPlace(db);
    const loadBefore = loadavg();
    const t0 = performance.now();
    const people = await createVolunteers(db, place, N, bench.seal);
    const granted = await pointsFixtures(db, place);
    console.log(
      `fixtures: ${N.toLocaleString('en')} approved volunteers with sessions and ${granted} points each, in ${((performance.now() - t0) / 1000).toFixed(1)} s; ` +
        `a fresh item per round and side (stock ${STOCK}, ${PRICE} points, one per person); ${N.toLocaleString('en')} redemptions per round`,
    );
    await db.query('analyze');

    const rows = [];
    for (let round = 0; round <= ROUNDS; round++) {
      const label = round === 0 ? 'warm-up' : `round ${round}`;
      const hId = await scarceItem(db, place, itemGroup('a', round), `HTTP ${label}`);
      const pGroup = itemGroup('b', round);
      const pId = await scarceItem(db, place, pGroup, `pgbench ${label}`);
      const h = await httpRound(bench, people, hId);
      const hc = await check(db, hId, h.winners);
      h.problems.push(...hc.problems);
      h.spanMs = hc.spanMs;
      const p = pgbenchRound(bench, pGroup, round);
      const pc = await check(db, pId, null);
      const pProblems = pc.problems;
      p.spanMs = pc.spanMs;
      if (p.processed !== N) pProblems.push(`pgbench processed ${p.processed} of ${N} redemptions`);
      // Baseline in the same round: an authenticated read (session lookup, account, grants) with the
      // same volunteers' cookies — the part of every redemption that is not the redemption.
      const me = await load(
        bench,
        people.map((x) => request(port, 'GET', '/api/auth/me', x)),
        CONNECTIONS,
      );
      // And the losing half of a redemption alone: the round's losers try the emptied item again
      // (every answer 409 CATALOG_OUT_OF_STOCK, nothing written).
      const won = new Set(h.winners);
      const empty = await load(
        bench,
        people.filter((x) => !won.has(x.n)).map((x) => request(port, 'POST', `/api/catalog/${hId}/redeem`, x, '{}')),
        CONNECTIONS,
      );
      const notOut = empty.results.filter((x) => x.status !== 409 || !x.body.includes('"CATALOG_OUT_OF_STOCK"')).length;
      if (notOut) h.problems.push(`${notOut} redemptions of the emptied item were not answered 409 CATALOG_OUT_OF_STOCK`);
      rows.push({ label, h, p, me, empty });
      const ok = (problems) => (problems.length ? 'FAILED' : 'ok');
      console.log(
        `${label.padEnd(8)}  HTTP ${fmt(h.rate).padStart(5)} redemptions/s (${h.seconds.toFixed(2)} s, ${Object.entries(h.statuses)
          .map(([s, n]) => `${n}×${s}`)
          .join(', ')}, p50 ${percentile(h.ms, 50).toFixed(0)} ms, p99 ${percentile(h.ms, 99).toFixed(0)} ms, check ${ok(h.problems)}; ` +
          `CPU/redemption node ${h.nodeMs.toFixed(2)} ms, postgres ${h.pgMs.toFixed(2)} ms, sold out in ${h.spanMs.toFixed(0)} ms)  ` +
          `pgbench ${fmt(p.rate).padStart(5)} tps (sold out in ${p.spanMs.toFixed(0)} ms, check ${ok(pProblems)})` +
          `  sold-out item ${fmt(empty.rate)}/s  /api/auth/me ${fmt(me.rate)}/s`,
      );
      for (const x of h.problems.slice(0, 20)) console.log(`          HTTP FAILED: ${x}`);
      for (const x of pProblems.slice(0, 20)) console.log(`          pgbench FAILED: ${x}`);
      if (h.problems.length || pProblems.length) failed = true;
    }

    const counted = rows.slice(1);
    const med = (f) => median(counted.map(f));
    const http = med((r) => r.h.rate);
    const pgb = med((r) => r.p.rate);
    const all = counted.flatMap((r) => r.h.ms);
    const won = counted.flatMap((r) => r.h.winnerMs);
    const ms = (x) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;
    console.log(
      `\nRedemptions: ${N.toLocaleString('en')} volunteers redeem one item of stock ${STOCK} at once, PostgreSQL, median of ${counted.length} rounds`,
    );
    console.log(
      table([
        ['figure', 'value', 'target'],
        ['codes issued (HTTP 201) per round', counted.map((r) => r.h.statuses[201] ?? 0).join(', '), `= ${STOCK} (the stock)`],
        ['409 CATALOG_OUT_OF_STOCK per round', counted.map((r) => fmt(r.h.losers)).join(', '), `= ${fmt(N - STOCK)}`],
        [`HTTP redemptions attempted/s (${CONNECTIONS} connections)`, fmt(http), ''],
        ['HTTP successful redemptions/s (stock ÷ round time)', fmt(med((r) => STOCK / r.h.seconds)), ''],
        [
          `redemption latency p50 / p95 / p99 / max (${fmt(all.length)} redemptions)`,
          [50, 95, 99, 100].map((q) => ms(percentile(all, q))).join(' / '),
          '',
        ],
        [
          `successful redemption latency p50 / max (${fmt(won.length)} codes)`,
          `${ms(percentile(won, 50))} / ${ms(percentile(won, 100))}`,
          '',
        ],
        ['pgbench redemptions/s, same SQL (-c 32 -j 2)', fmt(pgb), ''],
        ['pgbench successful redemptions/s', fmt(med((r) => (r.p.rate * STOCK) / N)), ''],
        ['pgbench latency average', ms(med((r) => r.p.latencyMs)), ''],
        [
          'shelf emptied in (first code to last): HTTP / pgbench',
          `${ms(med((r) => r.h.spanMs))} / ${ms(med((r) => r.p.spanMs))} (${(med((r) => r.h.spanMs) / STOCK).toFixed(1)} / ${(med((r) => r.p.spanMs) / STOCK).toFixed(1)} ms a code)`,
          '',
        ],
        ['HTTP ÷ pgbench', (http / pgb).toFixed(2), '≥ 0.50'],
        [
          'server CPU per redemption: node / its postgres backends',
          `${med((r) => r.h.nodeMs).toFixed(2)} ms / ${med((r) => r.h.pgMs).toFixed(2)} ms`,
          '',
        ],
        [
          'same run: redeem the emptied item (all 409), the losers again',
          `${fmt(med((r) => r.empty.rate))}/s, node ${med((r) => r.empty.nodeMs).toFixed(2)} ms, postgres ${med((r) => r.empty.pgMs).toFixed(2)} ms`,
          '',
        ],
        [
          'baseline: GET /api/auth/me (session + account), same cookies',
          `${fmt(med((r) => r.me.rate))}/s, node ${med((r) => r.me.nodeMs).toFixed(2)} ms, postgres ${med((r) => r.me.pgMs).toFixed(2)} ms`,
          '',
        ],
      ]),
    );
    const m = machine(loadBefore);
    console.log(`${m.line}${m.busy ? ': the machine was busy, so the rates are low' : ''}`);
    console.log(
      `checks (stock codes and the rest 409 CATALOG_OUT_OF_STOCK, shelf empty and never below zero, held = stock, ledger balanced, holds match): ${failed ? 'FAILED' : 'ok'}`,
    );
    writeFigures([
      figure('contended redemptions/s (one scarce item)', Math.round(http), 'redemptions/s', {
        baseline: Math.round(pgb),
        baselineUnit: 'pgbench tps',
        ratio: http / pgb,
        target: 'ratio ≥ 0.50, stock holds',
        met: !failed && http / pgb >= 0.5,
        note: `${N} volunteers, stock ${STOCK}, p99 ${percentile(all, 99).toFixed(0)} ms, median of ${counted.length} rounds${failed ? '; CHECKS FAILED' : ''}`,
      }),
    ]);
    if (failed) {
      console.error('redeem.mjs: CHECKS FAILED (see the FAILED lines above)');
      process.exitCode = 1;
    }
  } finally {
    await bench.close();
  }
}

await main();
