/**
 * A town under mixed write load, for the fault tests: the demo town plus many volunteers with
 * sessions (written straight into the database), points to spend, one scarce catalogue item,
 * occurrences with few places, open help requests in the grid's pool and attended service records
 * waiting for confirmation. Then the load itself — sign-ups, claims, redemptions and hour
 * confirmations in a random order — remembering every write the server acknowledged, and the
 * checks that every acknowledged write is there and every invariant holds.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { idCheckDigit } from '@tongxin/shared';
import { buildApp } from '../../src/app.js';
import { DataCipher } from '../../src/platform/crypto.js';
import { createSession } from '../../src/platform/auth/sessions.js';
import type { Database, DatabaseHandle } from '../../src/platform/db/index.js';
import { seedDemoIfEmpty } from '../../src/seed/demo.js';
import { accountOf, issuingAccount, post } from '../../src/modules/points/index.js';
import { insertServiceRecord, testConfig } from '../helpers.js';
import { call, type Session } from './harness.js';

export interface Sizes {
  volunteers: number;
  occurrences: number;
  capacity: number;
  requests: number;
  stock: number;
  records: number;
}

export interface FaultTown {
  townId: string;
  admin: Session;
  volunteers: Array<Session & { volunteerId: string }>;
  occurrenceIds: string[];
  capacity: number;
  requestIds: string[];
  itemId: string;
  stock: number;
  records: Array<{ recordId: string; occurrenceId: string; minutes: number }>;
  /** 关玉珍, who asked for every request: claims are reported to her live. */
  requester: Session;
  /** One more open request in the grid's pool (after the load, for a live-update check). */
  addRequest(db: Database): Promise<string>;
}

/** A session as a login makes one (platform/auth/sessions.ts), without paying for argon2. */
async function newSession(db: Database, accountId: string): Promise<Session> {
  const s = await createSession(db, accountId, 1, { ip: null, userAgent: null });
  return { token: s.token, csrf: s.csrfToken };
}

function idNumber(n: number, birth: string, male: boolean): string {
  const first17 = `440605${birth.replaceAll('-', '')}${String((n % 499) * 2 + (male ? 1 : 0)).padStart(3, '0')}`;
  return first17 + idCheckDigit(first17);
}

