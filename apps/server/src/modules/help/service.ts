import {
  HELP_ACTIVE_STATUSES,
  HELP_CHECK_IN_RADIUS_M,
  HELP_REOPEN_DAYS,
  HELP_STATUSES,
  HELP_STATUS_LABELS,
  HELP_TRANSITIONS,
  maskAddress,
  type HelpAction,
  type HelpDeadlineUnit,
  type HelpPool,
  type HelpStatus,
} from '@tongxin/shared';
import type { DomainEvents } from '../../platform/events.js';
import type {
  CreateHelpRequestBody,
  HelpAttachment,
  HelpCategory,
  HelpCategoryList,
  HelpCheckInBody,
  HelpConfirmBody,
  HelpDispatchBody,
  HelpEvent,
  HelpFinishBody,
  HelpListQuery,
  HelpMineQuery,
  HelpPoolQuery,
  HelpRequest,
  HelpRequestDetail,
  HelpRequestPage,
  HelpReviewBody,
  HelpSummary,
  UpdateHelpCategoryBody,
  UploadedAttachment,
} from '@tongxin/shared/schemas';
import type { Kysely, Updateable } from 'kysely';
import type { Database } from '../../platform/db/index.js';
import type { DB } from '../../platform/db/schema.js';
import type { RequestContext } from '../../platform/context.js';
import type { Scope } from '../../platform/scope.js';
import { scopeFor } from '../../platform/auth/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { metres } from '../../platform/geo.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { DataCipher } from '../../platform/crypto.js';
import type { Clock } from '../../platform/clock.js';
import { cancelJobs, scheduleJob } from '../../platform/jobs.js';
import { signalChange, type Notifier } from '../../platform/notify/notifier.js';
import { addWorkingHours, localDate, workingDaysLater } from '../../platform/time.js';
import { describeRegions, townTimezone } from '../regions/index.js';
import * as repo from './repository.js';
import type { FiguresService } from '../figures/index.js';
import type { HelpRow, VolunteerSelf } from './repository.js';

type Trx = Kysely<DB>;

/** Job names of this module (handlers in jobs.ts). */
export const HELP_JOBS = {
  deadline: 'help.deadline',
  remind: 'help.remind',
  widen: 'help.widen',
  notifyPool: 'help.notify_pool',
} as const;
export type DeadlineStep = 'accept' | 'claim' | 'complete';

const HANDLER_ROLES = ['grid_worker', 'community_admin', 'town_admin'] as const;
const CONFIRMER_ROLES = ['community_admin'] as const;
const NEXT_POOL: Partial<Record<HelpPool, HelpPool>> = { grid: 'community', community: 'town' };
/** Without a note of minutes, a confirmed service counts from check-in to done, at most this long. */
const DEFAULT_MAX_MINUTES = 480;
const MAX_FAN_OUT = 2000;

interface Relation {
  requester: boolean;
  handler: boolean;
  confirmer: boolean;
  volunteer: VolunteerSelf | null;
  claimant: boolean;
  assignee: boolean;
  /** The request is open in a pool or team that reaches this volunteer. */
  eligible: boolean;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const idsOf = (path: string) => path.split('/').filter(Boolean);

export class HelpService {
  constructor(
    private readonly db: Database,
    private readonly deps: { cipher: DataCipher; notifier: Notifier; clock: Clock; events: DomainEvents; figures: FiguresService },
  ) {}

  private now(): Date {
    return this.deps.clock.now();
  }

  // ------------------------------------------------------------------ categories

  async categories(townId: string): Promise<HelpCategoryList> {
    return { items: (await repo.listCategories(this.db, townId)).map(presentCategory) };
  }

  async updateCategory(ctx: RequestContext, scope: Scope, code: string, body: UpdateHelpCategoryBody): Promise<HelpCategory> {
    if (!scope.containsPath(`/${ctx.actor.townId}/`)) throw notFound();
    return this.db.transaction().execute(async (trx) => {
      const before = await repo.getCategory(trx, ctx.actor.townId, code);
      if (!before) throw notFound();
      const set: Updateable<DB['help_category']> = {};
      if (body.label !== undefined) set.label = body.label.trim();
      if (body.accept) Object.assign(set, { accept_amount: body.accept.amount, accept_unit: body.accept.unit });
      if (body.claim) Object.assign(set, { claim_amount: body.claim.amount, claim_unit: body.claim.unit });
      if (body.complete) Object.assign(set, { complete_amount: body.complete.amount, complete_unit: body.complete.unit });
      if (body.widenMinutes !== undefined) set.widen_minutes = body.widenMinutes;
      if (body.partyFirstMinutes !== undefined) set.party_first_minutes = body.partyFirstMinutes;
      const after = Object.keys(set).length ? await repo.updateCategory(trx, ctx.actor.townId, code, set) : before;
      await recordAudit(trx, ctx, {
        action: 'help_category.update',
        entity: 'help_category',
        entityId: null,
        townId: ctx.actor.townId,
        before: presentCategory(before),
        after: presentCategory(after!),
      });
      await this.ensureLabels(trx, [ctx.actor.townId], true);
      return presentCategory(after!);
    });
  }

  // ------------------------------------------------------------------ attachments

  async upload(ctx: RequestContext, contentType: string, bytes: Buffer): Promise<UploadedAttachment> {
    const kind = contentType.startsWith('image/') ? 'photo' : 'voice';
    if (bytes.length === 0) throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body', message: 'empty file' }] });
    const row = await repo.insertAttachment(this.db, {
      town_id: ctx.actor.townId,
      account_id: ctx.actor.accountId,
      kind,
      content_type: contentType,
      size: bytes.length,
      bytes,
    });
    return { id: row.id, kind: row.kind, size: row.size };
  }

  async attachment(ctx: RequestContext, id: string): Promise<{ contentType: string; bytes: Buffer }> {
    const row = await repo.getAttachment(this.db, ctx.actor.townId, id);
    if (!row) throw notFound();
    if (row.account_id !== ctx.actor.accountId) {
      if (!row.help_request_id) throw notFound();
      const req = await repo.getRequest(this.db, row.help_request_id);
      if (!req) throw notFound();
      const rel = await this.relation(this.db, ctx, req);
      if (!this.canSee(req, rel)) throw notFound();
    }
    return { contentType: row.content_type, bytes: Buffer.from(row.bytes) };
  }

  // ------------------------------------------------------------------ asking

