// The points bank: the ledger that follows from the confirmed records, and a few redemptions.
import { KIND } from './ids.mjs';
import { DAY_MS, localDay } from './common.mjs';

/**
 * The ledger that follows from the confirmed records, posted in the order they were confirmed as
 * settleRecord() would (volunteer, team, then issuing; the town's default rules), with balances
 * and balance_after computed here instead of by the entry trigger. Then a few redemptions.
 */
export async function pointsLedger(g, city, rec) {
  const { uid, townIds, townNames, shared, time, open, put, rand, between, now } = g;
  const { grids, vol, teams, community } = city;
  const rules = shared.DEFAULT_POINTS_RULES;
  const towns = townIds.length;
  const V = vol.account.length;
  // Points accounts: issuing per town, then volunteers, teams, merchants and their holds.
  const acct = {
    issuing: (t) => t,
    volunteer: (v) => towns + v,
    team: (tm) => towns + V + tm,
    merchant: (m) => towns + V + teams.length + 2 * m,
    hold: (m) => towns + V + teams.length + 2 * m + 1,
  };
  const merchantsPerTown = 2;
  const size = towns + V + teams.length + 2 * merchantsPerTown * towns;
  const balance = new Int32Array(size);
  const used = new Uint8Array(size);
  const txn = await open('points_txn', 'id town_id kind memo service_record_id redemption_id created_by created_at');
  const entry = await open('points_entry', 'txn_id account_id amount balance_after created_at');
  const earning = await open(
    'points_earning',
    'service_record_id town_id volunteer_id team_id per_hour max_minutes team_per_hour bonus nil points team_points updated_at',
  );
  let txnN = 0;
  const post = async (t, kind, memo, refs, createdBy, when, moves) => {
    const id = uid(KIND.txn, txnN++);
    await put(txn, [id, townIds[t], kind, memo, refs.record ?? null, refs.redemption ?? null, createdBy, when]);
    for (const [a, amount] of moves) {
      balance[a] += amount;
      used[a] = 1;
      await put(entry, [id, uid(KIND.pointsAccount, a), amount, balance[a], when]);
    }
  };
  const hours = (m) => `${Math.round((m / 60) * 10) / 10} 小时`;
  // Confirmation order: minute of confirmation, then record number (a numeric sort of packed keys).
  const keys = new Float64Array(rec.n);
  let nk = 0;
  for (let r = 0; r < rec.n; r++) if (rec.confirmed[r]) keys[nk++] = Math.floor(rec.at[r] / 60_000) * 2 ** 24 + r;
  if (rec.n >= 2 ** 24) throw new Error('too many records for the packed sort');
  const order = keys.subarray(0, nk).sort();
  for (const key of order) {
    const r = key % 2 ** 24;
    const help = rec.team[r] < 0;
    const minutes = rec.minutes[r];
    const nil = help && rec.stars[r] > 0 && rec.stars[r] <= rules.complaintMaxStars;
    const bonus = help && rec.stars[r] >= rules.helpBonusMinStars ? rules.helpBonusPoints : 0;
    const perHour = help ? rules.helpPerHour : rules.activityPerHour;
    const max = help ? rules.helpMaxMinutes : rules.activityMaxMinutes;
    const teamPerHour = help ? 0 : rules.teamPerHour;
    const points = nil ? 0 : shared.pointsFor(minutes, perHour, max) + bonus;
    const teamPoints = nil || help ? 0 : shared.pointsFor(minutes, teamPerHour, max);
    const when = new Date(rec.at[r]);
    const t = rec.town[r];
    const recordId = uid(KIND.record, r);
    await put(earning, [
      recordId,
      townIds[t],
      uid(KIND.volunteer, rec.vol[r]),
      help ? null : teams[rec.team[r]].id,
      perHour,
      max,
      teamPerHour,
      bonus,
      nil,
      points,
      teamPoints,
      when,
    ]);
    if (points === 0 && teamPoints === 0) continue;
    const moves = [];
    if (points) moves.push([acct.volunteer(rec.vol[r]), points]);
    if (teamPoints) moves.push([acct.team(rec.team[r]), teamPoints]);
    moves.push([acct.issuing(t), -(points + teamPoints)]);
    const memo = `「${rec.title[r]}」${hours(minutes)}${bonus && points ? `，含好评加分 ${bonus}` : ''}`;
    await post(t, points > 0 ? 'earn' : 'earn_adjust', memo, { record: recordId }, rec.confirmer[r], when, moves);
  }
  await earning.end();

  // Redemptions: two givers per town (a shop in its busiest community, the culture station) with a
  // few items; a handful of volunteers with points redeem, most codes already verified.
  const merchant = await open('merchant', 'id town_id region_id kind name address contact intro active');
  const item = await open(
    'catalog_item',
    'id town_id merchant_id kind title description price stock per_person_limit valid_from valid_until collect_at status',
  );
  const redemption = await open(
    'redemption',
    'id town_id item_id merchant_id volunteer_id quantity points code status expires_at verified_at closed_at created_at',
  );
  const today = localDay(now);
  let itemN = 0;
  let redemptionN = 0;
  const counts = { verified: 0, held: 0, cancelled: 0 };
  for (let t = 0; t < towns; t++) {
    const busiest = community.filter((c) => c.town === t).sort((x, y) => y.weight - x.weight)[0];
    const givers = [
      { m: t * 2, kind: 'business', name: `${busiest.stem}爱心理发店`, region: busiest.id, items: [['service', '免费理发一次', 20, 1]] },
      {
        m: t * 2 + 1,
        kind: 'unit',
        name: `${townNames[t]}综合文化站`,
        region: townIds[t],
        items: [
          ['training', '周末书法培训（4 课时）', 40, 1],
          ['goods', '五常大米 5kg', 60, 1],
        ],
      },
    ];
    // Volunteers of this town who hold enough points, richest first.
    const holders = [];
    for (let v = 0; v < V; v++) if (vol.town[v] === t && balance[acct.volunteer(v)] >= 60) holders.push(v);
    holders.sort((x, y) => balance[acct.volunteer(y)] - balance[acct.volunteer(x)]);
    const perItem = Math.max(2, Math.round(holders.length * 0.002));
    let h = 0;
    const codes = new Set();
    for (const g of givers) {
      const mid = uid(KIND.merchant, g.m);
      await put(merchant, [
        mid,
        townIds[t],
        g.region,
        g.kind,
        g.name,
        `${g.name.slice(0, 4)}路 ${between(1, 99)} 号`,
        '值班室',
        '志愿者凭积分兑换。',
        true,
      ]);
      for (const [kind, title, price, limit] of g.items) {
        const iid = uid(KIND.item, itemN++);
        const stock = perItem * 3;
        let taken = 0;
        const rows = [];
        for (let k = 0; k < perItem && h < holders.length; k++) {
          const v = holders[h++];
          const u = rand();
          const status = u < 0.7 ? 'verified' : u < 0.9 ? 'held' : 'cancelled';
          const created = now - between(1, 5) * DAY_MS;
          let code;
          do code = String(between(0, 99_999_999)).padStart(8, '0');
          while (status === 'held' && codes.has(code));
          if (status === 'held') codes.add(code);
          const rid = uid(KIND.redemption, redemptionN++);
          counts[status] += 1;
          if (status !== 'cancelled') taken += 1;
          rows.push([rid, townIds[t], iid, mid, uid(KIND.volunteer, v), 1, price, code, status, new Date(created + 7 * DAY_MS)]);
          const when = new Date(created);
          await post(t, 'hold', `兑换「${title}」×1（${g.name}）`, { redemption: rid }, vol.account[v], when, [
            [acct.volunteer(v), -price],
            [acct.hold(g.m), price],
          ]);
          const closed = new Date(created + between(1, 48) * 3600_000);
          if (status === 'verified')
            await post(t, 'settle', `核销「${title}」×1（${vol.name[v]}）`, { redemption: rid }, null, closed, [
              [acct.hold(g.m), -price],
              [acct.merchant(g.m), price],
            ]);
          if (status === 'cancelled')
            await post(t, 'release', `取消兑换，退回「${title}」×1`, { redemption: rid }, vol.account[v], closed, [
              [acct.volunteer(v), price],
              [acct.hold(g.m), -price],
            ]);
          rows[rows.length - 1].push(status === 'verified' ? closed : null, status === 'held' ? null : closed, when);
        }
        await put(item, [
          iid,
          townIds[t],
          mid,
          kind,
          title,
          '爱心资源库兑换项目。',
          price,
          stock - taken,
          limit,
          today,
          time.addDays(today, 180),
          g.name,
          'listed',
        ]);
        for (const row of rows) await put(redemption, row);
      }
    }
  }
  await merchant.end();
  await item.end();
  await redemption.end();
  await txn.end();
  await entry.end();

  // The accounts, with the balances their entries add up to (what the entry trigger would hold).
  const account = await open('points_account', 'id town_id kind region_id volunteer_id team_id merchant_id balance');
  for (let t = 0; t < towns; t++)
    await put(account, [
      uid(KIND.pointsAccount, acct.issuing(t)),
      townIds[t],
      'issuing',
      townIds[t],
      null,
      null,
      null,
      balance[acct.issuing(t)],
    ]);
  for (let v = 0; v < V; v++) {
    const a = acct.volunteer(v);
    if (!used[a]) continue;
    await put(account, [
      uid(KIND.pointsAccount, a),
      townIds[vol.town[v]],
      'volunteer',
      grids[vol.grid[v]].id,
      uid(KIND.volunteer, v),
      null,
      null,
      balance[a],
    ]);
  }
  for (let tm = 0; tm < teams.length; tm++) {
    const a = acct.team(tm);
    if (!used[a]) continue;
    await put(account, [
      uid(KIND.pointsAccount, a),
      townIds[teams[tm].town],
      'team',
      teams[tm].region,
      null,
      teams[tm].id,
      null,
      balance[a],
    ]);
  }
  for (let m = 0; m < merchantsPerTown * towns; m++)
    for (const kind of ['merchant', 'hold']) {
      const a = acct[kind](m);
      if (!used[a]) continue;
      const t = Math.floor(m / merchantsPerTown);
      const region = m % 2 === 0 ? community.filter((c) => c.town === t).sort((x, y) => y.weight - x.weight)[0].id : townIds[t];
      await put(account, [uid(KIND.pointsAccount, a), townIds[t], kind, region, null, null, uid(KIND.merchant, m), balance[a]]);
    }
  await account.end();
  return { redemptions: counts };
}