/** Seed the demo town (migrations must have run) and everything the load needs. */
export async function prepareFaultTown(database: DatabaseHandle, dataKey: Buffer, sizes: Sizes): Promise<FaultTown> {
  const db = database.db;
  const cipher = new DataCipher(dataKey);
  await seedDemoIfEmpty(db, cipher);
  const place = (
    await sql<{ townId: string; adminId: string; communityId: string; gridId: string; teamId: string }>`
      select a.town_id as "townId", a.id as "adminId", c.id as "communityId", g.id as "gridId", t.id as "teamId"
      from account a
      join region c on c.town_id = a.town_id and c.depth = 1
      join region g on g.path like c.path || '%' and g.depth = 3
      join team t on t.region_id = c.id and t.kind = 'community'
      where a.name = '梁镇安' order by c.created_at, g.created_at limit 1`.execute(db)
  ).rows[0]!;
  const admin = await newSession(db, place.adminId);

  // Volunteers: an account, the volunteer role on the grid, an approved volunteer, a session.
  const volunteers: FaultTown['volunteers'] = [];
  await db.transaction().execute(async (trx) => {
    for (let n = 1; n <= sizes.volunteers; n++) {
      const accountId = randomUUID();
      const volunteerId = randomUUID();
      const mobile = `137${String(process.pid % 1000).padStart(3, '0')}${String(n).padStart(5, '0')}`;
      const birth = `${1970 + (n % 30)}-0${1 + (n % 9)}-1${n % 10}`;
      const id = idNumber(n, birth, n % 2 === 0);
      await trx
        .insertInto('account')
        .values({
          id: accountId,
          town_id: place.townId,
          home_region_id: place.gridId,
          name: `故障志愿者${n}`,
          mobile_hash: cipher.keyedHash(mobile),
          mobile_cipher: cipher.encrypt(mobile),
          mobile_masked: `${mobile.slice(0, 3)}****${mobile.slice(7)}`,
          password_hash: '$argon2id$fault-no-login',
        })
        .execute();
      await trx
        .insertInto('role_grant')
        .values({ town_id: place.townId, account_id: accountId, role: 'volunteer', region_id: place.gridId, granted_by: place.adminId })
        .execute();
      await trx
        .insertInto('volunteer')
        .values({
          id: volunteerId,
          town_id: place.townId,
          account_id: accountId,
          region_id: place.gridId,
          volunteer_no: `F${String(process.pid % 1000).padStart(3, '0')}${String(n).padStart(6, '0')}`,
          name: `故障志愿者${n}`,
          sex: n % 2 === 0 ? 'male' : 'female',
          birth_date: birth,
          id_type: 'resident_id',
          skills: [],
          service_categories: [],
          availability: [],
          id_cipher: cipher.encrypt(id),
          id_hash: cipher.keyedHash(`id:${id}`),
          id_masked: `${id.slice(0, 6)}********${id.slice(-4)}`,
          status: 'approved',
          reviewed_by: place.adminId,
          reviewed_at: new Date(),
        })
        .execute();
      // Enough points for any one redemption of the item below.
      const account = await accountOf(trx, { kind: 'volunteer', townId: place.townId, regionId: place.gridId, volunteerId });
      await post(trx, {
        townId: place.townId,
        kind: 'grant',
        memo: '故障测试：兑换积分',
        entries: [
          { accountId: account, amount: 50 },
          { accountId: await issuingAccount(trx, place.townId), amount: -50 },
        ],
        createdBy: place.adminId,
      });
      volunteers.push({ ...(await newSession(trx, accountId)), volunteerId });
    }
  });

  // One scarce item: the demo barber's haircut, `stock` left, 20 points, one per person.
  const item = await db
    .updateTable('catalog_item')
    .set({ stock: sizes.stock, price: 20, per_person_limit: 1 })
    .where('title', '=', '免费理发一次')
    .where('town_id', '=', place.townId)
    .returning('id')
    .executeTakeFirstOrThrow();

  // Occurrences with few places, published through the real service (slots and all).
  const app = await buildApp({ config: testConfig({ dataKey, seedDemo: false }), database, startWorkers: false });
  await app.ready();
  const occurrenceIds: string[] = [];
  try {
    const headers = { cookie: `tx_session=${admin.token}; tx_csrf=${admin.csrf}`, 'x-csrf-token': admin.csrf };
    for (let k = 0; k < sizes.occurrences; k++) {
      const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + (20 + k) * 86_400_000));
      const res = await app.inject({
        method: 'POST',
        url: '/api/activities',
        headers,
        payload: {
          title: `故障测试活动 ${k + 1}`,
          category: 'governance',
          site: '青樵镇文化广场',
          capacity: sizes.capacity,
          organiserTeamId: place.teamId,
          regionId: place.communityId,
          firstDate: day,
          startTime: '09:00',
          endTime: '11:00',
          publish: true,
        },
      });
      if (res.statusCode !== 201) throw new Error(`activity: ${res.statusCode} ${res.body}`);
      const occ = await app.inject({ method: 'GET', url: `/api/activities/${res.json<{ id: string }>().id}/occurrences`, headers });
      occurrenceIds.push(occ.json<{ items: Array<{ id: string }> }>().items[0]!.id);
    }
  } finally {
    await app.close();
  }

  // Open help requests in the grid's pool (as bench/claim.mjs writes them).
  const requesterId = (await db.selectFrom('account').select('id').where('name', '=', '关玉珍').executeTakeFirstOrThrow()).id;
  let requestNo = 0;
  const addRequest = async (target: Database) => {
    const k = requestNo++;
    const { id } = await target
      .insertInto('help_request')
      .values({
        town_id: place.townId,
        no: `FAULT-${process.pid}-${randomUUID().slice(0, 8)}`,
        region_id: place.gridId,
        requester_account_id: requesterId,
        requester_name: '关玉珍',
        filed_by: place.adminId,
        channel: 'grid_worker',
        category: 'errand',
        description: `故障测试：代买药品 #${k}`,
        place_cipher: cipher.encrypt(`青樵镇金湾花园${1 + (k % 9)}栋${101 + k}`),
        place_masked: '青樵镇金湾花园**栋***',
        status: 'open',
        pool: 'grid',
        pool_region_id: place.gridId,
        dispatched_at: new Date(),
        claim_due_at: new Date(Date.now() + 86_400_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  };
  const requestIds: string[] = [];
  for (let k = 0; k < sizes.requests; k++) requestIds.push(await addRequest(db));
  const requester = await newSession(db, requesterId);

  // Attended service records waiting for the organiser's confirmation, two weeks ago.
  const servedOn = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() - 14 * 86_400_000));
  const dueOn = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + 7 * 86_400_000));
  const records: FaultTown['records'] = [];
  for (let k = 0; k < sizes.records; k++) {
    const minutes = 60 + 30 * (k % 3);
    const r = await insertServiceRecord(db, {
      townId: place.townId,
      regionId: place.communityId,
      teamId: place.teamId,
      volunteerId: volunteers[k % volunteers.length]!.volunteerId,
      title: `故障测试服务 ${k + 1}`,
      servedOn,
      dueOn,
      minutes,
    });
    records.push({ recordId: r.recordId, occurrenceId: r.occurrenceId, minutes });
  }
  return {
    townId: place.townId,
    admin,
    volunteers,
    occurrenceIds,
    capacity: sizes.capacity,
    requestIds,
    itemId: item.id,
    stock: sizes.stock,
    records,
    requester,
    addRequest,
  };
}

