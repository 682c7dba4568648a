// Activities with their occurrences, sign-ups held in capacity slots, attendance and the service
// records it earns. Red Saturday (the first Saturday of each month) is the peak.
import { KIND } from './ids.mjs';
import { at, DAY_MS } from './common.mjs';
import { ACTIVITY_TITLES } from './names.mjs';

export async function activities(g, city, records) {
  const { uid, townIds, rand, pick, between, put, open, now, today, year, time, recurrence, shared } = g;
  const { community, teams, professional, vol, townVolunteers, activitiesPer } = city;
  const { record, rec, activityRecords, tenWorkingDays } = records;
  const CATEGORIES = shared.DEFAULT_ACTIVITY_CATEGORIES;
  const firstSaturday = (y, m) => {
    const d = new Date(Date.UTC(y, m, 1));
    d.setUTCDate(1 + ((6 - d.getUTCDay() + 7) % 7));
    return d.toISOString().slice(0, 10);
  };
  const monthOf = (monthsFromNow) => {
    const m = Number(today.slice(5, 7)) - 1 + monthsFromNow;
    return [year + Math.floor(m / 12), ((m % 12) + 12) % 12];
  };
  const TIMES = [
    ['09:00', '11:00'],
    ['09:30', '11:30'],
    ['14:30', '16:30'],
    ['15:00', '17:30'],
    ['19:00', '21:00'],
  ];
  const acts = [];
  const occ = [];
  for (const c of community) {
    for (let k = 0; k < activitiesPer[c.i]; k++) {
      const u = k === 0 ? 0 : rand();
      const kind = u < 0.08 ? 'red' : u < 0.4 ? 'weekly' : 'once';
      const category = kind === 'red' ? CATEGORIES[0] : pick(CATEGORIES);
      const a = { n: acts.length, c, kind, category };
      if (kind === 'red') {
        a.first = firstSaturday(...monthOf(-between(12, 18)));
        a.until = firstSaturday(...monthOf(2));
        a.rrule = 'FREQ=MONTHLY;BYDAY=1SA';
        [a.start, a.end] = ['09:00', '11:30'];
        a.title = `红色星期六·${pick(ACTIVITY_TITLES.environment)}`;
        a.cap0 = between(25, 60);
      } else {
        [a.start, a.end] = pick(TIMES);
        a.title = pick(ACTIVITY_TITLES[category.code]);
        // Activity grows towards the present; one-off activities crowd onto Red Saturdays too.
        const back = Math.floor(450 * rand() ** 1.4);
        a.first = rand() < 0.06 ? time.addDays(today, between(1, 30)) : time.addDays(today, -back);
        if (kind === 'once' && rand() < 0.2)
          a.first = firstSaturday(
            ...a.first
              .slice(0, 7)
              .split('-')
              .map((x, i) => Number(x) - i),
          );
        if (kind === 'weekly') {
          a.rrule = 'FREQ=WEEKLY';
          a.until = time.addDays(a.first, 7 * between(2, 14));
        }
        a.cap0 = kind === 'weekly' ? between(10, 60) : between(10, 70);
      }
      a.dates = recurrence.ruleDates(a.first, a.rrule ?? null, a.until ?? a.first);
      for (const date of a.dates) {
        const starts = at(date, a.start);
        const ends = at(date, a.end);
        const past = ends < now;
        occ.push({
          a,
          date,
          starts,
          ends,
          past,
          frac: past ? (kind === 'red' ? 0.92 + rand() * 0.08 : 0.5 + rand() * 0.5) : 0.2 + rand() * 0.4,
        });
      }
      acts.push(a);
    }
  }
  // Scale capacities so the past occurrences' attendance makes exactly the records wanted.
  let base = 0;
  for (const o of occ) if (o.past) base += o.a.cap0 * o.frac;
  const k = base > 0 ? activityRecords / base : 1;
  for (const a of acts) a.capacity = Math.min(5000, Math.max(1, Math.ceil(a.cap0 * k)));
  let filled = 0;
  for (const o of occ) {
    o.fill = Math.min(o.a.capacity, Math.round(o.a.cap0 * k * o.frac));
    if (o.past) filled += o.fill;
  }
  const pastOcc = occ.filter((o) => o.past);
  for (let i = 0; filled !== activityRecords && pastOcc.length; i = (i + 1) % pastOcc.length) {
    const o = pastOcc[i];
    if (filled < activityRecords && o.fill < o.a.capacity) {
      o.fill += 1;
      filled += 1;
    } else if (filled > activityRecords && o.fill > 0) {
      o.fill -= 1;
      filled -= 1;
    } else if (filled < activityRecords && pastOcc.every((p) => p.fill >= p.a.capacity)) throw new Error('capacity too small');
  }

  const activity = await open(
    'activity',
    'id town_id region_id organiser_team_id partner_team_id title description category monthly_theme site lat lng capacity insurance_required first_date start_time end_time rrule until_date status created_by created_at',
  );
  for (const a of acts) {
    const c = a.c;
    a.id = uid(KIND.activity, a.n);
    a.site = `${c.name}${a.kind === 'red' ? '党群服务中心' : pick(['长者饭堂', '文化广场', '党群服务中心', '新时代文明实践站'])}`;
    a.organiser = teams[c.team].id;
    await put(activity, [
      a.id,
      townIds[c.town],
      c.id,
      a.organiser,
      a.kind === 'red' ? teams[pick(professional[c.town])].id : null,
      a.title,
      `${a.title}：请穿志愿者马甲，提前十分钟到场签到。`,
      a.category.code,
      a.kind === 'red' ? '清洁家园 美化社区' : null,
      a.site,
      c.lat,
      c.lng,
      a.capacity,
      a.kind === 'red',
      a.dates[0],
      a.start,
      a.end,
      a.rrule ?? null,
      a.rrule ? a.until : null,
      'published',
      c.leader,
      new Date(at(a.dates[0], '08:00') - between(5, 20) * DAY_MS),
    ]);
  }
  await activity.end();

  const occurrence = await open(
    'activity_occurrence',
    'id town_id activity_id region_id rule_date starts_at ends_at capacity reminded_at hours_reminded_on hours_overdue_notified_at',
  );
  const slot = await open('activity_slot', 'occurrence_id slot_no signup_id');
  const signup = await open(
    'activity_signup',
    'id town_id occurrence_id volunteer_id status requested_at confirmed_at cancelled_at checked_in_at check_in_method checked_out_at check_out_method',
  );
  let signupN = 0;
  const chosen = [];
  const seen = new Set();
  /** `n` distinct approved volunteers: from the community when it has plenty, else the town; busy ones more often. */
  const volunteersFor = (c, n) => {
    const pool = c.volunteers.length >= 2 * n ? c.volunteers : townVolunteers[c.town];
    chosen.length = 0;
    if (n * 2 > pool.length) {
      const start = Math.floor(rand() * pool.length);
      for (let i = 0; i < Math.min(n, pool.length); i++) chosen.push(pool[(start + i) % pool.length]);
      return chosen;
    }
    seen.clear();
    while (chosen.length < n) {
      const i = Math.floor(pool.length * rand() ** 1.6);
      if (seen.has(i)) continue;
      seen.add(i);
      chosen.push(pool[i]);
    }
    return chosen;
  };
  for (const [i, o] of occ.entries()) {
    const a = o.a;
    const c = a.c;
    const townId = townIds[c.town];
    const oid = uid(KIND.occurrence, i);
    // An organiser confirms an occurrence's hours at once: recent ones often wait, a few old ones were forgotten.
    const unconfirmed = o.past && (now - o.ends < 12 * DAY_MS ? rand() < 0.7 : rand() < 0.003);
    await put(occurrence, [
      oid,
      townId,
      a.id,
      c.id,
      o.date,
      new Date(o.starts),
      new Date(o.ends),
      a.capacity,
      o.starts - DAY_MS < now ? new Date(o.starts - DAY_MS) : null,
      unconfirmed ? today : null,
      unconfirmed && tenWorkingDays(o.date) < today ? new Date(now) : null,
    ]);
    const people = volunteersFor(c, o.fill);
    const minutesLong = (o.ends - o.starts) / 60_000;
    for (let s = 0; s < a.capacity; s++) {
      const v = s < people.length ? people[s] : -1;
      const sid = v >= 0 ? uid(KIND.signup, signupN++) : null;
      await put(slot, [oid, s + 1, sid]);
      if (v < 0) continue;
      const requested = new Date(o.starts - between(1, 14) * DAY_MS - between(0, 600) * 60_000);
      if (!o.past) {
        await put(signup, [sid, townId, oid, uid(KIND.volunteer, v), 'confirmed', requested, requested, null, null, null, null, null]);
        continue;
      }
      const checkIn = o.starts + (rand() < 0.85 ? -between(0, 15) : between(1, 25)) * 60_000;
      const checkOut = Math.min(now, o.ends + (rand() < 0.8 ? between(0, 10) : -between(1, 30)) * 60_000);
      const measured = Math.max(0, Math.floor((Math.min(checkOut, o.ends) - Math.max(checkIn, o.starts)) / 60_000));
      await put(signup, [
        sid,
        townId,
        oid,
        uid(KIND.volunteer, v),
        'confirmed',
        requested,
        requested,
        null,
        new Date(checkIn),
        'qr',
        new Date(checkOut),
        'qr',
      ]);
      const confirmed = !unconfirmed;
      // Confirmed hours to days after the end, never later than now.
      const confirmedAt = o.ends + Math.min(between(2, 72) * 3600_000, Math.max(60_000, (now - o.ends) / 2));
      const r = rec.n++;
      await put(record, [
        uid(KIND.record, r),
        townId,
        uid(KIND.volunteer, v),
        c.id,
        'activity',
        oid,
        sid,
        null,
        a.title,
        a.category.label,
        o.date,
        a.site,
        `${a.title}（${Math.round((minutesLong / 60) * 10) / 10} 小时）`,
        `${c.name}志愿服务队`,
        c.leaderName,
        measured,
        measured,
        confirmed ? 'confirmed' : 'pending',
        tenWorkingDays(o.date),
        confirmed ? c.leader : null,
        confirmed ? new Date(confirmedAt) : null,
        new Date(checkOut),
      ]);
      vol.records[v] += 1;
      rec.vol[r] = v;
      rec.team[r] = c.team;
      rec.minutes[r] = measured;
      rec.at[r] = confirmedAt;
      rec.confirmer[r] = c.leader;
      rec.title[r] = a.title;
      rec.town[r] = c.town;
      rec.confirmed[r] = confirmed ? 1 : 0;
    }
    // Someone usually drops out before the day: a cancelled sign-up holds no place.
    if (o.past && rand() < 0.3) {
      const v = pick(townVolunteers[c.town]);
      const requested = new Date(o.starts - between(3, 14) * DAY_MS);
      await put(signup, [
        uid(KIND.signup, signupN++),
        townId,
        oid,
        uid(KIND.volunteer, v),
        'cancelled',
        requested,
        requested,
        new Date(requested.getTime() + DAY_MS),
        null,
        null,
        null,
        null,
      ]);
    }
  }
  await occurrence.end();
  await slot.end();
  await signup.end();
}