  async create(ctx: RequestContext, body: CreateHelpRequestBody): Promise<HelpRequestDetail> {
    const now = this.now();
    const created = await this.db.transaction().execute(async (trx) => {
      const townId = ctx.actor.townId;
      const category = await repo.getCategory(trx, townId, body.category);
      if (!category) throw new AppError('HELP_CATEGORY_UNKNOWN');
      const who = await this.requesterOf(trx, ctx, body);
      let placeText = body.place?.trim() || null;
      let placeCipher: string;
      let placeMasked: string;
      if (placeText) {
        placeCipher = this.deps.cipher.encrypt(placeText);
        placeMasked = maskAddress(placeText);
      } else if (who.household) {
        placeCipher = who.household.address_cipher;
        placeMasked = who.household.address_masked;
        placeText = null;
      } else {
        throw new AppError('HELP_NO_PLACE');
      }
      const lat = body.lat ?? (placeText ? null : (who.household?.lat ?? null));
      const lng = body.lng ?? (placeText ? null : (who.household?.lng ?? null));
      const tz = await townTimezone(trx, townId);
      const day = localDate(tz, now);
      const no = await helpNumber(trx, townId, day);
      const acceptDue = due(now, category.accept_amount, category.accept_unit as HelpDeadlineUnit, tz);
      const { id } = await repo.insertRequest(trx, {
        town_id: townId,
        no,
        region_id: who.regionId,
        household_id: who.household?.id ?? null,
        resident_id: who.residentId,
        requester_account_id: who.accountId,
        requester_name: who.name,
        phone_cipher: who.phoneCipher,
        phone_masked: who.phoneMasked,
        filed_by: ctx.actor.accountId,
        channel: who.channel,
        contact_id: body.contactId ?? null,
        category: category.code,
        description: body.description.trim(),
        wanted_at: body.wantedAt ? new Date(body.wantedAt) : null,
        wanted_note: body.wantedNote?.trim() || null,
        place_cipher: placeCipher,
        place_masked: placeMasked,
        lat: lat !== null && lng !== null ? lat : null,
        lng: lat !== null && lng !== null ? lng : null,
        accept_due_at: acceptDue,
        created_at: now,
        updated_at: now,
      });
      const ids = [...new Set(body.attachmentIds ?? [])];
      if ((await repo.linkAttachments(trx, ids, ctx.actor.accountId, id, 'request')) !== ids.length)
        throw new AppError('ATTACHMENT_UNKNOWN');
      if (body.contactId) await repo.markContactFollowedUp(trx, body.contactId, id);
      await repo.addEvent(trx, {
        townId,
        requestId: id,
        action: 'submit',
        from: null,
        to: 'submitted',
        actorId: ctx.actor.accountId,
        actorName: ctx.actor.name,
        data: { channel: who.channel },
        at: now,
      });
      await this.scheduleDeadline(trx, id, 'accept', acceptDue, now);
      const row = (await repo.getRequest(trx, id))!;
      const handlers = await repo.roleHoldersAbove(trx, townId, ['grid_worker'], row.region_path);
      for (const accountId of handlers.filter((a) => a !== ctx.actor.accountId))
        await this.deps.notifier.notify(trx, {
          townId,
          accountId,
          kind: 'help.submitted',
          title: `新的求助待受理：${category.label}`,
          body: `${who.name}：${row.description.slice(0, 60)}`,
          link: `/m/help/${id}`,
          data: { requestId: id },
        });
      await this.signal(trx, row);
      await recordAudit(trx, ctx, {
        action: 'help_request.create',
        entity: 'help_request',
        entityId: id,
        townId,
        regionId: row.region_id,
        after: { no, category: category.code, channel: who.channel },
      });
      return id;
    });
    return this.detail(ctx, created);
  }

  /** Who asks, for whom, and where: the caller's household; a resident a grid worker files for; a visited household. */
  private async requesterOf(trx: Trx, ctx: RequestContext, body: CreateHelpRequestBody) {
    const townId = ctx.actor.townId;
    if (body.forResidentId) {
      const r = await repo.residentWithHousehold(trx, townId, body.forResidentId);
      if (!r || !scopeFor(ctx.actor, 'help.manage').containsPath(r.path)) throw notFound();
      const accountId = await repo.accountIdByMobileHash(trx, townId, r.mobile_hash);
      return {
        channel: 'grid_worker' as const,
        regionId: r.region_id,
        household: r,
        residentId: r.resident_id,
        accountId,
        name: r.name,
        phoneCipher: r.mobile_cipher,
        phoneMasked: r.mobile_masked,
      };
    }
    if (body.contactId) {
      const c = await repo.contactWithHousehold(trx, townId, body.contactId);
      if (!c || c.account_id !== ctx.actor.accountId) throw notFound();
      if (c.follow_up === 'help_request' || c.follow_up === 'appeal') throw new AppError('CONFLICT');
      // The household's head (or its eldest member) is the one asking.
      const head = await repo.householdHead(trx, c.id);
      const accountId = await repo.accountIdByMobileHash(trx, townId, head?.mobile_hash ?? null);
      return {
        channel: 'visit' as const,
        regionId: c.region_id,
        household: c,
        residentId: head?.id ?? null,
        accountId,
        name: head?.name ?? c.address_masked,
        phoneCipher: head?.mobile_cipher ?? null,
        phoneMasked: head?.mobile_masked ?? null,
      };
    }
    const me = await repo.accountSelf(trx, ctx.actor.accountId);
    const home = await repo.householdOfMobile(trx, townId, me.mobile_hash);
    return {
      channel: 'phone' as const,
      regionId: home?.region_id ?? me.home_region_id,
      household: home ?? null,
      residentId: home?.resident_id ?? null,
      accountId: me.id,
      name: me.name,
      phoneCipher: me.mobile_cipher,
      phoneMasked: me.mobile_masked,
    };
  }

  // ------------------------------------------------------------------ reading

  async mine(ctx: RequestContext, query: HelpMineQuery): Promise<HelpRequestPage> {
    const statuses = statusesFor(query.state);
    const rows = await repo.listMine(this.db, ctx.actor.accountId, statuses);
    return { items: await this.present(this.db, ctx, rows), total: rows.length };
  }

  async served(ctx: RequestContext, query: HelpMineQuery): Promise<HelpRequestPage> {
    const v = await repo.volunteerSelf(this.db, ctx.actor.accountId, ctx.actor.townId);
    if (!v) return { items: [], total: 0 };
    const rows = await repo.listServed(this.db, v.id, statusesFor(query.state));
    return { items: await this.present(this.db, ctx, rows, { volunteer: v }), total: rows.length };
  }

  async pool(ctx: RequestContext, query: HelpPoolQuery): Promise<HelpRequestPage> {
    const v = await repo.volunteerSelf(this.db, ctx.actor.accountId, ctx.actor.townId);
    if (!v) throw new AppError('HELP_NOT_VOLUNTEER');
    // Nearest first needs more candidates than it shows; otherwise the oldest `limit` are the page.
    const near = query.lat !== undefined && query.lng !== undefined;
    const size = query.limit ?? 50;
    const rows = await repo.pool(this.db, ctx.actor.townId, v, near ? Math.max(200, size) : size);
    let items = await this.present(this.db, ctx, rows, { volunteer: v, from: query, joined: rows });
    if (near) items = items.sort((a, b) => (a.distanceM ?? Infinity) - (b.distanceM ?? Infinity));
    items = items.slice(0, size);
    return { items, total: items.length };
  }