// ------------------------------------------------------------------ the load

type Op =
  | { kind: 'signup'; v: number; occurrenceId: string }
  | { kind: 'claim'; v: number; requestId: string }
  | { kind: 'redeem'; v: number; key: string }
  | { kind: 'confirm'; recordId: string; occurrenceId: string; minutes: number };

export interface Acks {
  signups: Array<{ signupId: string; status: string; volunteerId: string; occurrenceId: string }>;
  claims: Array<{ requestId: string; volunteerId: string }>;
  redemptions: Array<{ id: string; code: string; volunteerId: string }>;
  confirmations: Array<{ recordId: string; minutes: number }>;
  /** Answers other than the expected refusals (409 for a lost race, 422 for a rule). */
  unexpected: string[];
  /** Requests cut by the kill: sent, never answered. */
  cut: number;
  /** Answered 503 SERVICE_UNAVAILABLE (the database was away). */
  unavailable: number;
}

function shuffle<T>(xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/**
 * Fire the mixed load with `concurrency` requests in flight at `port()` (a function, so a test can
 * point it at another instance) and call `onAck` after each acknowledged write. Stops when every op
 * is sent or `stop()` says so; answers already in flight are still recorded.
 */
export async function mixedLoad(
  town: FaultTown,
  port: () => number,
  opts: { concurrency: number; stop?: (acks: Acks) => boolean; onAck?: (acks: Acks) => void },
): Promise<Acks> {
  const ops: Op[] = [];
  town.volunteers.forEach((_, v) => {
    for (const occurrenceId of town.occurrenceIds) ops.push({ kind: 'signup', v, occurrenceId });
    for (const requestId of town.requestIds) ops.push({ kind: 'claim', v, requestId });
    ops.push({ kind: 'redeem', v, key: randomUUID() });
  });
  for (const r of town.records) ops.push({ kind: 'confirm', ...r });
  shuffle(ops);
  const acks: Acks = { signups: [], claims: [], redemptions: [], confirmations: [], unexpected: [], cut: 0, unavailable: 0 };
  let next = 0;
  const worker = async () => {
    while (next < ops.length && !opts.stop?.(acks)) {
      const op = ops[next++]!;
      const vol = 'v' in op ? town.volunteers[op.v]! : null;
      let a;
      switch (op.kind) {
        case 'signup':
          a = await call(port(), vol, 'POST', `/api/occurrences/${op.occurrenceId}/signup`, {});
          if (a.status === 201) {
            const b = a.body as { signupId: string; status: string };
            acks.signups.push({ signupId: b.signupId, status: b.status, volunteerId: vol!.volunteerId, occurrenceId: op.occurrenceId });
          }
          break;
        case 'claim':
          a = await call(port(), vol, 'POST', `/api/help-requests/${op.requestId}/claim`);
          if (a.status === 200) acks.claims.push({ requestId: op.requestId, volunteerId: vol!.volunteerId });
          break;
        case 'redeem':
          a = await call(port(), vol, 'POST', `/api/catalog/${town.itemId}/redeem`, {}, { 'idempotency-key': op.key });
          if (a.status === 201) {
            const b = a.body as { id: string; code: string };
            acks.redemptions.push({ id: b.id, code: b.code, volunteerId: vol!.volunteerId });
          }
          break;
        case 'confirm':
          a = await call(port(), town.admin, 'POST', `/api/occurrences/${op.occurrenceId}/confirm-hours`, {
            items: [{ recordId: op.recordId, minutes: op.minutes }],
          });
          if (a.status === 200) acks.confirmations.push({ recordId: op.recordId, minutes: op.minutes });
          break;
      }
      if (a.status === 0) acks.cut++;
      else if (a.status === 503 && (a.body as { code?: string } | null)?.code === 'SERVICE_UNAVAILABLE') acks.unavailable++;
      else if (a.status >= 200 && a.status < 300) opts.onAck?.(acks);
      else if (a.status !== 409 && a.status !== 422) acks.unexpected.push(`${op.kind} ${a.status} ${JSON.stringify(a.body).slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  return acks;
}

/**
 * What the load left, read from the database: when it ran to the end every request is claimed,
 * every unit of stock issued and every record confirmed — whether or not the answer reached us.
 */
export async function leftOver(db: Database, town: FaultTown): Promise<{ unclaimed: number; stock: number; unconfirmed: number }> {
  const unclaimed = await db
    .selectFrom('help_request')
    .select((e) => e.fn.countAll<string>().as('n'))
    .where('id', 'in', town.requestIds)
    .where('claimant_volunteer_id', 'is', null)
    .executeTakeFirstOrThrow();
  const item = await db.selectFrom('catalog_item').select('stock').where('id', '=', town.itemId).executeTakeFirstOrThrow();
  const unconfirmed = await db
    .selectFrom('service_record')
    .select((e) => e.fn.countAll<string>().as('n'))
    .where(
      'id',
      'in',
      town.records.map((r) => r.recordId),
    )
    .where('status', '<>', 'confirmed')
    .executeTakeFirstOrThrow();
  return { unclaimed: Number(unclaimed.n), stock: item.stock, unconfirmed: Number(unconfirmed.n) };
}

/** Two loads' acknowledgements as one (before and after a fault). */
export function merge(a: Acks, b: Acks): Acks {
  return {
    signups: [...a.signups, ...b.signups],
    claims: [...a.claims, ...b.claims],
    redemptions: [...a.redemptions, ...b.redemptions],
    confirmations: [...a.confirmations, ...b.confirmations],
    unexpected: [...a.unexpected, ...b.unexpected],
    cut: a.cut + b.cut,
    unavailable: a.unavailable + b.unavailable,
  };
}

/** Total acknowledged writes. */
export const ackCount = (a: Acks) => a.signups.length + a.claims.length + a.redemptions.length + a.confirmations.length;

// ------------------------------------------------------------------ the checks

const n = (rows: Array<{ n: string | number }>) => Number(rows[0]?.n ?? 0);

/** Every problem found: an acknowledged write that is missing, or a broken invariant. Empty when all is well. */
export async function verify(db: Database, town: FaultTown, acks: Acks): Promise<string[]> {
  const problems: string[] = [];
  const q = async (text: ReturnType<typeof sql<{ n: string }>>) => n((await text.execute(db)).rows);

  // Every acknowledged write is there, as it was acknowledged.
  for (const s of acks.signups) {
    const row = await db.selectFrom('activity_signup').select(['status', 'volunteer_id']).where('id', '=', s.signupId).executeTakeFirst();
    // A waitlisted sign-up may since have moved up; a confirmed one stays confirmed.
    if (!row || row.volunteer_id !== s.volunteerId || (s.status === 'confirmed' && row.status !== 'confirmed')) {
      problems.push(`sign-up ${s.signupId} (${s.status}) acknowledged but ${row ? row.status : 'missing'}`);
    }
  }
  for (const c of acks.claims) {
    const row = await db
      .selectFrom('help_request')
      .select(['status', 'claimant_volunteer_id'])
      .where('id', '=', c.requestId)
      .executeTakeFirst();
    if (row?.claimant_volunteer_id !== c.volunteerId)
      problems.push(`claim of ${c.requestId} by ${c.volunteerId} acknowledged, claimant is ${row?.claimant_volunteer_id}`);
  }
  for (const r of acks.redemptions) {
    const row = await db.selectFrom('redemption').select(['code', 'status', 'volunteer_id']).where('id', '=', r.id).executeTakeFirst();
    if (!row || row.code !== r.code || row.volunteer_id !== r.volunteerId)
      problems.push(`redemption ${r.id} acknowledged but ${row ? `code ${row.code}` : 'missing'}`);
  }
  for (const c of acks.confirmations) {
    const row = await db.selectFrom('service_record').select(['status', 'minutes']).where('id', '=', c.recordId).executeTakeFirst();
    if (row?.status !== 'confirmed' || row.minutes !== c.minutes)
      problems.push(`confirmation of ${c.recordId} acknowledged, record is ${row?.status}`);
    const earned = await q(sql`select count(*) as n from points_earning where service_record_id = ${c.recordId}`);
    if (earned !== 1) problems.push(`record ${c.recordId} confirmed but earned ${earned} times`);
  }

  // Capacity: never more confirmed sign-ups than places, each taken slot a confirmed sign-up of its occurrence.
  const over = await q(sql`
    select count(*) as n from activity_occurrence o
    where o.id in (${sql.join(town.occurrenceIds)})
      and (select count(*) from activity_signup s where s.occurrence_id = o.id and s.status = 'confirmed') > o.capacity`);
  if (over) problems.push(`${over} occurrences over capacity`);
  const badSlots = await q(sql`
    select count(*) as n from activity_slot sl left join activity_signup s on s.id = sl.signup_id
    where sl.occurrence_id in (${sql.join(town.occurrenceIds)}) and sl.signup_id is not null
      and (s.id is null or s.status <> 'confirmed' or s.occurrence_id <> sl.occurrence_id)`);
  if (badSlots) problems.push(`${badSlots} slots hold no confirmed sign-up of their occurrence`);
  const twice = await q(sql`
    select count(*) as n from (select 1 from activity_signup where occurrence_id in (${sql.join(town.occurrenceIds)})
      and status <> 'cancelled' group by occurrence_id, volunteer_id having count(*) > 1) x`);
  if (twice) problems.push(`${twice} volunteers signed up twice for one occurrence`);

  // One claimant per request, with exactly one claim line on its timeline.
  const claimLines = await q(sql`
    select count(*) as n from help_request r
    where r.id in (${sql.join(town.requestIds)}) and r.claimant_volunteer_id is not null
      and (select count(*) from help_event e where e.request_id = r.id and e.action = 'claim') <> 1`);
  if (claimLines) problems.push(`${claimLines} claimed requests without exactly one claim line`);

  // Stock: what is left plus what was issued is what there was.
  const issued = await q(
    sql`select coalesce(sum(quantity), 0) as n from redemption where item_id = ${town.itemId} and status <> 'cancelled' and status <> 'expired'`,
  );
  const stock = (await db.selectFrom('catalog_item').select('stock').where('id', '=', town.itemId).executeTakeFirstOrThrow()).stock;
  if (stock < 0 || stock + issued !== town.stock) problems.push(`stock ${stock} + issued ${issued} ≠ ${town.stock}`);
  const perPerson = await q(sql`
    select count(*) as n from (select volunteer_id from redemption where item_id = ${town.itemId} and status <> 'cancelled' and status <> 'expired'
      group by volunteer_id having sum(quantity) > 1) x`);
  if (perPerson) problems.push(`${perPerson} volunteers over the per-person limit`);

  // The ledger.
  if (await q(sql`select count(*) as n from (select txn_id from points_entry group by txn_id having sum(amount) <> 0 or count(*) < 2) x`)) {
    problems.push('a points transaction does not sum to zero');
  }
  if (
    await q(sql`select count(*) as n from points_account a
      where a.balance <> coalesce((select sum(amount) from points_entry e where e.account_id = a.id), 0) or (a.kind <> 'issuing' and a.balance < 0)`)
  ) {
    problems.push('a balance differs from its entries or is below zero');
  }
  if (
    await q(sql`select count(*) as n from points_account h where h.kind = 'hold'
      and h.balance <> coalesce((select sum(points) from redemption r where r.merchant_id = h.merchant_id and r.status = 'held'), 0)`)
  ) {
    problems.push('a hold account differs from its open codes');
  }
  if (await q(sql`select coalesce(sum(balance), 0) as n from points_account where town_id = ${town.townId}`)) {
    problems.push("the town's points do not sum to zero");
  }
  // Earned once: one 'earn' transaction per record (the records here are never corrected).
  if (
    await q(sql`select count(*) as n from (select 1 from points_txn where kind = 'earn' group by service_record_id having count(*) > 1) x`)
  ) {
    problems.push('a record earned twice');
  }
  // Each held or verified code holds its points once.
  if (
    await q(sql`select count(*) as n from redemption r where r.item_id = ${town.itemId}
      and (select count(*) from points_txn t where t.redemption_id = r.id and t.kind = 'hold') <> 1`)
  ) {
    problems.push('a redemption without exactly one hold');
  }
  return problems;
}
