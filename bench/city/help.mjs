// Help requests with their timelines in realistic states: most confirmed (with a service record),
// some still moving through the pool, some overdue.
import { KIND } from './ids.mjs';
import { DAY_MS, localDay, TZ, withClient } from './common.mjs';
import { HELP_DONE_NOTES, HELP_TEXTS, REVIEW_WORDS } from './names.mjs';

/** The statuses of all requests, drawn first: the confirmed ones make service records too. */
export function drawHelpStatuses(g) {
  const { target, rand } = g;
  const H = target.helpRequests;
  const STATUS_CUTS = [
    [0.84, 'closed'],
    [0.87, 'cancelled'],
    [0.89, 'refused'],
    [0.9, 'duplicate'],
    [0.915, 'submitted'],
    [0.92, 'accepted'],
    [0.94, 'open'],
    [0.96, 'claimed'],
    [0.97, 'in_service'],
    [0.98, 'done'],
    [1.01, 'reviewed'],
  ];
  const helpStatus = new Array(H);
  let closedCount = 0;
  for (let i = 0; i < H; i++) {
    const u = rand();
    helpStatus[i] = STATUS_CUTS.find(([cut]) => u < cut)[1];
    if (helpStatus[i] === 'closed') closedCount += 1;
  }
  return { helpStatus, closedCount };
}

