import type { ServiceCategory, TeamKind, TeamMemberStatus } from '@tongxin/shared';
import type {
  CreateTeamBody,
  MyTeams,
  Team,
  TeamList,
  TeamListQuery,
  TeamMember,
  TeamMemberList,
  UpdateTeamBody,
} from '@tongxin/shared/schemas';
import type { Kysely, Updateable } from 'kysely';
import type { Database } from '../../platform/db/index.js';
import type { DB } from '../../platform/db/schema.js';
import { isForeignKeyViolation, isUniqueViolation } from '../../platform/db/errors.js';
import type { RequestContext } from '../../platform/context.js';
import { Scope } from '../../platform/scope.js';
import { scopeFor } from '../../platform/auth/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { AppError, notFound } from '../../platform/errors.js';
import { describeRegions } from '../regions/index.js';
import * as repo from './repository.js';

export class TeamService {
  constructor(private readonly db: Database) {}

  async list(scope: Scope, query: TeamListQuery): Promise<TeamList> {
    let regionPath: string | undefined;
    if (query.regionId) regionPath = (await this.region(this.db, scope, query.regionId)).path;
    const rows = await repo.listTeams(this.db, scope, { regionPath, kind: query.kind, q: query.q?.trim() || undefined });
    return { items: await this.present(this.db, rows) };
  }

  /** The teams of the caller's town, for choosing one to join. */
  async directory(ctx: RequestContext, query: TeamListQuery): Promise<TeamList> {
    const town = new Scope('volunteer.read', [{ regionId: ctx.actor.townId, path: `/${ctx.actor.townId}/` }]);
    const rows = await repo.listTeams(this.db, town, { kind: query.kind, q: query.q?.trim() || undefined });
    return { items: await this.present(this.db, rows) };
  }

  async get(scope: Scope, id: string, db: Kysely<DB> = this.db): Promise<Team> {
    const row = await repo.getTeamInScope(db, scope, id);
    if (!row) throw notFound();
    return (await this.present(db, [row]))[0]!;
  }

