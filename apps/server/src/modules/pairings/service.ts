import {
  PAIRING_COVERAGE_TARGET,
  firstSaturday,
  monthOf,
  monthRange,
  pairingActiveOn,
  pairingOverlaps,
  percentOf,
  quarterOf,
  quarterRange,
  type PairingKind,
} from '@tongxin/shared';
import type {
  CommunityCoverage,
  CreatePairingBody,
  CreatePracticalMatterBody,
  EndPairingBody,
  MentorCandidateList,
  MentorCandidateQuery,
  Pairing,
  PairingCoverage,
  PairingCoverageQuery,
  PairingList,
  PairingListQuery,
  PracticalMatter,
  PracticalMatterList,
  PracticalMatterListQuery,
  PutQuarterListBody,
  UpdatePairingBody,
  UpdatePracticalMatterBody,
} from '@tongxin/shared/schemas';
import type { Kysely, Updateable } from 'kysely';
import type { Database } from '../../platform/db/index.js';
import type { DB } from '../../platform/db/schema.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import type { RequestContext } from '../../platform/context.js';
import type { Scope } from '../../platform/scope.js';
import { recordAudit } from '../../platform/audit.js';
import { AppError, notFound } from '../../platform/errors.js';
import { addDays, localDate, zonedToUtc } from '../../platform/time.js';
import { describeRegions, townTimezone } from '../regions/index.js';
import * as repo from './repository.js';

const iso = (d: Date | string) => new Date(d).toISOString();
const textOrNull = (s: string | null | undefined) => (s === undefined || s === null ? null : s.trim() || null);
const invalid = (path: string, message: string) => new AppError('VALIDATION_FAILED', { details: [{ path, message }] });

/**
 * The three pairings (三结对), their monthly themes and quarterly lists, the practical matters of
 * each community, and the coverage report over them (四个一).
 */
export class PairingService {
  constructor(private readonly db: Database) {}

  // ---------------------------------------------------------------- pairings

  async list(ctx: RequestContext, scope: Scope, query: PairingListQuery): Promise<PairingList> {
    const regionPath = query.regionId ? (await this.region(this.db, scope, query.regionId)).path : undefined;
    const today = localDate(await townTimezone(this.db, ctx.actor.townId));
    const rows = await repo.listPairings(this.db, scope, {
      regionPath,
      kind: query.kind,
      status: query.status,
      today,
      q: query.q?.trim() || undefined,
    });
    return { items: await this.present(this.db, rows) };
  }

  async get(scope: Scope, id: string, db: Kysely<DB> = this.db): Promise<Pairing> {
    const row = await repo.getPairingInScope(db, scope, id);
    if (!row) throw notFound();
    return (await this.present(db, [row]))[0]!;
  }