export async function helpRequests(g, city, records, helpStatus) {
  const { uid, townIds, dbUrl, rand, pick, between, put, open, now, shared, helpDue } = g;
  const { community, vol, townVolunteers, hh, helpPer } = city;
  const { record, rec } = records;
  const helpReq = await open(
    'help_request',
    'id town_id no region_id household_id resident_id requester_name filed_by channel category description place_cipher place_masked lat lng status refused_reason duplicate_of_id pool pool_region_id claimant_volunteer_id dispatched_at claimed_at checked_in_at done_at done_note review_stars review_words review_by confirmed_by confirmed_at minutes accept_due_at claim_due_at complete_due_at overdue_since created_at updated_at',
  );
  const helpEvent = await open('help_event', 'town_id request_id action from_status to_status actor_account_id actor_name reason at');
  const helpCats = shared.DEFAULT_HELP_CATEGORIES;
  const helpCounter = new Map();
  const lastInTown = townIds.map(() => null);
  const STAGES = ['submitted', 'accepted', 'open', 'claimed', 'in_service', 'done', 'reviewed', 'closed'];
  const reach = (s) => STAGES.indexOf(s);
  let helpN = 0;
  const overdue = { n: 0 };
  for (const c of community) {
    const townId = townIds[c.town];
    for (let k = 0; k < helpPer[c.i]; k++) {
      const i = helpN++;
      const status = helpStatus[i];
      const h = c.households[Math.floor(rand() * c.households.length)];
      const grid = hh.grid[h];
      const id = uid(KIND.help, i);
      const cat = pick(helpCats);
      const active = !['closed', 'cancelled', 'refused', 'duplicate'].includes(status);
      // Requests still moving are recent: the first steps within a day or so, the service within days.
      let created = active
        ? now - Math.floor(rand() * (reach(status) <= reach('open') ? 1.5 : 5) * DAY_MS)
        : now - (3 + Math.floor(447 * rand() ** 1.3)) * DAY_MS;
      const worker = { id: grid.worker, name: grid.workerName };
      const admin = { id: c.admin, name: c.adminName };
      const events = [['submit', null, 'submitted', created, worker, null]];
      const stage = status === 'cancelled' ? (rand() < 0.5 ? 'submitted' : 'open') : reach(status) >= 0 ? status : 'submitted';
      const r = {
        dispatched: null,
        claimed: null,
        checkIn: null,
        done: null,
        stars: null,
        words: null,
        reviewBy: null,
        confirmed: null,
        minutes: null,
        claimant: -1,
        overdue: null,
      };
      let t = created;
      const step = (lo, hi) => (t += between(lo, hi) * 60_000);
      if (stage === 'accepted') events.push(['accept', 'submitted', 'accepted', step(10, 120), worker, null]);
      if (reach(stage) >= reach('open')) {
        r.dispatched = step(10, 180);
        events.push(['dispatch', 'submitted', 'open', r.dispatched, worker, null]);
      }
      if (reach(stage) >= reach('claimed')) {
        const pool = c.volunteers.length ? c.volunteers : townVolunteers[c.town];
        r.claimant = pool[Math.floor(pool.length * rand() ** 1.5)];
        r.claimed = step(5, 240);
        events.push(['claim', 'open', 'claimed', r.claimed, { id: vol.account[r.claimant], name: vol.name[r.claimant] }, null]);
      }
      const claimant = r.claimant >= 0 ? { id: vol.account[r.claimant], name: vol.name[r.claimant] } : null;
      if (reach(stage) >= reach('in_service')) {
        r.checkIn = step(30, 1440);
        events.push(['check_in', 'claimed', 'in_service', r.checkIn, claimant, null]);
      }
      if (reach(stage) >= reach('done')) {
        r.done = step(30, 180);
        events.push(['finish', 'in_service', 'done', r.done, claimant, null]);
      }
      const reviewed = reach(stage) >= reach('reviewed') && (status === 'reviewed' || rand() < 0.8);
      if (reviewed) {
        const u = rand();
        r.stars = u < 0.7 ? 5 : u < 0.9 ? 4 : u < 0.96 ? 3 : u < 0.99 ? 2 : 1;
        r.words = REVIEW_WORDS[r.stars >= 4 ? between(0, 3) : between(4, 5)];
        r.reviewBy = 'callback';
        events.push(['review', 'done', 'reviewed', step(60, 1440), worker, null]);
      }
      if (status === 'closed') {
        r.confirmed = step(60, 2880);
        r.minutes = Math.min(1440, Math.max(1, Math.round((r.done - r.checkIn) / 60_000)));
        events.push(['confirm', reviewed ? 'reviewed' : 'done', 'closed', r.confirmed, admin, null]);
      }
      if (status === 'cancelled') events.push(['cancel', stage, 'cancelled', step(30, 600), worker, '居民已自行解决']);
      if (status === 'refused') events.push(['refuse', 'submitted', 'refused', step(30, 600), worker, '不属于志愿服务范围，已转相关部门']);
      const duplicateOf = status === 'duplicate' ? lastInTown[c.town] : null;
      if (status === 'duplicate') events.push(['mark_duplicate', 'submitted', 'duplicate', step(10, 120), worker, null]);
      // Nothing happens in the future: a timeline that would run past now is moved back whole.
      const shift = Math.max(0, t - (now - between(1, 120) * 60_000));
      if (shift) {
        created -= shift;
        for (const e of events) e[3] -= shift;
        for (const key of ['dispatched', 'claimed', 'checkIn', 'done', 'confirmed']) if (r[key]) r[key] -= shift;
      }
      const day = localDay(created);
      const counterKey = `${c.town}|${day}`;
      const seq = (helpCounter.get(counterKey) ?? 0) + 1;
      helpCounter.set(counterKey, seq);
      // Deadlines of the step an active request is in; past them it is overdue (escalated).
      const dues = { accept: null, claim: null, complete: null };
      if (active) {
        dues.accept = helpDue(new Date(created), cat.accept[0], cat.accept[1], TZ);
        if (r.dispatched) dues.claim = helpDue(new Date(r.dispatched), cat.claim[0], cat.claim[1], TZ);
        if (r.claimed) dues.complete = helpDue(new Date(r.claimed), cat.complete[0], cat.complete[1], TZ);
        const current =
          status === 'submitted' || status === 'accepted'
            ? dues.accept
            : status === 'open'
              ? dues.claim
              : status === 'claimed' || status === 'in_service'
                ? dues.complete
                : null;
        if (current && current.getTime() < now) {
          r.overdue = current;
          overdue.n += 1;
          events.push(['escalate', status, status, current.getTime(), null, null]);
        }
      }
      const updated = events[events.length - 1][3];
      await put(helpReq, [
        id,
        townId,
        `H${day.replaceAll('-', '')}-${String(seq).padStart(4, '0')}`,
        grid.id,
        uid(KIND.household, h),
        hh.resident[h],
        hh.name[h],
        grid.worker,
        pick(['phone', 'phone', 'grid_worker', 'visit']),
        cat.code,
        pick(HELP_TEXTS[cat.code]),
        hh.place[h],
        hh.masked[h],
        hh.lat[h],
        hh.lng[h],
        status,
        status === 'refused' ? '不属于志愿服务范围，已转相关部门' : null,
        duplicateOf,
        r.dispatched ? 'grid' : null,
        r.dispatched ? grid.id : null,
        r.claimant >= 0 ? uid(KIND.volunteer, r.claimant) : null,
        r.dispatched && new Date(r.dispatched),
        r.claimed && new Date(r.claimed),
        r.checkIn && new Date(r.checkIn),
        r.done && new Date(r.done),
        r.done ? pick(HELP_DONE_NOTES) : null,
        r.stars,
        r.words,
        r.reviewBy,
        r.confirmed ? c.admin : null,
        r.confirmed && new Date(r.confirmed),
        r.minutes,
        dues.accept,
        dues.claim,
        dues.complete,
        r.overdue,
        new Date(created),
        new Date(updated),
      ]);
      for (const [action, from, to, when, actor, reason] of events)
        await put(helpEvent, [townId, id, action, from, to, actor?.id ?? null, actor?.name ?? '系统', reason, new Date(when)]);
      lastInTown[c.town] = id;
      if (status !== 'closed') continue;
      const rn = rec.n++;
      const served = localDay(r.done);
      await put(record, [
        uid(KIND.record, rn),
        townId,
        uid(KIND.volunteer, r.claimant),
        grid.id,
        'help_request',
        null,
        null,
        id,
        `求助服务：${cat.label}`,
        null,
        served,
        hh.masked[h],
        pick(HELP_DONE_NOTES),
        c.name,
        c.adminName,
        r.minutes,
        r.minutes,
        'confirmed',
        served,
        c.admin,
        new Date(r.confirmed),
        new Date(r.confirmed),
      ]);
      vol.records[r.claimant] += 1;
      rec.vol[rn] = r.claimant;
      rec.team[rn] = -1;
      rec.minutes[rn] = r.minutes;
      rec.stars[rn] = r.stars ?? 0;
      rec.at[rn] = r.confirmed;
      rec.confirmer[rn] = c.admin;
      rec.title[rn] = `求助服务：${cat.label}`;
      rec.town[rn] = c.town;
      rec.confirmed[rn] = 1;
    }
  }
  await helpReq.end();
  await helpEvent.end();
  await record.end();
  await withClient(dbUrl, async (db) => {
    const rows = [...helpCounter].map(([key, last]) => {
      const [t, day] = key.split('|');
      return [townIds[Number(t)], day, last];
    });
    await db.query(`insert into help_counter (town_id, day, last) select * from unnest($1::uuid[], $2::date[], $3::int[])`, [
      rows.map((r) => r[0]),
      rows.map((r) => r[1]),
      rows.map((r) => r[2]),
    ]);
  });

  return { overdue: overdue.n };
}
