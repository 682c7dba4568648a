import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { Scope } from '../../platform/scope.js';
import { escapeLike } from '../people/index.js';

export function teams(db: Kysely<DB>) {
  return db
    .selectFrom('team')
    .leftJoin('account as leader', 'leader.id', 'team.leader_account_id')
    .leftJoin('account as mentor', 'mentor.id', 'team.mentor_account_id')
    .selectAll('team')
    .select([
      'leader.name as leader_name',
      'mentor.name as mentor_name',
      sql<string>`(select count(*) from team_member m where m.team_id = team.id and m.status = 'active')`.as('member_count'),
      sql<string>`(select count(*) from team_member m where m.team_id = team.id and m.status = 'pending')`.as('pending_count'),
    ]);
}
export type TeamRow = Awaited<ReturnType<ReturnType<typeof teams>['executeTakeFirstOrThrow']>>;

export async function listTeams(db: Kysely<DB>, scope: Scope, f: { regionPath?: string; kind?: string; q?: string }) {
  let q = teams(db).where((eb) => scope.regionIn(eb.ref('team.region_id')));
  if (f.regionPath) {
    const prefix = f.regionPath;
    q = q.where('team.region_id', 'in', (eb) => eb.selectFrom('region').select('region.id').where('region.path', 'like', `${prefix}%`));
  }
  if (f.kind) q = q.where('team.kind', '=', f.kind);
  if (f.q) q = q.where('team.name', 'like', `%${escapeLike(f.q)}%`);
  return q.orderBy('team.created_at').limit(2000).execute();
}

export async function getTeam(db: Kysely<DB>, id: string): Promise<TeamRow | undefined> {
  return teams(db).where('team.id', '=', id).executeTakeFirst();
}

export async function getTeamInScope(db: Kysely<DB>, scope: Scope, id: string): Promise<TeamRow | undefined> {
  return teams(db)
    .where('team.id', '=', id)
    .where((eb) => scope.regionIn(eb.ref('team.region_id')))
    .executeTakeFirst();
}

export function members(db: Kysely<DB>) {
  return db
    .selectFrom('team_member')
    .innerJoin('volunteer', 'volunteer.id', 'team_member.volunteer_id')
    .selectAll('team_member')
    .select([
      'volunteer.name',
      'volunteer.volunteer_no',
      sql<boolean>`exists (select 1 from party_member pm left join resident r on r.id = pm.resident_id
        where pm.account_id = volunteer.account_id or r.id_hash = volunteer.id_hash)`.as('party_member'),
    ]);
}
export type MemberRow = Awaited<ReturnType<ReturnType<typeof members>['executeTakeFirstOrThrow']>>;

export async function volunteerOf(db: Kysely<DB>, accountId: string) {
  return db.selectFrom('volunteer').select(['id', 'status', 'town_id']).where('account_id', '=', accountId).executeTakeFirst();
}

export async function accountInTown(db: Kysely<DB>, id: string, townId: string) {
  return db.selectFrom('account').select('id').where('id', '=', id).where('town_id', '=', townId).executeTakeFirst();
}
