// The places and the people: the region tree with its staff accounts, households and residents,
// volunteers with their accounts and the teams they serve in.
import { KIND, apportion } from './ids.mjs';
import { DAY_MS, localDay, withClient } from './common.mjs';
import { AVAILABILITY, chineseNumber, COMPOUND_SUFFIXES, placeStem, SERVICE_CATEGORIES, SKILLS, STREET_SUFFIXES } from './names.mjs';

/** Communities (Zipf-sized) under the towns, their compounds and grids, and the staff of each. */
export async function places(g) {
  const { target, uid, townIds, rand, put, open, now, personName, accountMobile, passwordHash } = g;
  const { towns } = target;
  // A few busy communities, many quiet ones: Zipf-like weights over a shuffled order.
  const C = target.communities;
  const rank = Array.from({ length: C }, (_, i) => i);
  for (let i = C - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [rank[i], rank[j]] = [rank[j], rank[i]];
  }
  const weight = rank.map((r) => 1 / (r + 1) ** 0.85);
  const community = Array.from({ length: C }, (_, i) => ({ i, town: i % towns, weight: weight[i] }));
  const gridsPer = apportion(target.grids, weight.map(Math.sqrt), 1);
  const residentsPer = apportion(target.residents, weight, 1);
  const volunteersPer = apportion(target.volunteers, weight, 1);
  const activitiesPer = apportion(target.activities, weight, 1);
  const helpPer = apportion(target.helpRequests, weight);

  const region = await open('region', 'id town_id parent_id depth path name code centre_lng centre_lat');
  const account = await open('account', 'id town_id home_region_id name mobile_hash mobile_cipher mobile_masked password_hash created_at');
  const grant = await open('role_grant', 'town_id account_id role region_id granted_by');
  const gridDuty = await open('grid_duty', 'town_id region_id duty account_id');
  let regionN = towns;
  let accountN = 0;
  const townAdmin = [];
  const staffAccount = async (t, homeRegion, name, mobile, role, roleRegion, grantedBy) => {
    const id = uid(KIND.account, accountN++);
    await put(account, [id, townIds[t], homeRegion, name, ...accountMobile(mobile), passwordHash, new Date(now - 500 * DAY_MS)]);
    await put(grant, [townIds[t], id, role, roleRegion, grantedBy]);
    return id;
  };
  for (let t = 0; t < towns; t++)
    townAdmin.push({
      id: await staffAccount(t, townIds[t], personName(), `137${String(t + 1).padStart(8, '0')}`, 'town_admin', townIds[t], null),
      mobile: `137${String(t + 1).padStart(8, '0')}`,
    });
  const grids = [];
  for (const c of community) {
    const t = c.town;
    // Distinct stems across the city: names, streets and addresses never collide within a town.
    const stem = placeStem(c.i);
    c.id = uid(KIND.region, regionN++);
    c.name = `${stem}${c.i % 3 === 0 ? '村' : '社区'}`;
    c.stem = stem;
    c.lng = 112.9 + (t % 5) * 0.12 + (rand() - 0.5) * 0.1;
    c.lat = 22.85 + Math.floor(t / 5) * 0.1 + (rand() - 0.5) * 0.08;
    const seqInTown = Math.floor(c.i / towns) + 1;
    await put(region, [
      c.id,
      townIds[t],
      townIds[t],
      1,
      `/${townIds[t]}/${c.id}/`,
      c.name,
      `440605${String(100 + t).padStart(3, '0')}${String(seqInTown).padStart(3, '0')}`,
      c.lng,
      c.lat,
    ]);
    c.adminMobile = `136${String(c.i + 1).padStart(8, '0')}`;
    c.adminName = personName();
    c.admin = await staffAccount(t, c.id, c.adminName, c.adminMobile, 'community_admin', c.id, townAdmin[t].id);
    // The compound level (经济社/小区) between the community and its grids, as the demo town has.
    const nGrids = gridsPer[c.i];
    const compounds = [];
    for (let k = 0; k < Math.max(1, Math.ceil(nGrids / 3)); k++) {
      const id = uid(KIND.region, regionN++);
      const cname = k < COMPOUND_SUFFIXES.length ? `${stem}${COMPOUND_SUFFIXES[k]}` : `${stem}第${chineseNumber((k % 99) + 1)}经济社`;
      compounds.push({ id, path: `/${townIds[t]}/${c.id}/${id}/`, grids: 0 });
      await put(region, [
        id,
        townIds[t],
        c.id,
        2,
        compounds[k].path,
        cname,
        null,
        c.lng + (rand() - 0.5) * 0.02,
        c.lat + (rand() - 0.5) * 0.02,
      ]);
    }
    c.grids = [];
    for (let g = 0; g < nGrids; g++) {
      const parent = compounds[g % compounds.length];
      parent.grids += 1;
      const id = uid(KIND.region, regionN++);
      const grid = { id, n: grids.length, town: t, community: c, lng: c.lng + (rand() - 0.5) * 0.02, lat: c.lat + (rand() - 0.5) * 0.02 };
      await put(region, [
        id,
        townIds[t],
        parent.id,
        3,
        `${parent.path}${id}/`,
        `第${chineseNumber(parent.grids)}网格`,
        null,
        grid.lng,
        grid.lat,
      ]);
      grid.workerName = personName();
      grid.workerMobile = `135${String(grids.length + 1).padStart(8, '0')}`;
      grid.worker = await staffAccount(t, id, grid.workerName, grid.workerMobile, 'grid_worker', id, c.admin);
      await put(gridDuty, [townIds[t], id, 'grid_worker', grid.worker]);
      grids.push(grid);
      c.grids.push(grid);
    }
  }
  await region.end();
  await gridDuty.end();

  return { towns, community, grids, townAdmin, account, grant, accountN, residentsPer, volunteersPer, activitiesPer, helpPer };
}