  async create(ctx: RequestContext, scope: Scope, body: CreateTeamBody): Promise<Team> {
    return this.db.transaction().execute(async (trx) => {
      const region = await this.region(trx, scope, body.regionId);
      if (body.kind === 'community' && region.depth !== 1) {
        throw new AppError('VALIDATION_FAILED', {
          details: [{ path: 'body/regionId', message: 'a community team serves a village or community' }],
        });
      }
      if ((body.kind === 'headquarters' || body.kind === 'pioneer_headquarters') && region.depth !== 0) {
        throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/regionId', message: 'a headquarters serves the whole town' }] });
      }
      if (body.kind === 'pioneer') {
        const parent = body.parentId ? await repo.getTeam(trx, body.parentId) : undefined;
        if (!parent || parent.kind !== 'pioneer_headquarters' || parent.town_id !== region.townId)
          throw new AppError('TEAM_PARENT_INVALID');
      } else if (body.parentId) {
        throw new AppError('TEAM_PARENT_INVALID');
      }
      for (const a of [body.leaderAccountId, body.mentorAccountId])
        if (a && !(await repo.accountInTown(trx, a, region.townId))) throw notFound();
      let id: string;
      try {
        id = (
          await trx
            .insertInto('team')
            .values({
              town_id: region.townId,
              kind: body.kind,
              name: body.name.trim(),
              region_id: body.regionId,
              organiser: body.organiser?.trim() || null,
              parent_id: body.parentId ?? null,
              leader_account_id: body.leaderAccountId ?? null,
              mentor_account_id: body.mentorAccountId ?? null,
              service_categories: [...new Set(body.serviceCategories)],
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      } catch (err) {
        if (isUniqueViolation(err, 'team_name_key')) throw new AppError('TEAM_NAME_TAKEN', { cause: err });
        if (isUniqueViolation(err)) throw new AppError('TEAM_KIND_TAKEN', { cause: err });
        throw err;
      }
      const after = await this.get(scope, id, trx);
      await recordAudit(trx, ctx, {
        action: 'team.create',
        entity: 'team',
        entityId: id,
        townId: region.townId,
        regionId: body.regionId,
        after,
      });
      return after;
    });
  }

  async update(ctx: RequestContext, scope: Scope, id: string, body: UpdateTeamBody): Promise<Team> {
    return this.db.transaction().execute(async (trx) => {
      const before = await this.get(scope, id, trx);
      const patch: Updateable<DB['team']> = {};
      if (body.name !== undefined) patch.name = body.name.trim();
      if (body.organiser !== undefined) patch.organiser = body.organiser?.trim() || null;
      if (body.serviceCategories !== undefined) patch.service_categories = [...new Set(body.serviceCategories)];
      for (const [key, value] of [
        ['leader_account_id', body.leaderAccountId],
        ['mentor_account_id', body.mentorAccountId],
      ] as const) {
        if (value === undefined) continue;
        if (value && !(await repo.accountInTown(trx, value, before.townId))) throw notFound();
        patch[key] = value;
      }
      try {
        // An empty patch (every field optional) changes nothing, and `set` without columns is not SQL.
        if (Object.keys(patch).length) await trx.updateTable('team').set(patch).where('id', '=', id).execute();
      } catch (err) {
        if (isUniqueViolation(err)) throw new AppError('TEAM_NAME_TAKEN', { cause: err });
        throw err;
      }
      const after = await this.get(scope, id, trx);
      await recordAudit(trx, ctx, {
        action: 'team.update',
        entity: 'team',
        entityId: id,
        townId: before.townId,
        regionId: before.regionId,
        before,
        after,
      });
      return after;
    });
  }

  async remove(ctx: RequestContext, scope: Scope, id: string): Promise<void> {
    try {
      await this.removeIn(ctx, scope, id);
    } catch (err) {
      // Activities, pairings and records keep pointing at the team: it stays.
      if (isForeignKeyViolation(err)) throw new AppError('TEAM_IN_USE', { cause: err });
      throw err;
    }
  }

  private async removeIn(ctx: RequestContext, scope: Scope, id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const before = await this.get(scope, id, trx);
      const busy = await trx
        .selectFrom('team_member')
        .select('id')
        .where('team_id', '=', id)
        .where('status', 'in', ['pending', 'active'])
        .executeTakeFirst();
      const children = await trx.selectFrom('team').select('id').where('parent_id', '=', id).executeTakeFirst();
      if (busy || children) throw new AppError('TEAM_NOT_EMPTY');
      await trx.deleteFrom('team_member').where('team_id', '=', id).execute();
      await trx.deleteFrom('team').where('id', '=', id).execute();
      await recordAudit(trx, ctx, {
        action: 'team.delete',
        entity: 'team',
        entityId: id,
        townId: before.townId,
        regionId: before.regionId,
        before,
      });
    });
  }

  async members(scope: Scope, id: string): Promise<TeamMemberList> {
    await this.get(scope, id);
    const rows = await repo.members(this.db).where('team_member.team_id', '=', id).orderBy('team_member.applied_at').execute();
    return { items: rows.map(presentMember) };
  }

  /** An approved volunteer of the town asks to join; the leader or a community admin decides. */
  async join(ctx: RequestContext, id: string): Promise<TeamMember> {
    return this.db.transaction().execute(async (trx) => {
      const team = await repo.getTeam(trx, id);
      if (!team || team.town_id !== ctx.actor.townId) throw notFound();
      const volunteer = await repo.volunteerOf(trx, ctx.actor.accountId);
      if (!volunteer || volunteer.status !== 'approved') throw new AppError('NOT_A_VOLUNTEER');
      let memberId: string;
      try {
        memberId = (
          await trx
            .insertInto('team_member')
            .values({ town_id: team.town_id, team_id: id, volunteer_id: volunteer.id })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      } catch (err) {
        if (isUniqueViolation(err)) throw new AppError('TEAM_MEMBERSHIP_EXISTS', { cause: err });
        throw err;
      }
      await recordAudit(trx, ctx, {
        action: 'team.join',
        entity: 'team',
        entityId: id,
        townId: team.town_id,
        regionId: team.region_id,
        after: { memberId },
      });
      return presentMember((await repo.members(trx).where('team_member.id', '=', memberId).executeTakeFirstOrThrow())!);
    });
  }

  async leave(ctx: RequestContext, id: string): Promise<TeamMember> {
    return this.db.transaction().execute(async (trx) => {
      const volunteer = await repo.volunteerOf(trx, ctx.actor.accountId);
      const m = volunteer
        ? await trx
            .selectFrom('team_member')
            .selectAll()
            .where('team_id', '=', id)
            .where('volunteer_id', '=', volunteer.id)
            .where('status', 'in', ['pending', 'active'])
            .forUpdate()
            .executeTakeFirst()
        : undefined;
      if (!m) throw notFound();
      await trx.updateTable('team_member').set({ status: 'left', left_at: new Date() }).where('id', '=', m.id).execute();
      await recordAudit(trx, ctx, { action: 'team.leave', entity: 'team', entityId: id, townId: m.town_id, after: { memberId: m.id } });
      return presentMember((await repo.members(trx).where('team_member.id', '=', m.id).executeTakeFirstOrThrow())!);
    });
  }

  /** Approve or reject a pending membership: the team's leader, or whoever manages volunteers there. */
  async decide(ctx: RequestContext, id: string, memberId: string, approve: boolean): Promise<TeamMember> {
    return this.db.transaction().execute(async (trx) => {
      const team = await repo.getTeam(trx, id);
      if (!team || team.town_id !== ctx.actor.townId) throw notFound();
      const region = (await describeRegions(trx, [team.region_id])).get(team.region_id)!;
      const manages = scopeFor(ctx.actor, 'volunteer.manage').containsPath(region.path);
      if (!manages && team.leader_account_id !== ctx.actor.accountId) throw notFound();
      const m = await trx
        .selectFrom('team_member')
        .selectAll()
        .where('id', '=', memberId)
        .where('team_id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!m) throw notFound();
      if (m.status !== 'pending') throw new AppError('TEAM_MEMBERSHIP_STATE');
      await trx
        .updateTable('team_member')
        .set(
          approve
            ? { status: 'active', joined_at: new Date(), decided_by: ctx.actor.accountId }
            : { status: 'rejected', decided_by: ctx.actor.accountId },
        )
        .where('id', '=', memberId)
        .execute();
      await recordAudit(trx, ctx, {
        action: approve ? 'team.member_approve' : 'team.member_reject',
        entity: 'team',
        entityId: id,
        townId: team.town_id,
        regionId: team.region_id,
        after: { memberId },
      });
      return presentMember((await repo.members(trx).where('team_member.id', '=', memberId).executeTakeFirstOrThrow())!);
    });
  }

  async mine(ctx: RequestContext): Promise<MyTeams> {
    const volunteer = await repo.volunteerOf(this.db, ctx.actor.accountId);
    if (!volunteer) return { items: [] };
    const rows = await repo
      .members(this.db)
      .where('team_member.volunteer_id', '=', volunteer.id)
      .where('team_member.status', 'in', ['pending', 'active'])
      .execute();
    const teamRows = [];
    for (const r of rows) teamRows.push((await repo.getTeam(this.db, r.team_id))!);
    const presented = await this.present(this.db, teamRows);
    return { items: rows.map((r, i) => ({ team: presented[i]!, membership: presentMember(r) })) };
  }

  private async region(db: Kysely<DB>, scope: Scope, regionId: string) {
    const region = (await describeRegions(db, [regionId])).get(regionId);
    if (!region || !scope.containsPath(region.path)) throw notFound();
    return region;
  }

  private async present(db: Kysely<DB>, rows: repo.TeamRow[]): Promise<Team[]> {
    const regions = await describeRegions(
      db,
      rows.map((r) => r.region_id),
    );
    return rows.map((r) => ({
      id: r.id,
      townId: r.town_id,
      kind: r.kind as TeamKind,
      name: r.name,
      regionId: r.region_id,
      regionPath: regions.get(r.region_id)?.pathNames ?? [],
      organiser: r.organiser,
      parentId: r.parent_id,
      leaderAccountId: r.leader_account_id,
      leaderName: r.leader_name,
      mentorAccountId: r.mentor_account_id,
      mentorName: r.mentor_name,
      serviceCategories: r.service_categories as ServiceCategory[],
      memberCount: Number(r.member_count),
      pendingCount: Number(r.pending_count),
      createdAt: new Date(r.created_at).toISOString(),
    }));
  }
}

function presentMember(r: repo.MemberRow): TeamMember {
  return {
    id: r.id,
    teamId: r.team_id,
    volunteerId: r.volunteer_id,
    name: r.name,
    volunteerNo: r.volunteer_no,
    partyMember: Boolean(r.party_member),
    status: r.status as TeamMemberStatus,
    appliedAt: new Date(r.applied_at).toISOString(),
    joinedAt: r.joined_at ? new Date(r.joined_at).toISOString() : null,
    leftAt: r.left_at ? new Date(r.left_at).toISOString() : null,
  };
}