  async create(ctx: RequestContext, scope: Scope, body: CreatePairingBody): Promise<Pairing> {
    return this.db.transaction().execute(async (trx) => {
      const community = await this.community(trx, scope, body.communityId, 'body/communityId');
      const townId = community.town_id;
      const kind = body.kind;
      // Fields of the other kinds are refused rather than silently dropped.
      const foreign: Array<[string, unknown, PairingKind[]]> = [
        ['partnerTeamId', body.partnerTeamId, ['team']],
        ['mentorAccountId', body.mentorAccountId, ['mentor']],
        ['communityTeamId', body.communityTeamId, ['team', 'mentor']],
        ['providerName', body.providerName, ['resource']],
        ['providerContact', body.providerContact, ['resource']],
        ['providerAccountId', body.providerAccountId, ['resource']],
      ];
      for (const [field, value, kinds] of foreign)
        if (value !== undefined && value !== null && !kinds.includes(kind)) throw invalid(`body/${field}`, `not used by a ${kind} pairing`);

      let communityTeamId: string | null = null;
      if (kind === 'team' || kind === 'mentor') {
        const own = await repo.communityTeamOf(trx, community.id);
        if (body.communityTeamId && body.communityTeamId !== own?.id) throw new AppError('PAIRING_TEAMS_INVALID');
        if (!own) throw new AppError('PAIRING_NO_COMMUNITY_TEAM');
        communityTeamId = own.id;
      }
      let partnerTeamId: string | null = null;
      let mentorAccountId: string | null = null;
      let providerName: string | null = null;
      if (kind === 'team') {
        if (!body.partnerTeamId) throw invalid('body/partnerTeamId', 'a team pairing names the professional team');
        const partner = await repo.getTeam(trx, body.partnerTeamId);
        if (!partner || partner.kind !== 'professional' || partner.town_id !== townId) throw new AppError('PAIRING_TEAMS_INVALID');
        partnerTeamId = partner.id;
      } else if (kind === 'mentor') {
        if (!body.mentorAccountId) throw invalid('body/mentorAccountId', 'a mentor pairing names the mentor');
        if (!(await repo.accountInTown(trx, body.mentorAccountId, townId))) throw notFound();
        mentorAccountId = body.mentorAccountId;
      } else {
        providerName = textOrNull(body.providerName);
        if (!providerName) throw invalid('body/providerName', 'a resource pairing names the provider');
        if (body.providerAccountId && !(await repo.accountInTown(trx, body.providerAccountId, townId))) throw notFound();
      }
      const endDate = body.endDate ?? null;
      if (endDate && endDate < body.startDate) throw new AppError('PAIRING_DATES_INVALID');

      await repo.lockCommunity(trx, community.id);
      const clash = await repo.overlapping(trx, {
        communityId: community.id,
        kind,
        partnerTeamId,
        mentorAccountId,
        providerName,
        start: body.startDate,
        end: endDate,
      });
      if (clash) throw new AppError('PAIRING_EXISTS');
      let id: string;
      try {
        id = (
          await trx
            .insertInto('pairing')
            .values({
              town_id: townId,
              kind,
              community_id: community.id,
              community_team_id: communityTeamId,
              partner_team_id: partnerTeamId,
              mentor_account_id: mentorAccountId,
              provider_name: providerName,
              provider_contact: kind === 'resource' ? textOrNull(body.providerContact) : null,
              provider_account_id: kind === 'resource' ? (body.providerAccountId ?? null) : null,
              note: textOrNull(body.note),
              start_date: body.startDate,
              end_date: endDate,
              created_by: ctx.actor.accountId,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      } catch (err) {
        if (isUniqueViolation(err)) throw new AppError('PAIRING_EXISTS', { cause: err });
        throw err;
      }
      const after = await this.get(scope, id, trx);
      await recordAudit(trx, ctx, {
        action: 'pairing.create',
        entity: 'pairing',
        entityId: id,
        townId,
        regionId: community.id,
        after,
      });
      return after;
    });
  }

  async update(ctx: RequestContext, scope: Scope, id: string, body: UpdatePairingBody): Promise<Pairing> {
    return this.db.transaction().execute(async (trx) => {
      const before = await this.get(scope, id, trx);
      const patch: Updateable<DB['pairing']> = { updated_at: new Date() };
      if (before.kind !== 'resource') {
        for (const f of ['providerName', 'providerContact', 'providerAccountId'] as const)
          if (body[f] !== undefined) throw invalid(`body/${f}`, `not used by a ${before.kind} pairing`);
      }
      if (body.startDate !== undefined) patch.start_date = body.startDate;
      if (body.endDate !== undefined) patch.end_date = body.endDate;
      if (body.note !== undefined) patch.note = textOrNull(body.note);
      if (body.providerName !== undefined) {
        const name = body.providerName.trim();
        if (!name) throw invalid('body/providerName', 'a resource pairing names the provider');
        patch.provider_name = name;
      }
      if (body.providerContact !== undefined) patch.provider_contact = textOrNull(body.providerContact);
      if (body.providerAccountId !== undefined) {
        if (body.providerAccountId && !(await repo.accountInTown(trx, body.providerAccountId, before.townId))) throw notFound();
        patch.provider_account_id = body.providerAccountId;
      }
      const start = body.startDate ?? before.startDate;
      const end = body.endDate !== undefined ? body.endDate : before.endDate;
      if (end && end < start) throw new AppError('PAIRING_DATES_INVALID');
      await repo.lockCommunity(trx, before.communityId);
      const clash = await repo.overlapping(trx, {
        communityId: before.communityId,
        kind: before.kind,
        partnerTeamId: before.partnerTeamId,
        mentorAccountId: before.mentorAccountId,
        providerName: (patch.provider_name as string | undefined) ?? before.providerName,
        start,
        end,
        excludeId: id,
      });
      if (clash) throw new AppError('PAIRING_EXISTS');
      try {
        await trx.updateTable('pairing').set(patch).where('id', '=', id).execute();
      } catch (err) {
        if (isUniqueViolation(err)) throw new AppError('PAIRING_EXISTS', { cause: err });
        throw err;
      }
      const after = await this.get(scope, id, trx);
      await recordAudit(trx, ctx, {
        action: 'pairing.update',
        entity: 'pairing',
        entityId: id,
        townId: before.townId,
        regionId: before.communityId,
        before,
        after,
      });
      return after;
    });
  }

  /** End a pairing that is still open: its last day in force is endDate (today by default). */
  async end(ctx: RequestContext, scope: Scope, id: string, body: EndPairingBody): Promise<Pairing> {
    return this.db.transaction().execute(async (trx) => {
      const before = await this.get(scope, id, trx);
      if (before.endDate !== null) throw new AppError('PAIRING_ENDED');
      const endDate = body.endDate ?? localDate(await townTimezone(trx, before.townId));
      if (endDate < before.startDate) throw new AppError('PAIRING_DATES_INVALID');
      await trx.updateTable('pairing').set({ end_date: endDate, updated_at: new Date() }).where('id', '=', id).execute();
      const after = await this.get(scope, id, trx);
      await recordAudit(trx, ctx, {
        action: 'pairing.end',
        entity: 'pairing',
        entityId: id,
        townId: before.townId,
        regionId: before.communityId,
        before,
        after,
      });
      return after;
    });
  }

  /** Remove a pairing entered by mistake, with its themes and lists. */
  async remove(ctx: RequestContext, scope: Scope, id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const before = await this.get(scope, id, trx);
      await trx.deleteFrom('pairing_theme').where('pairing_id', '=', id).execute();
      await trx.deleteFrom('pairing_quarter_list').where('pairing_id', '=', id).execute();
      await trx.deleteFrom('pairing').where('id', '=', id).execute();
      await recordAudit(trx, ctx, {
        action: 'pairing.delete',
        entity: 'pairing',
        entityId: id,
        townId: before.townId,
        regionId: before.communityId,
        before,
      });
    });
  }

  /** 一月一主题: set the theme the pair agreed for a month inside its period. */
  async putTheme(ctx: RequestContext, scope: Scope, id: string, month: string, theme: string): Promise<Pairing> {
    return this.db.transaction().execute(async (trx) => {
      const before = await this.get(scope, id, trx);
      if (!pairingOverlaps(before, monthRange(month))) throw new AppError('PAIRING_PERIOD_MISMATCH');
      const text = theme.trim();
      if (!text) throw invalid('body/theme', 'the theme is empty');
      await trx
        .insertInto('pairing_theme')
        .values({ pairing_id: id, town_id: before.townId, month, theme: text, updated_by: ctx.actor.accountId })
        .onConflict((oc) =>
          oc.columns(['pairing_id', 'month']).doUpdateSet({ theme: text, updated_by: ctx.actor.accountId, updated_at: new Date() }),
        )
        .execute();
      const after = await this.get(scope, id, trx);
      await recordAudit(trx, ctx, {
        action: 'pairing.theme_set',
        entity: 'pairing',
        entityId: id,
        townId: before.townId,
        regionId: before.communityId,
        before: before.monthlyThemes.find((t) => t.month === month) ?? null,
        after: { month, theme: text },
      });
      return after;
    });
  }

  async deleteTheme(ctx: RequestContext, scope: Scope, id: string, month: string): Promise<Pairing> {
    return this.db.transaction().execute(async (trx) => {
      const before = await this.get(scope, id, trx);
      const old = before.monthlyThemes.find((t) => t.month === month);
      if (!old) throw notFound();
      await trx.deleteFrom('pairing_theme').where('pairing_id', '=', id).where('month', '=', month).execute();
      await recordAudit(trx, ctx, {
        action: 'pairing.theme_delete',
        entity: 'pairing',
        entityId: id,
        townId: before.townId,
        regionId: before.communityId,
        before: old,
      });
      return this.get(scope, id, trx);
    });
  }

  /** 需求及服务清单: the quarter's list of needs and of services (blank items dropped). */
  async putList(ctx: RequestContext, scope: Scope, id: string, quarter: string, body: PutQuarterListBody): Promise<Pairing> {
    return this.db.transaction().execute(async (trx) => {
      const before = await this.get(scope, id, trx);
      if (!pairingOverlaps(before, quarterRange(quarter))) throw new AppError('PAIRING_PERIOD_MISMATCH');
      const clean = (items: string[]) => items.map((s) => s.trim()).filter(Boolean);
      const needList = clean(body.needList);
      const serviceList = clean(body.serviceList);
      if (needList.length + serviceList.length === 0) throw invalid('body/needList', 'list at least one need or service');
      await trx
        .insertInto('pairing_quarter_list')
        .values({
          pairing_id: id,
          town_id: before.townId,
          quarter,
          need_list: needList,
          service_list: serviceList,
          updated_by: ctx.actor.accountId,
        })
        .onConflict((oc) =>
          oc.columns(['pairing_id', 'quarter']).doUpdateSet({
            need_list: needList,
            service_list: serviceList,
            updated_by: ctx.actor.accountId,
            updated_at: new Date(),
          }),
        )
        .execute();
      const after = await this.get(scope, id, trx);
      await recordAudit(trx, ctx, {
        action: 'pairing.list_set',
        entity: 'pairing',
        entityId: id,
        townId: before.townId,
        regionId: before.communityId,
        before: before.quarterLists.find((l) => l.quarter === quarter) ?? null,
        after: { quarter, needList, serviceList },
      });
      return after;
    });
  }

  async deleteList(ctx: RequestContext, scope: Scope, id: string, quarter: string): Promise<Pairing> {
    return this.db.transaction().execute(async (trx) => {
      const before = await this.get(scope, id, trx);
      const old = before.quarterLists.find((l) => l.quarter === quarter);
      if (!old) throw notFound();
      await trx.deleteFrom('pairing_quarter_list').where('pairing_id', '=', id).where('quarter', '=', quarter).execute();
      await recordAudit(trx, ctx, {
        action: 'pairing.list_delete',
        entity: 'pairing',
        entityId: id,
        townId: before.townId,
        regionId: before.communityId,
        before: old,
      });
      return this.get(scope, id, trx);
    });
  }

  /** Accounts of the community's town to choose a mentor from (name and masked mobile). */
  async mentorCandidates(scope: Scope, query: MentorCandidateQuery): Promise<MentorCandidateList> {
    const community = await this.community(this.db, scope, query.communityId, 'querystring/communityId');
    const rows = await repo.findAccounts(this.db, community.town_id, query.q?.trim() || undefined);
    const regions = await describeRegions(
      this.db,
      rows.map((r) => r.home_region_id),
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        name: r.name,
        mobileMasked: r.mobile_masked,
        regionPath: (regions.get(r.home_region_id)?.pathNames ?? []).slice(1),
      })),
    };
  }

  // ---------------------------------------------------------------- coverage

  /**
   * For every village or community in scope: its pairings in force on the date, and which of the
   * "四个一" duties it meets for the month and the quarter.
   */
  async coverage(ctx: RequestContext, scope: Scope, query: PairingCoverageQuery): Promise<PairingCoverage> {
    const db = this.db;
    const regionPath = query.regionId ? (await this.region(db, scope, query.regionId)).path : undefined;
    const date = query.date ?? localDate(await townTimezone(db, ctx.actor.townId));
    const month = query.month ?? monthOf(date);
    const quarter = query.quarter ?? quarterOf(date);
    const saturday = firstSaturday(month);
    const communities = await repo.communitiesInScope(db, scope, regionPath);
    const ids = communities.map((c) => c.id);

    const [teams, active, onSaturday, lists, themes, solved, zones] = await Promise.all([
      repo.communityTeams(db, ids),
      repo.pairingsActiveOn(db, ids, date),
      repo.pairingsActiveOn(db, ids, saturday),
      repo.communitiesWithList(db, ids, quarter),
      repo.themesFor(db, ids, month),
      repo.solvedCounts(db, ids, quarterRange(quarter).from, quarterRange(quarter).to),
      repo.timezones(
        db,
        communities.map((c) => c.town_id),
      ),
    ]);
    // The first Saturday as a local day of each town: [00:00, next 00:00) in its time zone.
    const occurrences: Awaited<ReturnType<typeof repo.occurrencesBetween>> = [];
    for (const [townId, tz] of zones) {
      const inTown = communities.filter((c) => c.town_id === townId).map((c) => c.id);
      occurrences.push(
        ...(await repo.occurrencesBetween(db, inTown, zonedToUtc(saturday, '00:00', tz), zonedToUtc(addDays(saturday, 1), '00:00', tz))),
      );
    }

    const teamOf = new Map(teams.map((t) => [t.region_id, t]));
    const items: CommunityCoverage[] = communities.map((c) => {
      const mine = active.filter((p) => p.community_id === c.id);
      const partners = (kind: PairingKind) =>
        mine
          .filter((p) => p.kind === kind)
          .map((p) => (kind === 'team' ? p.partner_team_name : kind === 'mentor' ? p.mentor_name : p.provider_name) ?? '');
      const team = partners('team');
      const mentor = partners('mentor');
      const resource = partners('resource');
      const communityTeam = teamOf.get(c.id) ?? null;
      // The joint activity: run by (or with) a team paired on that Saturday, or by the community
      // team together with a partner team.
      const paired = new Set(onSaturday.filter((p) => p.community_id === c.id && p.kind === 'team').map((p) => p.partner_team_id!));
      const joint = occurrences.find(
        (o) =>
          o.community_id === c.id &&
          (paired.has(o.organiser_team_id) ||
            (o.partner_team_id !== null && paired.has(o.partner_team_id)) ||
            (communityTeam !== null && o.organiser_team_id === communityTeam.id && o.partner_team_id !== null)),
      );
      const count = solved.get(c.id) ?? 0;
      return {
        communityId: c.id,
        communityName: c.name,
        communityTeamId: communityTeam?.id ?? null,
        communityTeamName: communityTeam?.name ?? null,
        team: { covered: team.length > 0, partners: team },
        mentor: { covered: mentor.length > 0, partners: mentor },
        resource: { covered: resource.length > 0, partners: resource },
        duties: {
          fixedTeam: team.length > 0,
          monthlyActivity: joint !== undefined,
          quarterlyList: lists.has(c.id),
          practicalMatter: count > 0,
        },
        monthlyActivity: joint
          ? { occurrenceId: joint.id, activityId: joint.activity_id, title: joint.title, startsAt: iso(joint.starts_at) }
          : null,
        monthlyTheme: themes.find((t) => t.community_id === c.id)?.theme ?? null,
        practicalMatterCount: count,
      };
    });
    const n = items.length;
    const kind = (k: PairingKind) => {
      const covered = items.filter((i) => i[k].covered).length;
      return { covered, percent: percentOf(covered, n) };
    };
    const duty = (d: keyof CommunityCoverage['duties']) => {
      const met = items.filter((i) => i.duties[d]).length;
      return { met, percent: percentOf(met, n) };
    };
    return {
      date,
      month,
      quarter,
      firstSaturday: saturday,
      targetPercent: PAIRING_COVERAGE_TARGET,
      communityCount: n,
      kinds: { team: kind('team'), mentor: kind('mentor'), resource: kind('resource') },
      duties: {
        fixedTeam: duty('fixedTeam'),
        monthlyActivity: duty('monthlyActivity'),
        quarterlyList: duty('quarterlyList'),
        practicalMatter: duty('practicalMatter'),
      },
      items,
    };
  }

  // ---------------------------------------------------------------- practical matters

  async listMatters(scope: Scope, query: PracticalMatterListQuery): Promise<PracticalMatterList> {
    const regionPath = query.regionId ? (await this.region(this.db, scope, query.regionId)).path : undefined;
    const range = query.quarter ? quarterRange(query.quarter) : undefined;
    const rows = await repo.listMatters(this.db, scope, { regionPath, from: range?.from, to: range?.to });
    return { items: rows.map(presentMatter) };
  }

  async createMatter(ctx: RequestContext, scope: Scope, body: CreatePracticalMatterBody): Promise<PracticalMatter> {
    return this.db.transaction().execute(async (trx) => {
      const community = await this.community(trx, scope, body.communityId, 'body/communityId');
      const title = body.title.trim();
      if (!title) throw invalid('body/title', 'the title is empty');
      const solvedOn = body.solvedOn ?? null;
      if (solvedOn && solvedOn > localDate(community.timezone)) throw invalid('body/solvedOn', 'cannot be in the future');
      const id = (
        await trx
          .insertInto('practical_matter')
          .values({
            town_id: community.town_id,
            community_id: community.id,
            title,
            solved_on: solvedOn,
            note: textOrNull(body.note),
            created_by: ctx.actor.accountId,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      const after = presentMatter((await repo.getMatterInScope(trx, scope, id))!);
      await recordAudit(trx, ctx, {
        action: 'practical_matter.create',
        entity: 'practical_matter',
        entityId: id,
        townId: community.town_id,
        regionId: community.id,
        after,
      });
      return after;
    });
  }

  async updateMatter(ctx: RequestContext, scope: Scope, id: string, body: UpdatePracticalMatterBody): Promise<PracticalMatter> {
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.getMatterInScope(trx, scope, id);
      if (!row) throw notFound();
      const before = presentMatter(row);
      const patch: Updateable<DB['practical_matter']> = { updated_at: new Date() };
      if (body.title !== undefined) {
        const title = body.title.trim();
        if (!title) throw invalid('body/title', 'the title is empty');
        patch.title = title;
      }
      if (body.solvedOn !== undefined) {
        if (body.solvedOn && body.solvedOn > localDate(await townTimezone(trx, row.town_id)))
          throw invalid('body/solvedOn', 'cannot be in the future');
        patch.solved_on = body.solvedOn;
      }
      if (body.note !== undefined) patch.note = textOrNull(body.note);
      await trx.updateTable('practical_matter').set(patch).where('id', '=', id).execute();
      const after = presentMatter((await repo.getMatterInScope(trx, scope, id))!);
      await recordAudit(trx, ctx, {
        action: 'practical_matter.update',
        entity: 'practical_matter',
        entityId: id,
        townId: row.town_id,
        regionId: row.community_id,
        before,
        after,
      });
      return after;
    });
  }

  async removeMatter(ctx: RequestContext, scope: Scope, id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await repo.getMatterInScope(trx, scope, id);
      if (!row) throw notFound();
      await trx.deleteFrom('practical_matter').where('id', '=', id).execute();
      await recordAudit(trx, ctx, {
        action: 'practical_matter.delete',
        entity: 'practical_matter',
        entityId: id,
        townId: row.town_id,
        regionId: row.community_id,
        before: presentMatter(row),
      });
    });
  }

  // ---------------------------------------------------------------- helpers

  /** A region in scope (404 otherwise). */
  private async region(db: Kysely<DB>, scope: Scope, regionId: string) {
    const region = await repo.regionWithTown(db, regionId);
    if (!region || !scope.containsPath(region.path)) throw notFound();
    return region;
  }

  /** A village or community (depth 1) in scope. */
  private async community(db: Kysely<DB>, scope: Scope, regionId: string, path: string) {
    const region = await this.region(db, scope, regionId);
    if (region.depth !== 1) throw invalid(path, 'choose a village or community');
    return region;
  }

  private async present(db: Kysely<DB>, rows: repo.PairingRow[]): Promise<Pairing[]> {
    const ids = rows.map((r) => r.id);
    const [themes, lists, zones] = await Promise.all([
      repo.themesOf(db, ids),
      repo.listsOf(db, ids),
      repo.timezones(
        db,
        rows.map((r) => r.town_id),
      ),
    ]);
    const today = new Map([...zones].map(([town, tz]) => [town, localDate(tz)]));
    return rows.map((r) => {
      const kind = r.kind as PairingKind;
      const period = { startDate: r.start_date, endDate: r.end_date };
      return {
        id: r.id,
        townId: r.town_id,
        kind,
        communityId: r.community_id,
        communityName: r.community_name,
        communityTeamId: r.community_team_id,
        communityTeamName: r.community_team_name,
        partnerTeamId: r.partner_team_id,
        partnerTeamName: r.partner_team_name,
        mentorAccountId: r.mentor_account_id,
        mentorName: r.mentor_name,
        providerName: r.provider_name,
        providerContact: r.provider_contact,
        providerAccountId: r.provider_account_id,
        providerAccountName: r.provider_account_name,
        partnerName: (kind === 'team' ? r.partner_team_name : kind === 'mentor' ? r.mentor_name : r.provider_name) ?? '',
        startDate: r.start_date,
        endDate: r.end_date,
        active: pairingActiveOn(period, today.get(r.town_id) ?? localDate('Asia/Shanghai')),
        note: r.note,
        monthlyThemes: themes
          .filter((t) => t.pairing_id === r.id)
          .map((t) => ({ month: t.month, theme: t.theme, updatedAt: iso(t.updated_at) })),
        quarterLists: lists
          .filter((l) => l.pairing_id === r.id)
          .map((l) => ({
            quarter: l.quarter,
            needList: l.need_list,
            serviceList: l.service_list,
            updatedByName: l.updated_by_name,
            updatedAt: iso(l.updated_at),
          })),
        createdByName: r.created_by_name,
        createdAt: iso(r.created_at),
      };
    });
  }
}

function presentMatter(r: repo.MatterRow): PracticalMatter {
  return {
    id: r.id,
    townId: r.town_id,
    communityId: r.community_id,
    communityName: r.community_name,
    title: r.title,
    solvedOn: r.solved_on,
    note: r.note,
    createdByName: r.created_by_name,
    createdAt: iso(r.created_at),
  };
}