/** Households on the grids and the residents in them, every personal value sealed. */
export async function households(g, city) {
  const {
    uid,
    townIds,
    townNames,
    rand,
    pick,
    between,
    put,
    open,
    seal,
    shared,
    initials,
    personName,
    idNumber,
    birthFor,
    residentMobile,
  } = g;
  const { community, residentsPer } = city;
  const household = await open(
    'household',
    'id town_id region_id address_cipher address_masked address_hash building unit room_cipher room_masked lng lat',
  );
  const resident = await open(
    'resident',
    'id town_id household_id region_id name name_initials sex birth_date id_cipher id_hash id_masked mobile_cipher mobile_hash mobile_masked ethnicity political_status new_citizen relation_to_head care_tags_cipher care_tag_hashes',
  );
  // What help requests need of a household later: its grid, place (sealed) and one resident.
  const hh = { grid: [], place: [], masked: [], lng: [], lat: [], resident: [], name: [] };
  const SIZES = [1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 5];
  const RELATIONS = ['配偶', '子女', '子女', '孙子女', '父母'];
  const CARE_ELDER = ['living_alone', 'empty_nest', 'disabled', 'low_income', 'serious_illness', 'veteran'];
  const normalize = (s) =>
    s
      .normalize('NFKC')
      .replace(/\s+/g, '')
      .replace(/[号室栋幢单元楼]$/u, '')
      .toLowerCase();
  let residentN = 0;
  for (const c of community) {
    const t = c.town;
    const townId = townIds[t];
    c.households = [];
    let left = residentsPer[c.i];
    for (let h = 0; left > 0; h++) {
      const grid = c.grids[h % c.grids.length];
      const size = Math.min(left, pick(SIZES));
      left -= size;
      const hid = uid(KIND.household, hh.grid.length);
      const street = `${c.stem}${STREET_SUFFIXES[h % STREET_SUFFIXES.length]}`;
      const address = `${townNames[t]}${street}${Math.floor(h / STREET_SUFFIXES.length) + 1}号`;
      const building = `${between(1, 12)}栋`;
      const unit = `${between(1, 3)}单元`;
      const room = `${between(1, 18)}0${between(1, 4)}`;
      const key = [address, building, unit, room].map(normalize).join('|');
      const addressCipher = seal.encrypt(address);
      const masked = shared.maskAddress(address);
      const lng = grid.lng + (rand() - 0.5) * 0.004;
      const lat = grid.lat + (rand() - 0.5) * 0.004;
      await put(household, [
        hid,
        townId,
        grid.id,
        addressCipher,
        masked,
        seal.keyedHash(`addr:${townId}:${key}`),
        building,
        unit,
        seal.encrypt(room),
        `${'*'.repeat(room.length - 1)}${room.slice(-1)}`,
        lng,
        lat,
      ]);
      let headName = '';
      let headId = '';
      for (let p = 0; p < size; p++) {
        const age = p === 0 ? between(26, 90) : p === 1 ? between(24, 85) : between(0, 40);
        const male = p === 0 ? rand() < 0.55 : rand() < 0.5;
        const birth = birthFor(age);
        const id = idNumber(birth, male);
        const name = personName();
        const rid = uid(KIND.resident, residentN++);
        if (p === 0) {
          headName = name;
          headId = rid;
        }
        const mobile = age >= 16 && rand() < 0.8 ? residentMobile(`158${String(residentN).padStart(8, '0')}`) : [null, null, null];
        const tags =
          age >= 70 && rand() < 0.3
            ? [pick(CARE_ELDER)]
            : age < 14 && rand() < 0.04
              ? ['left_behind_child']
              : rand() < 0.01
                ? ['disabled']
                : [];
        const political = rand() < 0.07 && age >= 18 ? 'party_member' : age >= 14 && age <= 28 && rand() < 0.3 ? 'league_member' : 'masses';
        await put(resident, [
          rid,
          townId,
          hid,
          grid.id,
          name,
          initials(name),
          male ? 'male' : 'female',
          birth,
          seal.encrypt(id),
          seal.keyedHash(`id:${id}`),
          shared.maskIdNumber(id),
          ...mobile,
          '汉族',
          political,
          rand() < 0.15,
          p === 0 ? '户主' : RELATIONS[Math.min(p - 1, RELATIONS.length - 1)],
          tags.length ? seal.encrypt(JSON.stringify(tags)) : null,
          tags.map((code) => seal.keyedHash(`care:${townId}:${code}`)),
        ]);
      }
      c.households.push(hh.grid.length);
      hh.grid.push(grid);
      hh.place.push(addressCipher);
      hh.masked.push(masked);
      hh.lng.push(lng);
      hh.lat.push(lat);
      hh.resident.push(headId);
      hh.name.push(headName);
    }
  }
  await household.end();
  await resident.end();

  return { hh };
}