  async list(ctx: RequestContext, scope: Scope, query: HelpListQuery): Promise<HelpRequestPage> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const regionPath = query.regionId ? await this.regionPathInScope(scope, query.regionId) : undefined;
    const { rows, ...counted } = await repo.listInScope(this.db, scope, {
      statuses: query.status,
      regionPath,
      category: query.category,
      overdue: query.overdue,
      q: query.q?.trim() || undefined,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { items: await this.present(this.db, ctx, rows), ...counted };
  }

  /** Counts by status now, from the region figures' rollup (a sum over communities, not a scan). */
  async summary(scope: Scope, regionId?: string): Promise<HelpSummary> {
    const sums = await this.deps.figures.sums(await this.deps.figures.pathsFor(scope, regionId), null);
    const counts: Record<string, number> = Object.fromEntries(HELP_STATUSES.map((s) => [s, sums.get(`help.${s}`)?.total ?? 0]));
    return { counts, overdue: sums.get('help_overdue')?.total ?? 0 };
  }

  /**
   * A request and its timeline as the caller may see it. `formerly`: the caller has just acted
   * on it and may no longer see it (a volunteer who released it) — they get the masked view once.
   */
  async detail(ctx: RequestContext, id: string, db: Trx = this.db, formerly = false): Promise<HelpRequestDetail> {
    const row = await repo.getRequest(db, id);
    if (!row) throw notFound();
    const rel = await this.relation(db, ctx, row);
    if (!this.canSee(row, rel) && !formerly) throw notFound();
    const [request] = await this.present(db, ctx, [row], { volunteer: rel.volunteer, relation: rel });
    const events = await repo.timeline(db, id);
    const seesReasons = rel.requester || rel.handler;
    const timeline: HelpEvent[] = events.map((e) => ({
      id: e.id,
      action: e.action as HelpAction,
      fromStatus: (e.from_status as HelpStatus) ?? null,
      toStatus: (e.to_status as HelpStatus) ?? null,
      at: e.at.toISOString(),
      actorName: e.actor_name,
      reason: e.action === 'refuse' && !seesReasons ? null : e.reason,
    }));
    return { request: request!, timeline };
  }

  private async regionPathInScope(scope: Scope, regionId: string): Promise<string> {
    const r = await repo.regionPath(this.db, regionId);
    if (!r || !scope.containsPath(r.path)) throw notFound();
    return r.path;
  }

  // ------------------------------------------------------------------ who may see and do what

  private async relation(db: Trx, ctx: RequestContext, row: HelpRow, volunteer?: VolunteerSelf | null): Promise<Relation> {
    const v = volunteer === undefined ? await repo.volunteerSelf(db, ctx.actor.accountId, ctx.actor.townId) : volunteer;
    return this.relationWith(ctx, row, v);
  }

  private relationWith(ctx: RequestContext, row: HelpRow, v: VolunteerSelf | null): Relation {
    const me = ctx.actor.accountId;
    const claimant = !!v && row.claimant_volunteer_id === v.id;
    const assignee = !!v && row.assignee_volunteer_id === v.id;
    return {
      requester: row.requester_account_id === me || row.filed_by === me,
      handler: scopeFor(ctx.actor, 'help.manage').containsPath(row.region_path),
      confirmer: scopeFor(ctx.actor, 'help.confirm').containsPath(row.region_path),
      volunteer: v,
      claimant,
      assignee,
      eligible: !!v && row.town_id === ctx.actor.townId && row.status === 'open' && this.reaches(row, v),
    };
  }

  /** Does an open request's pool (or team) reach this volunteer? */
  private reaches(row: HelpRow & { pool_path?: string | null }, v: VolunteerSelf): boolean {
    if (row.pool === 'team') return !!row.team_id && v.teamIds.includes(row.team_id);
    if (!row.pool_region_id) return false;
    const paths = [v.regionPath, ...v.partyPaths];
    if (paths.some((p) => idsOf(p).includes(row.pool_region_id!))) return true;
    return v.reportedTo.some((c) => idsOf(row.region_path).includes(c));
  }

  private canSee(row: HelpRow, rel: Relation): boolean {
    return rel.requester || rel.handler || rel.claimant || rel.assignee || rel.eligible;
  }

  private actionsFor(row: HelpRow, rel: Relation): HelpAction[] {
    const status = row.status as HelpStatus;
    const out: HelpAction[] = [];
    for (const [action, t] of Object.entries(HELP_TRANSITIONS) as Array<
      [keyof typeof HELP_TRANSITIONS, (typeof HELP_TRANSITIONS)[keyof typeof HELP_TRANSITIONS]]
    >) {
      if (!t.from.includes(status)) continue;
      if (this.mayAct(action, row, rel)) out.push(action);
    }
    return out;
  }

  private mayAct(action: keyof typeof HELP_TRANSITIONS, row: HelpRow, rel: Relation): boolean {
    const by = HELP_TRANSITIONS[action].by;
    switch (action) {
      case 'claim':
        return row.status === 'assigned' ? rel.assignee : rel.eligible;
      case 'decline':
        return rel.assignee;
      case 'release':
      case 'check_in':
      case 'finish':
        return rel.claimant;
      case 'widen':
        return rel.handler && (row.pool === 'grid' || row.pool === 'community');
      case 'reopen':
        return rel.requester && !!row.done_at && this.now().getTime() - row.done_at.getTime() <= HELP_REOPEN_DAYS * 86_400_000;
      default:
        return (
          (by.includes('requester') && rel.requester) ||
          (by.includes('handler') && rel.handler) ||
          (by.includes('confirmer') && rel.confirmer)
        );
    }
  }

  // ------------------------------------------------------------------ acting

  /**
   * One transition: lock the request, check the state and the caller's part in it, write the new
   * state and the timeline line, tell the people concerned, and move the deadline jobs, all in one
   * transaction.
   */
  async act(
    ctx: RequestContext,
    id: string,
    action: keyof typeof HELP_TRANSITIONS,
    body: Record<string, unknown> = {},
  ): Promise<HelpRequestDetail> {
    if (action === 'claim') return this.claim(ctx, id);
    await this.db.transaction().execute(async (trx) => {
      const row = await repo.getRequest(trx, id, { forUpdate: true });
      if (!row || row.town_id !== ctx.actor.townId) throw notFound();
      const rel = await this.relation(trx, ctx, row);
      if (!this.canSee(row, rel)) throw notFound();
      if (!HELP_TRANSITIONS[action].from.includes(row.status as HelpStatus)) throw new AppError('HELP_STATE');
      if (!this.mayAct(action, row, rel)) {
        if (action === 'reopen' && rel.requester) throw new AppError('HELP_REOPEN_EXPIRED');
        throw new AppError('FORBIDDEN');
      }
      await this.apply(trx, ctx, row, rel, action, body);
    });
    return this.detail(ctx, id, this.db, true);
  }

  private async apply(
    trx: Trx,
    ctx: RequestContext,
    row: HelpRow,
    rel: Relation,
    action: keyof typeof HELP_TRANSITIONS,
    body: Record<string, unknown>,
  ): Promise<void> {
    const now = this.now();
    const from = row.status as HelpStatus;
    const reason = typeof body.reason === 'string' && body.reason.trim() ? body.reason.trim() : null;
    const tz = await townTimezone(trx, row.town_id);
    const category = await repo.getCategory(trx, row.town_id, row.category);
    const claimDue = () =>
      category ? due(now, category.claim_amount, category.claim_unit as HelpDeadlineUnit, tz) : new Date(now.getTime() + 86_400_000);
    let to: HelpStatus = from;
    let set: Updateable<DB['help_request']> = {};
    let data: Record<string, unknown> | undefined;
    const tell: Array<{ accountId: string | null; title: string; body: string }> = [];
    const volunteerAccount = async (volunteerId: string | null) =>
      volunteerId ? ((await repo.volunteerById(trx, row.town_id, volunteerId))?.account_id ?? null) : null;
    const requesterAccount = row.requester_account_id;

    switch (action) {
      case 'accept': {
        to = 'accepted';
        const d = row.claim_due_at ?? claimDue();
        set = { claim_due_at: d, overdue_since: null };
        await this.scheduleDeadline(trx, row.id, 'claim', d, now);
        tell.push({ accountId: requesterAccount, title: '您的求助已受理', body: `${row.no} 已受理，正在安排志愿者。` });
        break;
      }
      case 'refuse': {
        if (!reason) throw reasonRequired();
        to = 'refused';
        set = { refused_reason: reason, overdue_since: null };
        await this.stopJobs(trx, row.id);
        tell.push({ accountId: requesterAccount, title: '您的求助未被受理', body: `${row.no}：${reason}` });
        break;
      }
      case 'mark_duplicate': {
        const other = await repo.getRequest(trx, String(body.duplicateOfId));
        if (!other || other.id === row.id || other.town_id !== row.town_id || !rel.handler)
          throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/duplicateOfId', message: 'no such request' }] });
        to = 'duplicate';
        set = { duplicate_of_id: other.id, overdue_since: null };
        data = { duplicateOf: other.no };
        await this.stopJobs(trx, row.id);
        tell.push({ accountId: requesterAccount, title: '求助已合并', body: `${row.no} 与 ${other.no} 是同一件事，将一并处理。` });
        break;
      }
      case 'dispatch': {
        const b = body as HelpDispatchBody;
        const previous = { claimant: row.claimant_volunteer_id, assignee: row.assignee_volunteer_id };
        const d = row.claim_due_at ?? claimDue();
        set = {
          claim_due_at: d,
          dispatched_at: now,
          claimant_volunteer_id: null,
          claimed_at: null,
          complete_due_at: null,
          assignee_volunteer_id: null,
          team_id: null,
          pool: null,
          pool_region_id: null,
          overdue_since: from === 'submitted' ? null : row.overdue_since,
        };
        await cancelJobs(trx, [jobKey(row.id, 'widen'), jobKey(row.id, 'notify')]);
        if (b.to === 'volunteer') {
          const v = b.volunteerId ? await repo.volunteerById(trx, row.town_id, b.volunteerId) : undefined;
          if (!v || v.status !== 'approved')
            throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/volunteerId', message: 'no such approved volunteer' }] });
          to = 'assigned';
          set.assignee_volunteer_id = v.id;
          data = { to: 'volunteer', volunteer: v.name };
          tell.push({ accountId: v.account_id, title: '有一条求助派给了您', body: `${row.no}：${row.description.slice(0, 60)}` });
        } else if (b.to === 'team') {
          const team = b.teamId ? await repo.teamInTown(trx, row.town_id, b.teamId) : undefined;
          if (!team) throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/teamId', message: 'no such team' }] });
          to = 'open';
          Object.assign(set, { pool: 'team', team_id: team.id });
          data = { to: 'team', team: team.name };
          const members = await repo.volunteerAccountsFor(trx, row.town_id, 'team', null, team.id);
          for (const accountId of members)
            tell.push({ accountId, title: `队伍“${team.name}”有新的求助可接单`, body: `${row.no}：${row.description.slice(0, 60)}` });
        } else {
          const level = b.pool ?? 'grid';
          const poolRegionId = this.poolRegionOf(row, level);
          to = 'open';
          Object.assign(set, { pool: level, pool_region_id: poolRegionId });
          data = { to: 'pool', pool: level };
          await this.openPool(trx, row, level, poolRegionId, category, now, tell);
        }
        await this.scheduleDeadline(trx, row.id, 'claim', d, now);
        for (const old of [previous.claimant, previous.assignee])
          if (old) tell.push({ accountId: await volunteerAccount(old), title: '求助已改派', body: `${row.no} 已改派他人，感谢您的关注。` });
        if (from === 'submitted')
          tell.push({ accountId: requesterAccount, title: '您的求助已受理并派单', body: `${row.no} 正在等待志愿者接单。` });
        break;
      }
      case 'recall': {
        if (!reason) throw reasonRequired();
        to = 'accepted';
        for (const old of [row.claimant_volunteer_id, row.assignee_volunteer_id])
          if (old) tell.push({ accountId: await volunteerAccount(old), title: '派单已撤回', body: `${row.no}：${reason}` });
        set = {
          claimant_volunteer_id: null,
          claimed_at: null,
          assignee_volunteer_id: null,
          team_id: null,
          pool: null,
          pool_region_id: null,
          complete_due_at: null,
        };
        await cancelJobs(trx, [jobKey(row.id, 'widen'), jobKey(row.id, 'notify')]);
        await this.scheduleDeadline(trx, row.id, 'claim', row.claim_due_at ?? claimDue(), now);
        break;
      }
      case 'widen': {
        const next = NEXT_POOL[row.pool as HelpPool];
        if (!next) throw new AppError('HELP_STATE');
        await this.widen(trx, row, next, category, now, { accountId: ctx.actor.accountId, name: ctx.actor.name });
        await recordAudit(trx, ctx, {
          action: 'help_request.widen',
          entity: 'help_request',
          entityId: row.id,
          townId: row.town_id,
          regionId: row.region_id,
          before: { pool: row.pool },
          after: { pool: next },
        });
        return;
      }
      case 'decline': {
        if (!reason) throw reasonRequired();
        to = 'accepted';
        set = { assignee_volunteer_id: null };
        const handlers = await repo.roleHoldersAbove(trx, row.town_id, ['grid_worker'], row.region_path);
        for (const accountId of handlers) tell.push({ accountId, title: '志愿者婉拒了派单，请重新派单', body: `${row.no}：${reason}` });
        break;
      }
      case 'release': {
        if (!reason) throw reasonRequired();
        to = row.pool ? 'open' : 'accepted';
        set = { claimant_volunteer_id: null, claimed_at: null, complete_due_at: null, assignee_volunteer_id: null };
        await this.scheduleDeadline(trx, row.id, 'claim', claimDue(), now);
        const handlers = await repo.roleHoldersAbove(trx, row.town_id, ['grid_worker'], row.region_path);
        for (const accountId of handlers) tell.push({ accountId, title: '志愿者放弃了接单', body: `${row.no}：${reason}` });
        tell.push({
          accountId: requesterAccount,
          title: '正在为您重新安排志愿者',
          body: `${row.no} 的志愿者临时有事，我们会尽快重新安排。`,
        });
        break;
      }
      case 'check_in': {
        const b = body as HelpCheckInBody;
        let distance: number | null = null;
        if (b.lat != null && b.lng != null && row.lat !== null && row.lng !== null) {
          distance = metres(b.lat, b.lng, row.lat, row.lng);
          if (distance > HELP_CHECK_IN_RADIUS_M) throw new AppError('HELP_TOO_FAR');
        }
        to = 'in_service';
        set = { checked_in_at: now };
        data = { distanceM: distance, located: distance !== null };
        tell.push({
          accountId: requesterAccount,
          title: '志愿者已到达',
          body: `${rel.volunteer?.name ?? '志愿者'} 已到达，开始为您服务。`,
        });
        break;
      }
      case 'finish': {
        const b = body as HelpFinishBody;
        to = 'done';
        set = { done_at: now, done_note: b.note.trim(), overdue_since: null };
        const ids = [...new Set(b.attachmentIds ?? [])];
        if ((await repo.linkAttachments(trx, ids, ctx.actor.accountId, row.id, 'done')) !== ids.length)
          throw new AppError('ATTACHMENT_UNKNOWN');
        await this.stopJobs(trx, row.id);
        tell.push({ accountId: requesterAccount, title: '服务已完成，请您评价', body: `${row.no}：${b.note.trim().slice(0, 60)}` });
        break;
      }
      case 'review': {
        const b = body as HelpReviewBody;
        to = 'reviewed';
        const byRequester = rel.requester && row.requester_account_id === ctx.actor.accountId;
        set = { review_stars: b.stars, review_words: b.words?.trim() || null, review_by: byRequester ? 'requester' : 'callback' };
        data = { stars: b.stars, by: set.review_by };
        tell.push({
          accountId: await volunteerAccount(row.claimant_volunteer_id),
          title: `收到 ${b.stars} 星评价`,
          body: `${row.no}：${b.words?.trim() || '感谢您的服务'}`,
        });
        break;
      }
      case 'confirm': {
        const b = body as HelpConfirmBody;
        if (!row.claimant_volunteer_id) throw new AppError('HELP_STATE');
        const measured =
          row.checked_in_at && row.done_at
            ? Math.max(1, Math.min(1440, Math.round((row.done_at.getTime() - row.checked_in_at.getTime()) / 60_000)))
            : 60;
        const minutes = b.minutes ?? Math.min(measured, DEFAULT_MAX_MINUTES);
        to = 'closed';
        set = { confirmed_by: ctx.actor.accountId, confirmed_at: now, minutes };
        const regions = await describeRegions(trx, [row.region_id]);
        const community = regions.get(row.region_id)?.pathNames[1] ?? null;
        const servedOn = localDate(tz, row.done_at ?? now);
        const record = await repo.insertServiceRecord(trx, {
          town_id: row.town_id,
          volunteer_id: row.claimant_volunteer_id,
          region_id: row.region_id,
          source: 'help_request',
          help_request_id: row.id,
          title: `求助服务：${category?.label ?? row.category}（${row.no}）`,
          category: null,
          served_on: servedOn,
          place: row.place_masked,
          content: [row.description, row.done_note].filter(Boolean).join(' / ').slice(0, 2000),
          organiser: community,
          leader_name: ctx.actor.name,
          measured_minutes: measured,
          minutes,
          status: 'confirmed',
          due_on: servedOn,
          confirmed_by: ctx.actor.accountId,
          confirmed_at: now,
        });
        data = { minutes, serviceRecordId: record.id, note: b.note?.trim() || null };
        await this.deps.events.serviceRecordChanged.emit(trx, { townId: row.town_id, recordId: record.id });
        tell.push({
          accountId: await volunteerAccount(row.claimant_volunteer_id),
          title: '社区已确认，服务时长已记入',
          body: `${row.no}：记入 ${Math.floor(minutes / 60)} 小时 ${minutes % 60} 分钟。`,
        });
        tell.push({ accountId: requesterAccount, title: '您的求助已办结', body: `${row.no} 已由社区确认办结。` });
        break;
      }
      case 'send_back': {
        if (!reason) throw reasonRequired();
        to = 'in_service';
        set = { done_at: null, review_stars: null, review_words: null, review_by: null };
        if (category)
          await this.scheduleDeadline(
            trx,
            row.id,
            'complete',
            due(now, category.complete_amount, category.complete_unit as HelpDeadlineUnit, tz),
            now,
          );
        tell.push({
          accountId: await volunteerAccount(row.claimant_volunteer_id),
          title: '社区退回了您的服务，请补充完成',
          body: `${row.no}：${reason}`,
        });
        break;
      }
      case 'cancel': {
        to = 'cancelled';
        set = { overdue_since: null };
        await this.stopJobs(trx, row.id);
        for (const old of [row.claimant_volunteer_id, row.assignee_volunteer_id])
          if (old)
            tell.push({
              accountId: await volunteerAccount(old),
              title: '求助已取消',
              body: `${row.no} 已由求助人取消${reason ? `：${reason}` : ''}。`,
            });
        break;
      }
      case 'reopen': {
        if (!reason) throw reasonRequired();
        to = 'accepted';
        const d = claimDue();
        set = {
          claimant_volunteer_id: null,
          claimed_at: null,
          checked_in_at: null,
          done_at: null,
          done_note: null,
          review_stars: null,
          review_words: null,
          review_by: null,
          confirmed_at: null,
          confirmed_by: null,
          assignee_volunteer_id: null,
          team_id: null,
          pool: null,
          pool_region_id: null,
          claim_due_at: d,
          overdue_since: null,
        };
        await this.scheduleDeadline(trx, row.id, 'claim', d, now);
        const handlers = await repo.roleHoldersAbove(trx, row.town_id, ['grid_worker'], row.region_path);
        for (const accountId of handlers) tell.push({ accountId, title: '求助人重新打开了求助', body: `${row.no}：${reason}` });
        break;
      }
    }

    const moved = await repo.transition(trx, row.id, [from], { ...set, status: to });
    if (!moved) throw new AppError('CONFLICT');
    await repo.addEvent(trx, {
      townId: row.town_id,
      requestId: row.id,
      action,
      from,
      to,
      actorId: ctx.actor.accountId,
      actorName: ctx.actor.name,
      reason,
      data,
      at: now,
    });
    await this.tell(
      trx,
      row,
      tell.filter((t) => t.accountId !== ctx.actor.accountId),
    );
    await this.signal(trx, { ...row, status: to }, action === 'dispatch' || action === 'recall' ? tell.map((t) => t.accountId) : []);
    await recordAudit(trx, ctx, {
      action: `help_request.${action}`,
      entity: 'help_request',
      entityId: row.id,
      townId: row.town_id,
      regionId: row.region_id,
      before: { status: from },
      after: { status: to, ...(data ?? {}), ...(reason ? { reason } : {}) },
    });
  }

  /** Why `v` may not claim `row` now, as the error the phone shows; nothing when it may. */
  private checkClaimable(ctx: RequestContext, row: HelpRow | undefined, v: VolunteerSelf): asserts row is HelpRow {
    if (!row || row.town_id !== ctx.actor.townId) throw notFound();
    const rel = this.relationWith(ctx, row, v);
    if (row.status !== 'open' && row.status !== 'assigned') {
      if (['claimed', 'in_service', 'done', 'reviewed', 'closed'].includes(row.status)) throw new AppError('HELP_ALREADY_CLAIMED');
      if (!this.canSee(row, rel)) throw notFound();
      throw new AppError('HELP_STATE');
    }
    if (!(row.status === 'assigned' ? rel.assignee : rel.eligible)) {
      if (!this.canSee(row, rel)) throw notFound();
      throw new AppError('HELP_NOT_ELIGIBLE');
    }
  }

  /** Exactly one claimant however many tap at once (repository.claim: SKIP LOCKED on the request row). */
  private async claim(ctx: RequestContext, id: string): Promise<HelpRequestDetail> {
    const now = this.now();
    // A popular request is tapped by many at once and all but one tap come too late: answer those
    // from two reads, with no transaction (the claim statement below is still what decides).
    const [v, before] = await Promise.all([
      repo.volunteerSelf(this.db, ctx.actor.accountId, ctx.actor.townId),
      repo.getRequest(this.db, id),
    ]);
    if (!v) throw new AppError('HELP_NOT_VOLUNTEER');
    this.checkClaimable(ctx, before, v);
    await this.db.transaction().execute(async (trx) => {
      const row = await repo.getRequest(trx, id);
      this.checkClaimable(ctx, row, v);
      const tz = await townTimezone(trx, row.town_id);
      const category = await repo.getCategory(trx, row.town_id, row.category);
      const completeDue = category
        ? due(now, category.complete_amount, category.complete_unit as HelpDeadlineUnit, tz)
        : new Date(now.getTime() + 3 * 86_400_000);
      const won = await repo.claim(trx, id, v.id, now, completeDue);
      if (!won) throw new AppError('HELP_ALREADY_CLAIMED');
      await repo.addEvent(trx, {
        townId: row.town_id,
        requestId: id,
        action: 'claim',
        from: row.status,
        to: 'claimed',
        actorId: ctx.actor.accountId,
        actorName: ctx.actor.name,
        at: now,
      });
      await cancelJobs(trx, [jobKey(id, 'widen'), jobKey(id, 'notify')]);
      await this.scheduleDeadline(trx, id, 'complete', completeDue, now);
      const tell = [
        { accountId: row.requester_account_id, title: '志愿者已接单', body: `${v.name} 接下了您的求助 ${row.no}，会尽快与您联系。` },
      ];
      await this.tell(trx, row, tell);
      // Everyone the pool reached sees it leave the claim hall.
      const reached =
        row.status === 'open' && row.pool ? await this.poolAccounts(trx, row, row.pool as HelpPool, row.pool_region_id, row.team_id) : [];
      await this.signal(trx, { ...row, status: 'claimed', claimant_volunteer_id: v.id }, reached);
      await recordAudit(trx, ctx, {
        action: 'help_request.claim',
        entity: 'help_request',
        entityId: id,
        townId: row.town_id,
        regionId: row.region_id,
        before: { status: row.status },
        after: { status: 'claimed', volunteer: v.name },
      });
    });
    return this.detail(ctx, id);
  }

  // ------------------------------------------------------------------ pools, deadlines and jobs

  private poolRegionOf(row: HelpRow, level: 'grid' | 'community' | 'town'): string {
    const ids = idsOf(row.region_path);
    if (level === 'town') return ids[0]!;
    if (level === 'community') return ids[1] ?? ids[0]!;
    return ids[ids.length - 1]!;
  }

  private async poolAccounts(trx: Trx, row: HelpRow, level: HelpPool, poolRegionId: string | null, teamId: string | null) {
    if (level === 'team') return repo.volunteerAccountsFor(trx, row.town_id, 'team', null, teamId);
    const path = await this.pathOf(trx, poolRegionId!);
    const [party, volunteers] = await Promise.all([
      repo.partyAccountsFor(trx, row.town_id, path, repo.communityIdOf(row.region_path)),
      repo.volunteerAccountsFor(trx, row.town_id, level, path, null),
    ]);
    return [...new Set([...party, ...volunteers])];
  }

  private async pathOf(trx: Trx, regionId: string): Promise<string> {
    const r = await repo.regionPath(trx, regionId);
    if (!r) throw notFound();
    return r.path;
  }

  /**
   * Open a pool: party members of the pool's region and those who reported to the community hear
   * first; the other volunteers after the category's delay (a job); the pool widens on a timer.
   */
  private async openPool(
    trx: Trx,
    row: HelpRow,
    level: HelpPool,
    poolRegionId: string,
    category: Awaited<ReturnType<typeof repo.getCategory>>,
    now: Date,
    tell: Array<{ accountId: string | null; title: string; body: string }>,
  ) {
    const path = await this.pathOf(trx, poolRegionId);
    const party = await repo.partyAccountsFor(trx, row.town_id, path, repo.communityIdOf(row.region_path));
    const label = category?.label ?? '求助';
    for (const accountId of party.slice(0, MAX_FAN_OUT))
      tell.push({ accountId, title: `【党员先行】附近有${label}求助待接单`, body: `${row.no}：${row.description.slice(0, 60)}` });
    const delay = (category?.party_first_minutes ?? 10) * 60_000;
    await scheduleJob(trx, {
      name: HELP_JOBS.notifyPool,
      key: jobKey(row.id, 'notify'),
      runAt: new Date(now.getTime() + delay),
      payload: { requestId: row.id, pool: level, poolRegionId, skip: party },
    });
    if (NEXT_POOL[level])
      await scheduleJob(trx, {
        name: HELP_JOBS.widen,
        key: jobKey(row.id, 'widen'),
        runAt: new Date(now.getTime() + (category?.widen_minutes ?? 60) * 60_000),
        payload: { requestId: row.id, from: level },
      });
  }

  private async widen(
    trx: Trx,
    row: HelpRow,
    next: HelpPool,
    category: Awaited<ReturnType<typeof repo.getCategory>>,
    now: Date,
    actor: { accountId: string | null; name: string },
  ) {
    const poolRegionId = this.poolRegionOf(row, next as 'community' | 'town');
    const moved = await repo.transition(trx, row.id, ['open'], { pool: next, pool_region_id: poolRegionId }, (q) =>
      q.where('pool', '=', row.pool),
    );
    if (!moved) return;
    await repo.addEvent(trx, {
      townId: row.town_id,
      requestId: row.id,
      action: 'widen',
      from: 'open',
      to: 'open',
      actorId: actor.accountId,
      actorName: actor.name,
      data: { from: row.pool, to: next },
      at: now,
    });
    const tell: Array<{ accountId: string | null; title: string; body: string }> = [];
    await this.openPool(trx, row, next, poolRegionId, category, now, tell);
    await this.tell(trx, row, tell);
    await this.signal(
      trx,
      { ...row, pool: next },
      tell.map((t) => t.accountId),
    );
  }

  private async scheduleDeadline(trx: Trx, requestId: string, step: DeadlineStep, at: Date, now: Date) {
    await scheduleJob(trx, { name: HELP_JOBS.deadline, key: jobKey(requestId, 'deadline'), runAt: at, payload: { requestId, step } });
    // A reminder when three quarters of the time has gone.
    const remindAt = new Date(now.getTime() + (at.getTime() - now.getTime()) * 0.75);
    await scheduleJob(trx, { name: HELP_JOBS.remind, key: jobKey(requestId, 'remind'), runAt: remindAt, payload: { requestId, step } });
  }

  private async stopJobs(trx: Trx, requestId: string) {
    await cancelJobs(
      trx,
      (['deadline', 'remind', 'widen', 'notify'] as const).map((k) => jobKey(requestId, k)),
    );
  }

  /** Job: the deadline of a step passed with the request still in it — mark it overdue and tell the community. */
  async onDeadline(trx: Trx, payload: { requestId: string; step: DeadlineStep }, now: Date): Promise<void> {
    const row = await repo.getRequest(trx, payload.requestId, { forUpdate: true });
    if (!row || !STEP_STATUSES[payload.step].includes(row.status as HelpStatus)) return;
    await repo.transition(trx, row.id, [row.status as HelpStatus], { overdue_since: now });
    await repo.addEvent(trx, {
      townId: row.town_id,
      requestId: row.id,
      action: 'escalate',
      from: row.status,
      to: row.status,
      actorId: null,
      actorName: '系统',
      reason: `${STEP_LABELS[payload.step]}已超时`,
      data: { step: payload.step },
      at: now,
    });
    const admins = await repo.roleHoldersAbove(trx, row.town_id, CONFIRMER_ROLES, row.region_path);
    const responsible = await this.responsibleFor(trx, row, payload.step);
    const tell = [
      ...admins.map((accountId) => ({
        accountId,
        title: `求助${STEP_LABELS[payload.step]}超时`,
        body: `${row.no}（${HELP_STATUS_LABELS[row.status as HelpStatus].zh}）已超过办理时限，请督办。`,
      })),
      ...responsible.map((accountId) => ({
        accountId,
        title: `求助已超时：${row.no}`,
        body: `${STEP_LABELS[payload.step]}已超过时限，已上报社区。`,
      })),
    ];
    await this.tell(trx, row, tell);
    await this.signal(trx, row);
  }

  /** Job: three quarters of a step's time has gone — remind whoever must act. */
  async onRemind(trx: Trx, payload: { requestId: string; step: DeadlineStep }, now: Date): Promise<void> {
    const row = await repo.getRequest(trx, payload.requestId);
    if (!row || !STEP_STATUSES[payload.step].includes(row.status as HelpStatus)) return;
    const responsible = await this.responsibleFor(trx, row, payload.step);
    await repo.addEvent(trx, {
      townId: row.town_id,
      requestId: row.id,
      action: 'remind',
      from: row.status,
      to: row.status,
      actorId: null,
      actorName: '系统',
      reason: `${STEP_LABELS[payload.step]}即将到期`,
      data: { step: payload.step },
      at: now,
    });
    await this.tell(
      trx,
      row,
      responsible.map((accountId) => ({ accountId, title: `求助即将超时：${row.no}`, body: `请尽快${STEP_LABELS[payload.step]}。` })),
    );
  }

  /** Job: widen an open pool that nobody claimed (grid → community → town). */
  async onWiden(trx: Trx, payload: { requestId: string; from: HelpPool }, now: Date): Promise<void> {
    const row = await repo.getRequest(trx, payload.requestId, { forUpdate: true });
    if (!row || row.status !== 'open' || row.pool !== payload.from) return;
    const next = NEXT_POOL[payload.from];
    if (!next) return;
    const category = await repo.getCategory(trx, row.town_id, row.category);
    await this.widen(trx, row, next, category, now, { accountId: null, name: '系统' });
  }

  /** Job: after the party members' head start, tell the other volunteers the pool reaches. */
  async onNotifyPool(trx: Trx, payload: { requestId: string; pool: HelpPool; poolRegionId: string; skip: string[] }): Promise<void> {
    const row = await repo.getRequest(trx, payload.requestId);
    if (!row || row.status !== 'open' || row.pool !== payload.pool) return;
    const path = await this.pathOf(trx, payload.poolRegionId);
    const skip = new Set(payload.skip);
    const volunteers = (await repo.volunteerAccountsFor(trx, row.town_id, payload.pool, path, null)).filter((a) => !skip.has(a));
    const category = await repo.getCategory(trx, row.town_id, row.category);
    await this.tell(
      trx,
      row,
      volunteers.slice(0, MAX_FAN_OUT).map((accountId) => ({
        accountId,
        title: `附近有${category?.label ?? ''}求助待接单`,
        body: `${row.no}：${row.description.slice(0, 60)}`,
      })),
    );
    await signalChange(trx, volunteers, { topic: 'help_request', id: row.id, status: row.status });
  }

  private async responsibleFor(trx: Trx, row: HelpRow, step: DeadlineStep): Promise<string[]> {
    if (step === 'complete') {
      const acc = row.claimant_volunteer_id ? (await repo.volunteerById(trx, row.town_id, row.claimant_volunteer_id))?.account_id : null;
      return acc ? [acc] : [];
    }
    if (step === 'claim' && row.assignee_volunteer_id) {
      const acc = (await repo.volunteerById(trx, row.town_id, row.assignee_volunteer_id))?.account_id;
      if (acc) return [acc];
    }
    return repo.roleHoldersAbove(trx, row.town_id, ['grid_worker'], row.region_path);
  }

  // ------------------------------------------------------------------ telling people

  private async tell(trx: Trx, row: HelpRow, messages: Array<{ accountId: string | null; title: string; body: string }>) {
    if (messages.length === 0) return;
    const seen = new Set<string>();
    // Community and town admins work in the console; everyone else (grid workers too) on the phone.
    const desk = new Set(await repo.roleHoldersAbove(trx, row.town_id, ['community_admin', 'town_admin'], row.region_path));
    for (const m of messages) {
      if (!m.accountId || seen.has(`${m.accountId}:${m.title}`)) continue;
      seen.add(`${m.accountId}:${m.title}`);
      await this.deps.notifier.notify(trx, {
        townId: row.town_id,
        accountId: m.accountId,
        kind: 'help',
        title: m.title,
        body: m.body,
        link: desk.has(m.accountId) ? `/help?id=${row.id}` : `/m/help/${row.id}`,
        data: { requestId: row.id },
      });
    }
  }

  /** Live: the requester, the filer, the volunteers on it and the grid's handlers see the change without reloading. */
  private async signal(trx: Trx, row: HelpRow, extra: Array<string | null> = []) {
    const people = new Set<string>();
    for (const a of [row.requester_account_id, row.filed_by, ...extra]) if (a) people.add(a);
    const vols = [row.claimant_volunteer_id, row.assignee_volunteer_id].filter((v): v is string => !!v);
    if (vols.length) {
      for (const a of await repo.accountsOfVolunteers(trx, vols)) people.add(a);
    }
    for (const a of await repo.roleHoldersAbove(trx, row.town_id, HANDLER_ROLES, row.region_path)) people.add(a);
    await signalChange(trx, people, { topic: 'help_request', id: row.id, status: row.status });
  }

  // ------------------------------------------------------------------ presenting

  private async present(
    db: Trx,
    ctx: RequestContext,
    rows: HelpRow[],
    opts: {
      volunteer?: VolunteerSelf | null;
      relation?: Relation;
      from?: { lat?: number; lng?: number };
      /** The rows as the pool read them, with names and attachments joined in: nothing more to read. */
      joined?: repo.PoolRow[];
    } = {},
  ): Promise<HelpRequest[]> {
    if (rows.length === 0) return [];
    const v = opts.volunteer === undefined ? await repo.volunteerSelf(db, ctx.actor.accountId, ctx.actor.townId) : opts.volunteer;
    const [around, names] = await Promise.all([
      opts.joined ? joinedAround(opts.joined) : this.around(db, rows),
      repo.namesOf(
        db,
        [...new Set(rows.flatMap((r) => [r.claimant_volunteer_id, r.assignee_volunteer_id]).filter((x): x is string => !!x))],
        [...new Set(rows.map((r) => r.team_id).filter((x): x is string => !!x))],
      ),
    ]);
    await this.ensureLabels(
      db,
      rows.map((r) => r.town_id),
    );
    const now = this.now().getTime();
    return rows.map((r) => {
      const rel = opts.relation ?? this.relationWith(ctx, r, v ?? null);
      const clear = rel.requester || rel.handler || rel.claimant || rel.assignee;
      const distance =
        opts.from?.lat !== undefined && opts.from?.lng !== undefined && r.lat !== null && r.lng !== null
          ? metres(opts.from.lat, opts.from.lng, r.lat, r.lng)
          : null;
      const person = (id: string | null) => (id && names.volunteers.get(id) ? { id, name: names.volunteers.get(id)!.name } : null);
      const stepDue = currentDue(r);
      const attachments: HelpAttachment[] = around.files(r.id).map((f) => ({
        id: f.id,
        kind: f.kind,
        stage: f.stage ?? 'request',
        url: `/api/attachments/${f.id}`,
      }));
      return {
        id: r.id,
        no: r.no,
        status: r.status as HelpStatus,
        category: r.category,
        categoryLabel: this.categoryLabels.get(`${r.town_id}:${r.category}`) ?? r.category,
        description: r.description,
        wantedAt: iso(r.wanted_at),
        wantedNote: r.wanted_note,
        place: clear ? this.deps.cipher.decrypt(r.place_cipher) : r.place_masked,
        lat: r.lat,
        lng: r.lng,
        distanceM: distance,
        regionId: r.region_id,
        regionNames: around.regionNames(r.region_id),
        requesterName: clear ? r.requester_name : maskName(r.requester_name),
        requesterPhone: r.phone_cipher ? (clear ? this.deps.cipher.decrypt(r.phone_cipher) : r.phone_masked) : null,
        channel: r.channel,
        filedByName: around.filedByName(r),
        pool: (r.pool as HelpPool) ?? null,
        poolRegionName: r.pool_region_id ? around.poolRegionName(r) : null,
        team: r.team_id && names.teams.get(r.team_id) ? { id: r.team_id, name: names.teams.get(r.team_id)!.name } : null,
        assignee: person(r.assignee_volunteer_id),
        claimant: person(r.claimant_volunteer_id),
        acceptDueAt: iso(r.accept_due_at),
        claimDueAt: iso(r.claim_due_at),
        completeDueAt: iso(r.complete_due_at),
        overdue: r.overdue_since !== null || (stepDue !== null && stepDue.getTime() < now),
        refusedReason: rel.requester || rel.handler ? r.refused_reason : null,
        duplicateOfId: r.duplicate_of_id,
        checkedInAt: iso(r.checked_in_at),
        doneAt: iso(r.done_at),
        doneNote: r.done_note,
        minutes: r.minutes,
        reviewStars: r.review_stars,
        reviewWords: r.review_words,
        reviewBy: r.review_by,
        attachments,
        createdAt: r.created_at.toISOString(),
        updatedAt: r.updated_at.toISOString(),
        actions: this.actionsFor(r, rel),
      };
    });
  }

  /** Region names, attachments and filers of the rows, read alongside. */
  private async around(db: Trx, rows: HelpRow[]): Promise<Around> {
    const regionIds = [...new Set(rows.flatMap((r) => [r.region_id, ...(r.pool_region_id ? [r.pool_region_id] : [])]))];
    const [regions, files, filers] = await Promise.all([
      describeRegions(db, regionIds),
      repo.attachmentsOf(
        db,
        rows.map((r) => r.id),
      ),
      repo.accountNames(db, [...new Set(rows.map((r) => r.filed_by))]),
    ]);
    return {
      regionNames: (id) => regions.get(id)?.pathNames ?? [],
      poolRegionName: (r) => regions.get(r.pool_region_id!)?.name ?? null,
      files: (id) => files.filter((f) => f.help_request_id === id),
      filedByName: (r) => filers.get(r.filed_by) ?? '',
    };
  }

  /** Category labels, loaded once per town on first use and refreshed when a town admin edits them. */
  private readonly categoryLabels = new Map<string, string>();
  private readonly labelledTowns = new Set<string>();

  private async ensureLabels(db: Trx, townIds: Iterable<string>, refresh = false): Promise<void> {
    const missing = [...new Set(townIds)].filter((t) => refresh || !this.labelledTowns.has(t));
    if (missing.length === 0) return;
    const rows = await repo.categoryLabelsOf(db, missing);
    for (const c of rows) this.categoryLabels.set(`${c.town_id}:${c.code}`, c.label);
    for (const t of missing) this.labelledTowns.add(t);
  }
}

/** What presenting a request needs besides its row. */
interface Around {
  regionNames(regionId: string): string[];
  poolRegionName(r: HelpRow): string | null;
  files(requestId: string): repo.PoolRow['files'];
  filedByName(r: HelpRow): string;
}

function joinedAround(rows: repo.PoolRow[]): Around {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const names = new Map(rows.map((r) => [r.region_id, r.region_names]));
  return {
    regionNames: (id) => names.get(id) ?? [],
    poolRegionName: (r) => byId.get(r.id)?.pool_region_name ?? null,
    files: (id) => byId.get(id)?.files ?? [],
    filedByName: (r) => byId.get(r.id)?.filed_by_name ?? '',
  };
}

const STEP_STATUSES: Record<DeadlineStep, readonly HelpStatus[]> = {
  accept: ['submitted'],
  claim: ['accepted', 'assigned', 'open'],
  complete: ['claimed', 'in_service'],
};
const STEP_LABELS: Record<DeadlineStep, string> = { accept: '受理', claim: '接单', complete: '完成服务' };

function currentDue(r: HelpRow): Date | null {
  const s = r.status as HelpStatus;
  if (STEP_STATUSES.accept.includes(s)) return r.accept_due_at;
  if (STEP_STATUSES.claim.includes(s)) return r.claim_due_at;
  if (STEP_STATUSES.complete.includes(s)) return r.complete_due_at;
  return null;
}

/** The next short number of the town's day: H20261123-0007, read out on a phone callback. */
export async function helpNumber(trx: Trx, townId: string, day: string): Promise<string> {
  const seq = await repo.nextNumber(trx, townId, day);
  return `H${day.replaceAll('-', '')}-${String(seq).padStart(4, '0')}`;
}

export function jobKey(requestId: string, kind: 'deadline' | 'remind' | 'widen' | 'notify'): string {
  return `help:${requestId}:${kind}`;
}

/** The deadline `amount` working hours or working days after `from`, in the town's calendar. */
export function due(from: Date, amount: number, unit: HelpDeadlineUnit, tz: string): Date {
  return unit === 'working_hours' ? addWorkingHours(from, amount, tz) : workingDaysLater(from, amount, tz);
}

function statusesFor(state: HelpMineQuery['state']): readonly HelpStatus[] {
  if (state === 'active') return HELP_ACTIVE_STATUSES;
  if (state === 'finished') return HELP_STATUSES.filter((s) => !HELP_ACTIVE_STATUSES.includes(s));
  return HELP_STATUSES;
}

function presentCategory(c: NonNullable<Awaited<ReturnType<typeof repo.getCategory>>>): HelpCategory {
  return {
    code: c.code,
    label: c.label,
    accept: { amount: c.accept_amount, unit: c.accept_unit as HelpDeadlineUnit },
    claim: { amount: c.claim_amount, unit: c.claim_unit as HelpDeadlineUnit },
    complete: { amount: c.complete_amount, unit: c.complete_unit as HelpDeadlineUnit },
    widenMinutes: c.widen_minutes,
    partyFirstMinutes: c.party_first_minutes,
  };
}

function maskName(name: string): string {
  return name.length <= 1 ? name : `${name[0]}${'*'.repeat(Math.min(2, name.length - 1))}`;
}

function reasonRequired() {
  return new AppError('VALIDATION_FAILED', { details: [{ path: 'body/reason', message: 'a reason is required' }] });
}
