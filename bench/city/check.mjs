// The city's self-check: the ledger and capacity invariants, the help requests' claimants, towns
// kept apart, every foreign key (the load ran with triggers off) and the row counts against the
// targets. Each check is one query counting the rows that break it.

const INVARIANTS = [
  [
    'every points transaction sums to zero and has ≥ 2 entries',
    `select (select count(*) from (select txn_id from points_entry group by txn_id having sum(amount) <> 0 or count(*) < 2) x)
          + (select count(*) from points_txn t where not exists (select 1 from points_entry e where e.txn_id = t.id))`,
  ],
  [
    'every balance equals the sum of its entries',
    `select count(*) from points_account a left join (select account_id, sum(amount) as s from points_entry group by 1) e
       on e.account_id = a.id where a.balance <> coalesce(e.s, 0)`,
  ],
  ['no balance but issuing below zero', `select count(*) from points_account where kind <> 'issuing' and balance < 0`],
  [
    'balance_after is the running balance (as the entry trigger records it)',
    `select count(*) from (select balance_after, sum(amount) over (partition by account_id order by id) as s from points_entry) x
       where balance_after <> s`,
  ],
  [
    'earned points follow from the confirmed records',
    `select count(*) from points_earning p join service_record r on r.id = p.service_record_id
       left join (select t.service_record_id, sum(e.amount) filter (where a.kind = 'volunteer') as v,
                         coalesce(sum(e.amount) filter (where a.kind = 'team'), 0) as tm
                  from points_txn t join points_entry e on e.txn_id = t.id join points_account a on a.id = e.account_id
                  where t.service_record_id is not null group by 1) x on x.service_record_id = p.service_record_id
       where r.status <> 'confirmed' or coalesce(x.v, 0) <> p.points or coalesce(x.tm, 0) <> p.team_points`,
  ],
  [
    'every confirmed service record has earned',
    `select count(*) from service_record r where r.status = 'confirmed'
       and not exists (select 1 from points_earning p where p.service_record_id = r.id)`,
  ],
  [
    'confirmed sign-ups ≤ capacity per occurrence',
    `select count(*) from (select o.id from activity_occurrence o join activity_signup s on s.occurrence_id = o.id
       where s.status = 'confirmed' group by o.id, o.capacity having count(*) > o.capacity) x`,
  ],
  [
    'one slot per place, one per confirmed sign-up',
    `select (select count(*) from (select o.id from activity_occurrence o left join activity_slot s on s.occurrence_id = o.id
               group by o.id, o.capacity having count(s.slot_no) <> o.capacity) x)
          + (select count(*) from activity_signup s where s.status = 'confirmed'
               and not exists (select 1 from activity_slot l where l.signup_id = s.id))
          + (select count(*) from activity_slot l join activity_signup s on s.id = l.signup_id where s.status <> 'confirmed')`,
  ],
  [
    'one claimant per claimed help request',
    `select count(*) from help_request where (status in ('claimed', 'in_service', 'done', 'reviewed', 'closed')) <> (claimant_volunteer_id is not null)
       or (select count(*) from help_event e where e.request_id = help_request.id and e.action = 'claim')
          <> (claimant_volunteer_id is not null)::int`,
  ],
  [
    "every service record's volunteer and region in its town",
    `select count(*) from service_record r join volunteer v on v.id = r.volunteer_id join region g on g.id = r.region_id
       where v.town_id <> r.town_id or g.town_id <> r.town_id`,
  ],
];

/** Rows pointing at nothing, for every foreign key of the schema (single and multi-column). */
async function brokenForeignKeys(db) {
  const { rows: fks } = await db.query(
    `select c.conname, c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent,
            array(select quote_ident(attname) from unnest(c.conkey) with ordinality k(n, i) join pg_attribute on attrelid = c.conrelid and attnum = k.n order by k.i) as cols,
            array(select quote_ident(attname) from unnest(c.confkey) with ordinality k(n, i) join pg_attribute on attrelid = c.confrelid and attnum = k.n order by k.i) as pcols
     from pg_constraint c where c.contype = 'f' and c.connamespace = 'public'::regnamespace`,
  );
  const broken = [];
  for (const fk of fks) {
    const notNull = fk.cols.map((c) => `x.${c} is not null`).join(' and ');
    const match = fk.cols.map((c, i) => `p.${fk.pcols[i]} = x.${c}`).join(' and ');
    const { rows } = await db.query(
      `select count(*)::int as n from ${fk.child} x where ${notNull} and not exists (select 1 from ${fk.parent} p where ${match})`,
    );
    if (rows[0].n > 0) broken.push(`${fk.conname}: ${rows[0].n}`);
  }
  return broken;
}

export async function selfCheck(db, target) {
  // Room for the hash aggregates over millions of entries (they spill to disk at the default 4 MB).
  await db.query(`set work_mem = '256MB'`);
  const failures = [];
  const timings = [];
  for (const [label, query] of INVARIANTS) {
    const t = performance.now();
    const n = Number(Object.values((await db.query(query)).rows[0])[0]);
    timings.push({ label, seconds: (performance.now() - t) / 1000 });
    if (n !== 0) failures.push(`${label}: ${n} rows break it`);
  }
  const t = performance.now();
  for (const b of await brokenForeignKeys(db)) failures.push(`foreign key ${b}`);
  timings.push({ label: 'every foreign key', seconds: (performance.now() - t) / 1000 });
  const { rows } = await db.query(`select
      (select count(*) from town)::int as towns,
      (select count(*) from region where depth = 1)::int as communities,
      (select count(*) from region where depth = 3)::int as grids,
      (select count(*) from resident)::int as residents,
      (select count(*) from volunteer)::int as volunteers,
      (select count(*) from activity)::int as activities,
      (select count(*) from service_record)::int as "serviceRecords",
      (select count(*) from help_request)::int as "helpRequests",
      (select count(*) from activity_occurrence)::int as occurrences,
      (select count(*) from activity_signup)::int as signups,
      (select count(*) from help_event)::int as "helpEvents",
      (select count(*) from points_txn)::int as "pointsTxns",
      (select count(*) from points_entry)::int as "pointsEntries",
      (select count(*) from account)::int as accounts`);
  const counts = rows[0];
  for (const [key, want] of Object.entries(target)) {
    const got = counts[key];
    if (Math.abs(got - want) > 0.02 * want) failures.push(`${key}: ${got} rows, target ${want} (±2 %)`);
  }
  return { ok: failures.length === 0, failures, counts, timings };
}