/** Volunteers (with accounts and the volunteer role), the teams of each town and their members. */
export async function volunteers(g, city) {
  const {
    target,
    uid,
    townIds,
    townNames,
    dbUrl,
    rand,
    pick,
    between,
    put,
    open,
    now,
    seal,
    shared,
    personName,
    idNumber,
    birthFor,
    accountMobile,
    passwordHash,
  } = g;
  const { towns, community, account, grant, volunteersPer } = city;
  const volunteer = await open(
    'volunteer',
    'id town_id account_id region_id volunteer_no name sex birth_date id_type id_cipher id_hash id_masked skills service_categories availability status reviewed_by reviewed_at registered_at',
  );
  const team = await open('team', 'id town_id kind name region_id organiser parent_id leader_account_id service_categories');
  const member = await open('team_member', 'town_id team_id volunteer_id status applied_at joined_at decided_by');
  const V = target.volunteers;
  const vol = {
    account: new Array(V),
    name: new Array(V),
    town: new Int32Array(V),
    grid: new Int32Array(V),
    records: new Int32Array(V),
    mobile: new Array(V),
  };
  const townVolunteers = townIds.map(() => []);
  const counters = new Map();
  let teamN = 0;
  const teams = [];
  const newTeam = async (t, kind, name, regionId, extra = {}) => {
    const id = uid(KIND.team, teamN++);
    teams.push({ id, town: t, region: regionId });
    await put(team, [
      id,
      townIds[t],
      kind,
      name,
      regionId,
      extra.organiser ?? null,
      extra.parent ?? null,
      extra.leader ?? null,
      extra.categories ?? [],
    ]);
    return teamN - 1;
  };
  const professional = townIds.map(() => []);
  for (let t = 0; t < towns; t++) {
    await newTeam(t, 'headquarters', `${townNames[t]}志愿服务总队`, townIds[t], { categories: ['civilization', 'governance'] });
    const pioneers = await newTeam(t, 'pioneer_headquarters', `${townNames[t]}党员先锋队总队`, townIds[t]);
    for (const [unit, label, cat] of [
      ['卫生院', '医疗志愿服务队', 'health'],
      ['司法所', '法律服务志愿队', 'legal'],
      ['应急办', '应急救援志愿队', 'emergency'],
    ])
      professional[t].push(
        await newTeam(t, 'professional', `${townNames[t]}${label}`, townIds[t], { organiser: `${townNames[t]}${unit}`, categories: [cat] }),
      );
    community.filter((c) => c.town === t).forEach((c) => (c.pioneerParent = pioneers));
  }
  let volunteerN = 0;
  for (const c of community) {
    const t = c.town;
    const townId = townIds[t];
    c.volunteers = [];
    const firstVolunteer = volunteerN;
    const n = volunteersPer[c.i];
    // The first volunteer of each community leads its team (the organiser who confirms hours).
    c.leaderName = '';
    for (let k = 0; k < n; k++, volunteerN++) {
      const v = volunteerN;
      const grid = c.grids[k % c.grids.length];
      const age = between(18, 72);
      const male = rand() < 0.45;
      const birth = birthFor(age);
      const id = idNumber(birth, male);
      const name = personName();
      const mobile = `139${String(v + 1).padStart(8, '0')}`;
      const accountId = uid(KIND.account, city.accountN++);
      const registered = now - between(20, 900) * DAY_MS;
      // A few wait for review (no volunteer role until approved).
      const approved = k === 0 || rand() > 0.01;
      const reviewed = registered + between(1, 10) * DAY_MS;
      const ry = Number(localDay(reviewed).slice(0, 4));
      let no = null;
      if (approved) {
        const key = `${t}|${ry}`;
        const next = (counters.get(key) ?? 0) + 1;
        counters.set(key, next);
        no = `V${ry}${String(next).padStart(6, '0')}`;
      }
      await put(account, [accountId, townId, grid.id, name, ...accountMobile(mobile), passwordHash, new Date(registered)]);
      if (approved) await put(grant, [townId, accountId, 'volunteer', grid.id, c.admin]);
      await put(volunteer, [
        uid(KIND.volunteer, v),
        townId,
        accountId,
        grid.id,
        no,
        name,
        male ? 'male' : 'female',
        birth,
        'resident_id',
        seal.encrypt(id),
        seal.keyedHash(`id:${id}`),
        shared.maskIdNumber(id),
        [pick(SKILLS)],
        [pick(SERVICE_CATEGORIES), pick(SERVICE_CATEGORIES)].filter((x, i, a) => a.indexOf(x) === i),
        [pick(AVAILABILITY)],
        approved ? 'approved' : 'pending',
        approved ? c.admin : null,
        approved ? new Date(reviewed) : null,
        new Date(registered),
      ]);
      vol.account[v] = accountId;
      vol.name[v] = name;
      vol.town[v] = t;
      vol.grid[v] = grid.n;
      vol.mobile[v] = mobile;
      if (approved) {
        c.volunteers.push(v);
        townVolunteers[t].push(v);
      }
      if (k === 0) {
        c.leader = accountId;
        c.leaderName = name;
        await put(grant, [townId, accountId, 'team_leader', c.id, c.admin]);
      }
    }
    c.team = await newTeam(t, 'community', `${c.name}志愿服务队`, c.id, { leader: c.leader, categories: ['care', 'elderly'] });
    if (c.i < towns * 3) await newTeam(t, 'pioneer', `${c.name}党员先锋队`, c.id, { parent: teams[c.pioneerParent].id });
    for (const v of c.volunteers) {
      const joined = new Date(now - between(10, 600) * DAY_MS);
      await put(member, [townId, teams[c.team].id, uid(KIND.volunteer, v), 'active', joined, joined, c.leader]);
    }
    c.volunteerRange = [firstVolunteer, volunteerN];
  }
  await account.end();
  await grant.end();
  await volunteer.end();
  await team.end();
  await member.end();
  await withClient(dbUrl, async (db) => {
    for (const [key, last] of counters) {
      const [t, y] = key.split('|');
      await db.query('insert into volunteer_counter (town_id, year, last) values ($1, $2, $3)', [townIds[Number(t)], Number(y), last]);
    }
  });

  return { vol, townVolunteers, teams, professional };
}
