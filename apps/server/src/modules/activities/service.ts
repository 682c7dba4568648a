import {
  CHECK_IN_CLOSES_MINUTES,
  CHECK_IN_OPENS_MINUTES,
  CHECK_IN_ROTATE_SECONDS,
  CONFIRM_WITHIN_WORKING_DAYS,
  servedMinutes,
  type ActivityEligibility,
  type ActivityStatus,
  type SignupStatus,
} from '@tongxin/shared';
import type { DomainEvents } from '../../platform/events.js';
import type {
  Activity,
  ActivityCategory,
  ActivityCategoryList,
  ActivityFeedQuery,
  ActivityListQuery,
  ActivityPage,
  CheckInBody,
  CheckInCode,
  CheckInResult,
  ConfirmHoursBody,
  ConfirmHoursResult,
  CreateActivityBody,
  CreateActivityCategoryBody,
  MySignupState,
  Occurrence,
  OccurrenceFeed,
  OccurrenceList,
  OccurrenceRangeQuery,
  Signup,
  SignupList,
  UpdateActivityBody,
  UpdateOccurrenceBody,
} from '@tongxin/shared/schemas';
import { sql, type Kysely, type Updateable } from 'kysely';
import type { Database } from '../../platform/db/index.js';
import type { DB } from '../../platform/db/schema.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import type { RequestContext } from '../../platform/context.js';
import type { Scope } from '../../platform/scope.js';
import { scopeFor, type Actor } from '../../platform/auth/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { metres } from '../../platform/geo.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { DataCipher } from '../../platform/crypto.js';
import type { Notifier } from '../../platform/notify/notifier.js';
import { addDays, addWorkingDays, localDate, localTime, zonedToUtc } from '../../platform/time.js';
import { attachment, writeSheet, XLSX_MIME } from '../../platform/xlsx.js';
import { describeRegions, townTimezone } from '../regions/index.js';
import { CheckInCodes } from './check-in-code.js';
import { ruleDates } from './recurrence.js';
import * as repo from './repository.js';

const DEFAULT_HORIZON_DAYS = 365;
const MAX_HORIZON_DAYS = 731;
/** A second scan this soon after checking in is the same scan, not a check-out. */
const DOUBLE_SCAN_MS = 5 * 60_000;

type Trx = Kysely<DB>;

function hhmm(t: string): string {
  return t.slice(0, 5);
}

export class ActivityService {
  readonly codes: CheckInCodes;

  constructor(
    private readonly db: Database,
    private readonly deps: { cipher: DataCipher; notifier: Notifier; dataKey: Buffer; events: DomainEvents },
  ) {
    this.codes = new CheckInCodes(deps.dataKey);
  }

  // ------------------------------------------------------------------ categories

  async categories(townId: string): Promise<ActivityCategoryList> {
    return { items: await repo.categoryLabels(this.db, townId) };
  }

  async addCategory(ctx: RequestContext, scope: Scope, body: CreateActivityCategoryBody): Promise<ActivityCategory> {
    // Categories are town-wide: only a town admin on the town root sets them.
    if (!scope.containsPath(`/${ctx.actor.townId}/`)) throw notFound();
    return this.db.transaction().execute(async (trx) => {
      const max = await trx
        .selectFrom('activity_category')
        .select((eb) => eb.fn.max('sort').as('top'))
        .where('town_id', '=', ctx.actor.townId)
        .executeTakeFirst();
      try {
        await trx
          .insertInto('activity_category')
          .values({ town_id: ctx.actor.townId, code: body.code, label: body.label.trim(), sort: Number(max?.top ?? 0) + 1 })
          .execute();
      } catch (err) {
        if (isUniqueViolation(err)) throw new AppError('CONFLICT', { cause: err });
        throw err;
      }
      const after = { code: body.code, label: body.label.trim() };
      await recordAudit(trx, ctx, {
        action: 'activity_category.create',
        entity: 'activity_category',
        entityId: null,
        townId: ctx.actor.townId,
        after,
      });
      return after;
    });
  }

  // ------------------------------------------------------------------ activities (series)

  async list(scope: Scope, query: ActivityListQuery): Promise<ActivityPage> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    let regionPath: string | undefined;
    if (query.regionId) regionPath = (await this.regionInScope(this.db, scope, query.regionId)).path;
    const { rows, ...counted } = await repo.listActivities(this.db, scope, {
      regionPath,
      teamId: query.teamId,
      status: query.status,
      category: query.category,
      q: query.q?.trim() || undefined,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { items: await this.presentActivities(this.db, rows), ...counted };
  }

  async get(scope: Scope, id: string, db: Trx = this.db): Promise<Activity> {
    const row = await repo.getActivity(db, id);
    if (!row) throw notFound();
    await this.regionInScope(db, scope, row.region_id);
    return (await this.presentActivities(db, [row]))[0]!;
  }

  async create(ctx: RequestContext, scope: Scope, body: CreateActivityBody): Promise<Activity> {
    return this.db.transaction().execute(async (trx) => {
      const region = await this.regionInScope(trx, scope, body.regionId);
      await this.checkFields(trx, region.townId, body);
      if (body.endTime <= body.startTime)
        throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/endTime', message: 'ends before it starts' }] });
      const until = this.untilOf(body.firstDate, body.untilDate ?? null);
      const dates = ruleDates(body.firstDate, body.rrule?.trim() || null, until);
      const eligibility = body.eligibility ?? 'everyone';
      const { id } = await trx
        .insertInto('activity')
        .values({
          town_id: region.townId,
          region_id: body.regionId,
          organiser_team_id: body.organiserTeamId,
          partner_team_id: body.partnerTeamId ?? null,
          title: body.title.trim(),
          description: body.description?.trim() ?? '',
          category: body.category,
          monthly_theme: body.monthlyTheme?.trim() || null,
          site: body.site.trim(),
          lat: body.lat ?? null,
          lng: body.lng ?? null,
          geofence_m: body.lat != null ? (body.geofenceM ?? null) : null,
          capacity: body.capacity,
          eligibility,
          eligibility_team_id: eligibility === 'team' ? (body.eligibilityTeamId ?? null) : null,
          eligibility_skill: eligibility === 'skill' ? (body.eligibilitySkill?.trim() ?? null) : null,
          insurance_required: body.insuranceRequired ?? false,
          first_date: dates[0]!,
          start_time: body.startTime,
          end_time: body.endTime,
          rrule: body.rrule?.trim() || null,
          until_date: body.rrule?.trim() ? until : null,
          status: body.publish ? 'published' : 'draft',
          created_by: ctx.actor.accountId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const tz = await townTimezone(trx, region.townId);
      for (const date of dates)
        await this.insertOccurrence(
          trx,
          {
            id,
            region_id: body.regionId,
            town_id: region.townId,
            capacity: body.capacity,
            start_time: body.startTime,
            end_time: body.endTime,
          },
          date,
          tz,
        );
      const after = await this.get(scope, id, trx);
      await recordAudit(trx, ctx, {
        action: 'activity.create',
        entity: 'activity',
        entityId: id,
        townId: region.townId,
        regionId: body.regionId,
        after,
      });
      return after;
    });
  }

  async update(ctx: RequestContext, scope: Scope, id: string, body: UpdateActivityBody): Promise<Activity> {
    const after = await this.db.transaction().execute(async (trx) => {
      const before = await this.get(scope, id, trx);
      if (before.status === 'cancelled') throw new AppError('ACTIVITY_STATE');
      const merged = { ...before, ...body };
      await this.checkFields(trx, before.townId, {
        category: merged.category,
        organiserTeamId: before.organiserTeamId,
        partnerTeamId: merged.partnerTeamId,
        eligibility: merged.eligibility,
        eligibilityTeamId: merged.eligibilityTeamId,
        eligibilitySkill: merged.eligibilitySkill,
        lat: merged.lat,
        lng: merged.lng,
      });
      if (merged.endTime <= merged.startTime)
        throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/endTime', message: 'ends before it starts' }] });
      const patch: Updateable<DB['activity']> = { updated_at: new Date() };
      if (body.title !== undefined) patch.title = body.title.trim();
      if (body.description !== undefined) patch.description = body.description.trim();
      if (body.category !== undefined) patch.category = body.category;
      if (body.monthlyTheme !== undefined) patch.monthly_theme = body.monthlyTheme?.trim() || null;
      if (body.site !== undefined) patch.site = body.site.trim();
      if (body.lat !== undefined || body.lng !== undefined) {
        patch.lat = merged.lat ?? null;
        patch.lng = merged.lng ?? null;
      }
      if (body.geofenceM !== undefined || patch.lat === null)
        patch.geofence_m = (patch.lat ?? merged.lat) != null ? (merged.geofenceM ?? null) : null;
      if (body.capacity !== undefined) patch.capacity = body.capacity;
      if (body.eligibility !== undefined || body.eligibilityTeamId !== undefined || body.eligibilitySkill !== undefined) {
        patch.eligibility = merged.eligibility;
        patch.eligibility_team_id = merged.eligibility === 'team' ? (merged.eligibilityTeamId ?? null) : null;
        patch.eligibility_skill = merged.eligibility === 'skill' ? (merged.eligibilitySkill ?? null) : null;
      }
      if (body.insuranceRequired !== undefined) patch.insurance_required = body.insuranceRequired;
      if (body.partnerTeamId !== undefined) patch.partner_team_id = body.partnerTeamId;
      if (body.startTime !== undefined) patch.start_time = body.startTime;
      if (body.endTime !== undefined) patch.end_time = body.endTime;
      await trx.updateTable('activity').set(patch).where('id', '=', id).execute();

      // The series' future occurrences follow, except those edited one by one.
      if (body.startTime !== undefined || body.endTime !== undefined || body.capacity !== undefined || body.site !== undefined) {
        const tz = await townTimezone(trx, before.townId);
        const future = await trx
          .selectFrom('activity_occurrence')
          .select(['id', 'rule_date', 'capacity'])
          .where('activity_id', '=', id)
          .where('detached', '=', false)
          .where('status', '=', 'scheduled')
          .where('starts_at', '>', new Date())
          .execute();
        for (const o of future) {
          const set: Updateable<DB['activity_occurrence']> = { sequence: sql<number>`sequence + 1` as unknown as number };
          if (body.startTime !== undefined || body.endTime !== undefined) {
            set.starts_at = zonedToUtc(o.rule_date, merged.startTime, tz);
            set.ends_at = zonedToUtc(o.rule_date, merged.endTime, tz);
          }
          if (body.capacity !== undefined && body.capacity !== o.capacity) {
            if (!(await repo.resizeSlots(trx, o.id, o.capacity, body.capacity))) throw new AppError('ACTIVITY_CAPACITY_BELOW_SIGNUPS');
            set.capacity = body.capacity;
          }
          await trx.updateTable('activity_occurrence').set(set).where('id', '=', o.id).execute();
        }
      }
      const after = await this.get(scope, id, trx);
      await recordAudit(trx, ctx, {
        action: 'activity.update',
        entity: 'activity',
        entityId: id,
        townId: before.townId,
        regionId: before.regionId,
        before,
        after,
      });
      return after;
    });
    // Places added: waiting volunteers move up.
    if (body.capacity !== undefined) {
      const future = await this.db
        .selectFrom('activity_occurrence')
        .select('id')
        .where('activity_id', '=', id)
        .where('starts_at', '>', new Date())
        .execute();
      for (const o of future) await this.promote(o.id);
    }
    return after;
  }

  async setStatus(
    ctx: RequestContext,
    scope: Scope,
    id: string,
    status: Extract<ActivityStatus, 'published' | 'cancelled'>,
  ): Promise<Activity> {
    const result = await this.db.transaction().execute(async (trx) => {
      const before = await this.get(scope, id, trx);
      if (before.status === 'cancelled' || before.status === status) throw new AppError('ACTIVITY_STATE');
      await trx.updateTable('activity').set({ status, updated_at: new Date() }).where('id', '=', id).execute();
      if (status === 'cancelled') {
        const occ = await trx
          .selectFrom('activity_occurrence')
          .select('id')
          .where('activity_id', '=', id)
          .where('status', '=', 'scheduled')
          .where('ends_at', '>', new Date())
          .execute();
        for (const o of occ) await this.cancelOccurrenceIn(trx, o.id, before.title);
      }
      const after = await this.get(scope, id, trx);
      await recordAudit(trx, ctx, {
        action: `activity.${status === 'published' ? 'publish' : 'cancel'}`,
        entity: 'activity',
        entityId: id,
        townId: before.townId,
        regionId: before.regionId,
        before: { status: before.status },
        after: { status },
      });
      return after;
    });
    return result;
  }

  async occurrencesOf(ctx: RequestContext, scope: Scope, id: string): Promise<OccurrenceList> {
    await this.get(scope, id);
    const rows = await repo.occurrencesOfActivity(this.db, id);
    return { items: await this.presentOccurrences(this.db, ctx.actor, rows) };
  }

  async range(ctx: RequestContext, scope: Scope, query: OccurrenceRangeQuery): Promise<OccurrenceList> {
    if (query.to < query.from || addDays(query.from, 62) < query.to)
      throw new AppError('VALIDATION_FAILED', { details: [{ path: 'querystring/to', message: 'a range of at most 62 days' }] });
    let regionPath: string | undefined;
    if (query.regionId) regionPath = (await this.regionInScope(this.db, scope, query.regionId)).path;
    const tz = await townTimezone(this.db, ctx.actor.townId);
    const rows = await repo.occurrencesInRange(this.db, scope, {
      from: zonedToUtc(query.from, '00:00', tz),
      to: zonedToUtc(addDays(query.to, 1), '00:00', tz),
      regionPath,
      teamId: query.teamId,
    });
    return { items: await this.presentOccurrences(this.db, ctx.actor, rows) };
  }

  // ------------------------------------------------------------------ occurrences

  /** Anyone signed in of the town sees a published occurrence; managers also drafts. */
  async occurrence(ctx: RequestContext, id: string): Promise<Occurrence> {
    const row = await repo.getOccurrence(this.db, id);
    if (!row || row.town_id !== ctx.actor.townId) throw notFound();
    const [o] = await this.presentOccurrences(this.db, ctx.actor, [row]);
    if (row.activity_status === 'draft' && !o!.canManage) throw notFound();
    return o!;
  }

  async updateOccurrence(ctx: RequestContext, scope: Scope, id: string, body: UpdateOccurrenceBody): Promise<Occurrence> {
    const result = await this.db.transaction().execute(async (trx) => {
      const row = await this.managedOccurrence(trx, scope, id);
      if (row.status === 'cancelled') throw new AppError('ACTIVITY_STATE');
      const startsAt = body.startsAt ? new Date(body.startsAt) : row.starts_at;
      const endsAt = body.endsAt ? new Date(body.endsAt) : row.ends_at;
      if (endsAt <= startsAt)
        throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/endsAt', message: 'ends before it starts' }] });
      if (endsAt.getTime() - startsAt.getTime() > 24 * 3600_000)
        throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/endsAt', message: 'at most 24 hours' }] });
      const set: Updateable<DB['activity_occurrence']> = {
        detached: true,
        sequence: sql<number>`sequence + 1` as unknown as number,
        starts_at: startsAt,
        ends_at: endsAt,
      };
      if (body.site !== undefined) set.site = body.site?.trim() || null;
      if (body.note !== undefined) set.note = body.note?.trim() || null;
      if (body.capacity !== undefined && body.capacity !== row.capacity) {
        if (!(await repo.resizeSlots(trx, id, row.capacity, body.capacity))) throw new AppError('ACTIVITY_CAPACITY_BELOW_SIGNUPS');
        set.capacity = body.capacity;
      }
      await trx.updateTable('activity_occurrence').set(set).where('id', '=', id).execute();
      const after = await this.presentOne(trx, ctx.actor, id);
      await recordAudit(trx, ctx, {
        action: 'activity_occurrence.update',
        entity: 'activity_occurrence',
        entityId: id,
        townId: row.town_id,
        regionId: row.region_id,
        before: {
          startsAt: row.starts_at.toISOString(),
          endsAt: row.ends_at.toISOString(),
          capacity: row.capacity,
          site: row.occurrence_site,
          note: row.note,
        },
        after: { startsAt: after.startsAt, endsAt: after.endsAt, capacity: after.capacity, site: after.site, note: after.note },
      });
      if (body.startsAt || body.endsAt || body.site !== undefined)
        await this.tellSignedUp(trx, id, `活动时间或地点有变：${row.title}`, `${this.when(after)}，地点：${after.site}`);
      return after;
    });
    await this.promote(id);
    return this.occurrence(ctx, result.id);
  }

  async cancelOccurrence(ctx: RequestContext, scope: Scope, id: string): Promise<Occurrence> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.managedOccurrence(trx, scope, id);
      if (row.status === 'cancelled' || row.ends_at < new Date()) throw new AppError('ACTIVITY_STATE');
      await this.cancelOccurrenceIn(trx, id, row.title);
      await recordAudit(trx, ctx, {
        action: 'activity_occurrence.cancel',
        entity: 'activity_occurrence',
        entityId: id,
        townId: row.town_id,
        regionId: row.region_id,
      });
      return this.presentOne(trx, ctx.actor, id);
    });
  }

  private async cancelOccurrenceIn(trx: Trx, id: string, title: string) {
    await trx
      .updateTable('activity_occurrence')
      .set({ status: 'cancelled', sequence: sql<number>`sequence + 1` })
      .where('id', '=', id)
      .execute();
    await this.tellSignedUp(trx, id, `活动已取消：${title}`, '组织方取消了这次活动，感谢您的报名。', ['confirmed', 'waitlisted']);
    const open = await trx
      .updateTable('activity_signup')
      .set({ status: 'cancelled', cancelled_at: new Date() })
      .where('occurrence_id', '=', id)
      .where('status', 'in', ['confirmed', 'waitlisted'])
      .returning('id')
      .execute();
    if (open.length) await trx.updateTable('activity_slot').set({ signup_id: null }).where('occurrence_id', '=', id).execute();
  }

  // ------------------------------------------------------------------ feed (phone)

  async feed(ctx: RequestContext, query: ActivityFeedQuery): Promise<OccurrenceFeed> {
    const scope = query.scope ?? 'all';
    let regionPath: string | undefined;
    if (scope === 'community') {
      const path = await repo.homePathOf(this.db, ctx.actor.accountId);
      // The community: the first two levels of the path (town, community).
      const parts = (path ?? '').split('/').filter(Boolean);
      regionPath = parts.length >= 2 ? `/${parts[0]}/${parts[1]}/` : path;
    }
    // Near me sorts by distance, so it takes more candidates than it shows.
    const near = scope === 'near' && query.lat !== undefined && query.lng !== undefined;
    const size = query.limit ?? FEED_PAGE;
    // The cursor: where the page before ended (near me: how many it had shown of the distance order).
    const offset = near && query.after?.startsWith('n') ? Number(query.after.slice(1)) : 0;
    const [at, id] = !near && query.after?.includes('~') ? query.after.split('~') : [];
    const after = at && id ? { startsAt: new Date(at), id } : undefined;
    if (after && Number.isNaN(after.startsAt.getTime())) throw new AppError('VALIDATION_FAILED');
    const rows = await repo.feed(this.db, ctx.actor.townId, ctx.actor.accountId, {
      regionPath,
      category: query.category,
      limit: near ? NEAR_CANDIDATES : size + 1,
      after,
    });
    const manage = scopeFor(ctx.actor, 'activity.manage');
    let items = rows.map((r) =>
      occurrenceView(
        r,
        {
          regionNames: r.region_names,
          regionPath: r.region_path,
          organiserTeamName: r.organiser_team_name,
          partnerTeamName: r.partner_team_name,
          eligibilityTeamName: r.eligibility_team_name,
          categoryLabel: r.category_label,
          taken: r.taken,
          waitlisted: r.waitlisted,
          mine: r.my_id
            ? {
                id: r.my_id,
                status: r.my_status!,
                checked_in_at: r.my_checked_in_at,
                checked_out_at: r.my_checked_out_at,
                position: r.my_position,
              }
            : undefined,
        },
        manage,
      ),
    );
    if (near) {
      const { lat, lng } = query as { lat: number; lng: number };
      const centres = await this.regionCentres(rows.map((r) => r.region_id));
      items = items
        .map((o) => {
          const at = o.lat !== null && o.lng !== null ? { lat: o.lat, lng: o.lng } : centres.get(o.regionId);
          return { ...o, distanceM: at ? metres(lat, lng, at.lat, at.lng) : null };
        })
        .sort((a, b) => (a.distanceM ?? Infinity) - (b.distanceM ?? Infinity) || a.startsAt.localeCompare(b.startsAt));
    }
    if (near) {
      const shown = items.slice(offset, offset + size);
      return { items: shown, next: offset + size < items.length ? `n${offset + size}` : null };
    }
    const shown = items.slice(0, size);
    const last = shown.at(-1);
    return { items: shown, next: items.length > size && last ? `${last.startsAt}~${last.id}` : null };
  }

  async mine(ctx: RequestContext, when: 'upcoming' | 'past'): Promise<OccurrenceList> {
    const volunteer = await repo.volunteerOfAccount(this.db, ctx.actor.accountId);
    if (!volunteer) return { items: [] };
    const rows = await repo.myOccurrences(this.db, volunteer.id, when);
    return { items: await this.presentOccurrences(this.db, ctx.actor, rows) };
  }

  // ------------------------------------------------------------------ sign-up, cancel, waitlist

  async signUp(ctx: RequestContext, id: string): Promise<MySignupState> {
    // The hot path (a popular activity opening): one read, one statement, nothing else.
    const c = await repo.signupContext(this.db, id, ctx.actor.accountId);
    if (!c || c.town_id !== ctx.actor.townId || c.activity_status === 'draft') throw notFound();
    if (c.activity_status !== 'published' || c.status !== 'scheduled' || c.starts_at <= new Date()) throw new AppError('ACTIVITY_NOT_OPEN');
    if (!c.v_id || c.v_status !== 'approved' || c.v_town_id !== c.town_id) throw new AppError('NOT_A_VOLUNTEER');
    await this.checkEligible(
      { eligibility: c.eligibility, eligibility_team_id: c.eligibility_team_id, eligibility_skill: c.eligibility_skill },
      { id: c.v_id, account_id: ctx.actor.accountId, id_hash: c.v_id_hash ?? '', town_id: c.town_id, skills: c.v_skills ?? [] },
    );
    let claimed: { id: string; status: 'confirmed' | 'waitlisted' };
    try {
      claimed = await repo.claim(this.db, {
        occurrenceId: id,
        townId: c.town_id,
        regionId: c.region_id,
        volunteerId: c.v_id,
        actorId: ctx.actor.accountId,
        actorName: ctx.actor.name,
        ip: ctx.ip,
        requestId: ctx.requestId,
      });
    } catch (err) {
      // The failed statement held a place for a moment; sign-ups that skipped it went to the
      // waitlist. Hand it on.
      await this.promote(id);
      if (isUniqueViolation(err, 'activity_signup_open_key')) throw new AppError('ACTIVITY_SIGNUP_EXISTS', { cause: err });
      throw err;
    }
    return {
      signupId: claimed.id,
      status: claimed.status,
      // The place in line costs a count over the waitlist; the occurrence's page shows it.
      waitlistPosition: null,
      checkedInAt: null,
      checkedOutAt: null,
    };
  }

  async cancelSignup(ctx: RequestContext, id: string): Promise<MySignupState> {
    const volunteer = await repo.volunteerOfAccount(this.db, ctx.actor.accountId);
    if (!volunteer) throw new AppError('ACTIVITY_SIGNUP_MISSING');
    const state = await this.db.transaction().execute(async (trx) => {
      const s = await trx
        .selectFrom('activity_signup')
        .innerJoin('activity_occurrence', 'activity_occurrence.id', 'activity_signup.occurrence_id')
        .select([
          'activity_signup.id',
          'activity_signup.status',
          'activity_signup.checked_in_at',
          'activity_occurrence.starts_at',
          'activity_occurrence.town_id',
          'activity_occurrence.region_id',
        ])
        .where('activity_signup.occurrence_id', '=', id)
        .where('activity_signup.volunteer_id', '=', volunteer.id)
        .where('activity_signup.status', 'in', ['confirmed', 'waitlisted'])
        .forUpdate()
        .executeTakeFirst();
      if (!s) throw new AppError('ACTIVITY_SIGNUP_MISSING');
      if (s.checked_in_at || s.starts_at <= new Date()) throw new AppError('ACTIVITY_NOT_OPEN');
      await trx
        .updateTable('activity_signup')
        .set({ status: 'cancelled', cancelled_at: new Date(), cancelled_by: ctx.actor.accountId })
        .where('id', '=', s.id)
        .execute();
      if (s.status === 'confirmed') await repo.freeSlotOf(trx, s.id);
      await recordAudit(trx, ctx, {
        action: 'activity_signup.cancel',
        entity: 'activity_signup',
        entityId: s.id,
        townId: s.town_id,
        regionId: s.region_id,
        before: { status: s.status },
        after: { status: 'cancelled' },
      });
      return { signupId: s.id, status: 'cancelled' as const, waitlistPosition: null, checkedInAt: null, checkedOutAt: null };
    });
    await this.promote(id);
    return state;
  }

  /**
   * Fill free places from the waitlist, first come first served. Each promotion is its own short
   * transaction holding one place and one waiting row, so promotions never block sign-ups.
   */
  async promote(occurrenceId: string): Promise<number> {
    let promoted = 0;
    for (;;) {
      const done = await this.db.transaction().execute(async (trx) => {
        const occ = await trx
          .selectFrom('activity_occurrence')
          .innerJoin('activity', 'activity.id', 'activity_occurrence.activity_id')
          .select(['activity_occurrence.status', 'activity_occurrence.starts_at', 'activity_occurrence.town_id', 'activity.title'])
          .where('activity_occurrence.id', '=', occurrenceId)
          .executeTakeFirst();
        if (!occ || occ.status !== 'scheduled') return true;
        const slot = await repo.takeFreeSlot(trx, occurrenceId);
        if (slot === null) return true;
        const next = await repo.firstWaiting(trx, occurrenceId);
        if (!next) return true;
        await trx.updateTable('activity_signup').set({ status: 'confirmed', confirmed_at: new Date() }).where('id', '=', next.id).execute();
        await repo.fillSlot(trx, occurrenceId, slot, next.id);
        const v = await trx.selectFrom('volunteer').select('account_id').where('id', '=', next.volunteer_id).executeTakeFirstOrThrow();
        await this.deps.notifier.notify(trx, {
          townId: occ.town_id,
          accountId: v.account_id,
          kind: 'activity.promoted',
          title: `候补成功：${occ.title}`,
          body: '有人取消了报名，您已从候补转为正式报名。',
          link: `/m/activities/${occurrenceId}`,
        });
        return false;
      });
      if (done) return promoted;
      promoted++;
    }
  }

  private async checkEligible(
    row: { eligibility: string; eligibility_team_id: string | null; eligibility_skill: string | null },
    volunteer: { id: string; account_id: string; id_hash: string; town_id: string; skills: string[] },
  ): Promise<void> {
    const rule = row.eligibility as ActivityEligibility;
    if (rule === 'team' && row.eligibility_team_id && !(await repo.isActiveMember(this.db, row.eligibility_team_id, volunteer.id)))
      throw new AppError('ACTIVITY_NOT_ELIGIBLE');
    if (rule === 'party' && !(await repo.isPartyMember(this.db, volunteer.account_id, volunteer.id_hash, volunteer.town_id)))
      throw new AppError('ACTIVITY_NOT_ELIGIBLE');
    if (rule === 'skill' && row.eligibility_skill && !volunteer.skills.includes(row.eligibility_skill))
      throw new AppError('ACTIVITY_NOT_ELIGIBLE');
  }

  // ------------------------------------------------------------------ on the day

  async checkInCode(scope: Scope, id: string, origin: string): Promise<CheckInCode> {
    const row = await this.managedOccurrence(this.db, scope, id);
    if (row.status !== 'scheduled') throw new AppError('ACTIVITY_STATE');
    const issued = this.codes.issue(id);
    return {
      code: issued.code,
      shortCode: issued.shortCode,
      url: `${origin}/m/check-in?c=${encodeURIComponent(issued.code)}`,
      expiresAt: issued.expiresAt.toISOString(),
      rotateSeconds: CHECK_IN_ROTATE_SECONDS,
    };
  }

  /** A volunteer scans: the first scan checks in, the next (after a few minutes) checks out. */
  async checkIn(ctx: RequestContext, body: CheckInBody): Promise<CheckInResult> {
    const volunteer = await repo.volunteerOfAccount(this.db, ctx.actor.accountId);
    if (!volunteer || volunteer.status !== 'approved') throw new AppError('NOT_A_VOLUNTEER');
    const code = body.code.trim();
    let occurrenceId: string | null = null;
    if (/^\d{6}$/.test(code)) {
      // A typed short code: which of my occurrences running now does it open?
      const mine = await this.db
        .selectFrom('activity_signup')
        .innerJoin('activity_occurrence', 'activity_occurrence.id', 'activity_signup.occurrence_id')
        .select('activity_occurrence.id')
        .where('activity_signup.volunteer_id', '=', volunteer.id)
        .where('activity_signup.status', '=', 'confirmed')
        .where('activity_occurrence.starts_at', '<', sql<Date>`now() + make_interval(mins => ${CHECK_IN_OPENS_MINUTES})`)
        .where('activity_occurrence.ends_at', '>', sql<Date>`now() - make_interval(mins => ${CHECK_IN_CLOSES_MINUTES})`)
        .execute();
      occurrenceId = mine.find((m) => this.codes.matchesShort(m.id, code))?.id ?? null;
    } else {
      occurrenceId = this.codes.verify(code);
    }
    if (!occurrenceId) throw new AppError('CHECK_IN_CODE_INVALID');

    const result = await this.db.transaction().execute(async (trx) => {
      const row = await repo.getOccurrence(trx, occurrenceId);
      if (!row || row.town_id !== volunteer.town_id) throw new AppError('CHECK_IN_CODE_INVALID');
      this.checkInWindow(row);
      const signup = await trx
        .selectFrom('activity_signup')
        .selectAll()
        .where('occurrence_id', '=', occurrenceId)
        .where('volunteer_id', '=', volunteer.id)
        .where('status', '=', 'confirmed')
        .forUpdate()
        .executeTakeFirst();
      if (!signup) throw new AppError('CHECK_IN_NOT_SIGNED_UP');
      const distance = this.geofence(row, body);
      const now = new Date();
      if (signup.checked_out_at) throw new AppError('CHECK_IN_STATE');
      if (!signup.checked_in_at) {
        if (body.action === 'out') throw new AppError('CHECK_IN_STATE');
        await trx
          .updateTable('activity_signup')
          .set({ checked_in_at: now, check_in_method: 'qr', check_in_distance_m: distance })
          .where('id', '=', signup.id)
          .execute();
        return { action: 'in' as const, repeated: false, at: now, measured: null, row };
      }
      const soon = now.getTime() - signup.checked_in_at.getTime() < DOUBLE_SCAN_MS;
      if (body.action === 'in' || (body.action === undefined && soon))
        return { action: 'in' as const, repeated: true, at: signup.checked_in_at, measured: null, row };
      await trx.updateTable('activity_signup').set({ checked_out_at: now, check_out_method: 'qr' }).where('id', '=', signup.id).execute();
      const measured = await this.recordService(trx, row, signup.id, volunteer.id, signup.checked_in_at, now);
      return { action: 'out' as const, repeated: false, at: now, measured, row };
    });
    if (!result.repeated)
      await recordAudit(this.db, ctx, {
        action: result.action === 'in' ? 'activity_signup.check_in' : 'activity_signup.check_out',
        entity: 'activity_occurrence',
        entityId: occurrenceId,
        townId: result.row.town_id,
        regionId: result.row.region_id,
        after: { volunteerId: volunteer.id, at: result.at.toISOString(), method: 'qr', measuredMinutes: result.measured },
      });
    return {
      action: result.action,
      repeated: result.repeated,
      at: result.at.toISOString(),
      measuredMinutes: result.measured,
      occurrence: await this.occurrence(ctx, occurrenceId),
    };
  }

  /** The organiser checks someone in or out by hand (no phone, no signal). */
  async manualAttendance(ctx: RequestContext, scope: Scope, id: string, signupId: string, action: 'in' | 'out'): Promise<Signup> {
    await this.db.transaction().execute(async (trx) => {
      const row = await this.managedOccurrence(trx, scope, id);
      if (row.status !== 'scheduled') throw new AppError('ACTIVITY_STATE');
      this.checkInWindow(row);
      const signup = await trx
        .selectFrom('activity_signup')
        .selectAll()
        .where('id', '=', signupId)
        .where('occurrence_id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!signup) throw notFound();
      if (signup.status !== 'confirmed') throw new AppError('CHECK_IN_STATE');
      const now = new Date();
      if (action === 'in') {
        if (signup.checked_in_at) throw new AppError('CHECK_IN_STATE');
        await trx
          .updateTable('activity_signup')
          .set({ checked_in_at: now, check_in_method: 'manual', checked_in_by: ctx.actor.accountId })
          .where('id', '=', signupId)
          .execute();
      } else {
        if (!signup.checked_in_at || signup.checked_out_at) throw new AppError('CHECK_IN_STATE');
        await trx
          .updateTable('activity_signup')
          .set({ checked_out_at: now, check_out_method: 'manual' })
          .where('id', '=', signupId)
          .execute();
        await this.recordService(trx, row, signupId, signup.volunteer_id, signup.checked_in_at, now);
      }
      await recordAudit(trx, ctx, {
        action: action === 'in' ? 'activity_signup.check_in' : 'activity_signup.check_out',
        entity: 'activity_signup',
        entityId: signupId,
        townId: row.town_id,
        regionId: row.region_id,
        after: { volunteerId: signup.volunteer_id, at: now.toISOString(), method: 'manual' },
      });
    });
    const list = await this.signups(scope, id);
    return list.items.find((s) => s.id === signupId)!;
  }

  private checkInWindow(row: repo.OccurrenceRow) {
    const now = Date.now();
    if (
      row.status !== 'scheduled' ||
      now < row.starts_at.getTime() - CHECK_IN_OPENS_MINUTES * 60_000 ||
      now > row.ends_at.getTime() + CHECK_IN_CLOSES_MINUTES * 60_000
    )
      throw new AppError('CHECK_IN_CLOSED');
  }

  private geofence(row: repo.OccurrenceRow, body: CheckInBody): number | null {
    if (row.lat === null || row.lng === null) return null;
    const distance = body.lat !== undefined && body.lng !== undefined ? metres(row.lat, row.lng, body.lat, body.lng) : null;
    if (row.geofence_m === null) return distance;
    if (distance === null) throw new AppError('CHECK_IN_LOCATION_REQUIRED');
    if (distance > row.geofence_m) throw new AppError('CHECK_IN_OUTSIDE_GEOFENCE');
    return distance;
  }

  /** Check-out writes the service record, waiting for the organiser's confirmation. */
  private async recordService(
    trx: Trx,
    row: repo.OccurrenceRow,
    signupId: string,
    volunteerId: string,
    checkIn: Date,
    checkOut: Date,
  ): Promise<number> {
    const measured = servedMinutes(checkIn, checkOut, row.starts_at, row.ends_at);
    const tz = await townTimezone(trx, row.town_id);
    const day = localDate(tz, row.starts_at);
    const teams = await repo.teamsByIds(trx, [row.organiser_team_id]);
    const team = teams.get(row.organiser_team_id);
    const leader = team?.leader ? (await repo.accountNames(trx, [team.leader])).get(team.leader) : null;
    const categories = await repo.categoryLabels(trx, row.town_id);
    await trx
      .insertInto('service_record')
      .values({
        town_id: row.town_id,
        volunteer_id: volunteerId,
        region_id: row.region_id,
        source: 'activity',
        occurrence_id: row.id,
        signup_id: signupId,
        title: row.title,
        category: categories.find((c) => c.code === row.category)?.label ?? row.category,
        served_on: day,
        place: row.occurrence_site ?? row.site,
        content: row.monthly_theme ? `${row.monthly_theme}：${row.description}`.slice(0, 2000) : row.description.slice(0, 2000),
        organiser: team?.name ?? null,
        leader_name: leader ?? null,
        measured_minutes: measured,
        minutes: measured,
        due_on: addWorkingDays(localDate(tz, row.ends_at), CONFIRM_WITHIN_WORKING_DAYS),
      })
      .onConflict((oc) => oc.column('signup_id').doNothing())
      .execute();
    return measured;
  }

  // ------------------------------------------------------------------ organiser: sign-ups, hours, insurance

  async signups(scope: Scope, id: string): Promise<SignupList> {
    const row = await this.managedOccurrence(this.db, scope, id);
    const rows = await repo.signupRows(this.db, id);
    const party = await repo.partyMemberAccounts(this.db, row.town_id, rows);
    let position = 0;
    return {
      items: rows.map((s) => {
        if (s.status === 'waitlisted') position++;
        return {
          id: s.id,
          occurrenceId: s.occurrence_id,
          volunteerId: s.volunteer_id,
          volunteerNo: s.volunteer_no,
          name: s.name,
          mobileMasked: s.mobile_masked,
          partyMember: party.has(s.account_id),
          status: s.status as SignupStatus,
          waitlistPosition: s.status === 'waitlisted' ? position : null,
          requestedAt: s.requested_at.toISOString(),
          checkedInAt: s.checked_in_at?.toISOString() ?? null,
          checkInMethod: s.check_in_method,
          checkInDistanceM: s.check_in_distance_m,
          checkedOutAt: s.checked_out_at?.toISOString() ?? null,
          measuredMinutes:
            s.measured_minutes ??
            (s.checked_in_at && s.checked_out_at ? servedMinutes(s.checked_in_at, s.checked_out_at, row.starts_at, row.ends_at) : null),
          recordId: s.record_id,
          recordStatus: (s.record_status as 'pending' | 'confirmed' | null) ?? null,
          minutes: s.minutes,
        };
      }),
    };
  }

  /** The organiser confirms (or adjusts) the minutes of an occurrence's pending records. */
  async confirmHours(ctx: RequestContext, scope: Scope, id: string, body: ConfirmHoursBody): Promise<ConfirmHoursResult> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.managedOccurrence(trx, scope, id);
      const length = Math.floor((row.ends_at.getTime() - row.starts_at.getTime()) / 60000);
      const ids = body.items.map((i) => i.recordId);
      if (new Set(ids).size !== ids.length)
        throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/items', message: 'a record twice' }] });
      const records = await trx
        .selectFrom('service_record')
        .select(['id', 'status', 'minutes', 'measured_minutes', 'volunteer_id'])
        .where('occurrence_id', '=', id)
        .where('id', 'in', ids)
        .forUpdate()
        .execute();
      const byId = new Map(records.map((r) => [r.id, r]));
      body.items.forEach((item, i) => {
        const r = byId.get(item.recordId);
        if (!r) throw notFound();
        if (r.status !== 'pending') throw new AppError('SERVICE_RECORD_STATE');
        if (item.minutes > length)
          throw new AppError('VALIDATION_FAILED', {
            details: [{ path: `body/items/${i}/minutes`, message: `at most the activity's ${length} minutes` }],
          });
      });
      const now = new Date();
      for (const item of body.items) {
        const r = byId.get(item.recordId)!;
        await trx
          .updateTable('service_record')
          .set({ status: 'confirmed', minutes: item.minutes, confirmed_by: ctx.actor.accountId, confirmed_at: now })
          .where('id', '=', item.recordId)
          .execute();
        await recordAudit(trx, ctx, {
          action: 'service_record.confirm',
          entity: 'service_record',
          entityId: item.recordId,
          townId: row.town_id,
          regionId: row.region_id,
          before: { status: 'pending', minutes: r.minutes, measuredMinutes: r.measured_minutes },
          after: { status: 'confirmed', minutes: item.minutes },
        });
        await this.deps.events.serviceRecordChanged.emit(trx, { townId: row.town_id, recordId: item.recordId });
        const v = await trx.selectFrom('volunteer').select('account_id').where('id', '=', r.volunteer_id).executeTakeFirstOrThrow();
        await this.deps.notifier.notify(trx, {
          townId: row.town_id,
          accountId: v.account_id,
          kind: 'service_record.confirmed',
          title: `服务时长已确认：${row.title}`,
          body: `本次服务计 ${Math.round((item.minutes / 60) * 10) / 10} 小时，已记入您的志愿服务记录。`,
          link: '/m/record',
        });
      }
      return { confirmed: body.items.length };
    });
  }

  /** The roster an insurer or the provincial system (i志愿) needs: clear ID numbers and mobiles, audited. */
  async insuranceRoster(ctx: RequestContext, scope: Scope, id: string) {
    const row = await this.managedOccurrence(this.db, scope, id);
    if (!row.insurance_required) throw new AppError('ACTIVITY_STATE');
    const rows = (await repo.signupRows(this.db, id)).filter((s) => s.status === 'confirmed');
    const tz = await townTimezone(this.db, row.town_id);
    await recordAudit(this.db, ctx, {
      action: 'personal_data.export',
      entity: 'activity_occurrence',
      entityId: id,
      townId: row.town_id,
      regionId: row.region_id,
      after: { purpose: 'insurance', volunteers: rows.length, fields: ['idNumber', 'mobile'] },
    });
    const at = new Intl.DateTimeFormat('zh-CN', { timeZone: tz, dateStyle: 'short', timeStyle: 'medium', hour12: false }).format(
      new Date(),
    );
    const sheet = await writeSheet({
      sheetName: '保险名单',
      watermark: `导出人：${ctx.actor.name}（账号 ${ctx.actor.accountId.slice(0, 8)}） 导出时间：${at} · 仅用于活动保险登记，严禁外传`,
      columns: [
        { header: '序号', key: 'no', width: 6 },
        { header: '姓名', key: 'name', width: 12 },
        { header: '证件号码', key: 'idNumber', width: 22 },
        { header: '手机号码', key: 'mobile', width: 14 },
        { header: '志愿者编号', key: 'volunteerNo', width: 16 },
        { header: '活动名称', key: 'activity', width: 30 },
        { header: '活动地点', key: 'site', width: 24 },
        { header: '开始时间', key: 'start', width: 18 },
        { header: '结束时间', key: 'end', width: 18 },
      ],
    });
    const fmt = (d: Date) => `${localDate(tz, d)} ${localTime(tz, d)}`;
    const done = (async () => {
      rows.forEach((s, i) =>
        sheet.add({
          no: i + 1,
          name: s.name,
          idNumber: this.deps.cipher.decrypt(s.id_cipher),
          mobile: this.deps.cipher.decrypt(s.mobile_cipher),
          volunteerNo: s.volunteer_no,
          activity: row.title,
          site: row.occurrence_site ?? row.site,
          start: fmt(row.starts_at),
          end: fmt(row.ends_at),
        }),
      );
      await sheet.end();
    })();
    done.catch((err) => sheet.stream.destroy(err as Error));
    return {
      stream: sheet.stream,
      type: XLSX_MIME,
      disposition: attachment(`保险名单-${row.title}-${localDate(tz, row.starts_at)}.xlsx`),
    };
  }

  // ------------------------------------------------------------------ reminders (run by the sweeper)

  /** Remind signed-up volunteers of occurrences starting within `hours`; each occurrence once. */
  async remindUpcoming(hours: number): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const due = await trx
        .updateTable('activity_occurrence')
        .set({ reminded_at: new Date() })
        .where('reminded_at', 'is', null)
        .where('status', '=', 'scheduled')
        .where('starts_at', '>', sql<Date>`now()`)
        .where('starts_at', '<=', sql<Date>`now() + make_interval(hours => ${hours})`)
        .where('activity_id', 'in', (eb) => eb.selectFrom('activity').select('id').where('status', '=', 'published'))
        .returning(['id'])
        .execute();
      for (const o of due) {
        const row = (await repo.getOccurrence(trx, o.id))!;
        const tz = await townTimezone(trx, row.town_id);
        await this.tellSignedUp(
          trx,
          o.id,
          `活动提醒：${row.title}`,
          `${localDate(tz, row.starts_at)} ${localTime(tz, row.starts_at)} 开始，地点：${row.occurrence_site ?? row.site}。到场后请扫码签到。`,
          ['confirmed'],
        );
      }
      return due.length;
    });
  }

  /**
   * Once a day per occurrence, remind its organisers of unconfirmed hours; past the 10-working-day
   * deadline, tell the community's admins as well (once).
   */
  async remindUnconfirmed(): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const pending = await trx
        .selectFrom('service_record')
        .innerJoin('activity_occurrence', 'activity_occurrence.id', 'service_record.occurrence_id')
        .innerJoin('town', 'town.id', 'activity_occurrence.town_id')
        .select([
          'activity_occurrence.id',
          'activity_occurrence.hours_reminded_on',
          'activity_occurrence.hours_overdue_notified_at',
          'town.timezone',
        ])
        .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.min('service_record.due_on').as('due')])
        .where('service_record.status', '=', 'pending')
        .groupBy([
          'activity_occurrence.id',
          'activity_occurrence.hours_reminded_on',
          'activity_occurrence.hours_overdue_notified_at',
          'town.timezone',
        ])
        .limit(500)
        .execute();
      let sent = 0;
      for (const p of pending) {
        const today = localDate(p.timezone);
        if (p.hours_reminded_on === today) continue;
        const claimed = await trx
          .updateTable('activity_occurrence')
          .set({ hours_reminded_on: today })
          .where('id', '=', p.id)
          .where((eb) => eb.or([eb('hours_reminded_on', 'is', null), eb('hours_reminded_on', '!=', today)]))
          .returning('id')
          .executeTakeFirst();
        if (!claimed) continue;
        const row = (await repo.getOccurrence(trx, p.id))!;
        const overdue = String(p.due) < today;
        const recipients = new Set(await this.organisersOf(trx, row));
        if (overdue && !p.hours_overdue_notified_at) {
          for (const a of await repo.overseersOf(trx, (await describeRegions(trx, [row.region_id])).get(row.region_id)!.path))
            recipients.add(a);
          await trx.updateTable('activity_occurrence').set({ hours_overdue_notified_at: new Date() }).where('id', '=', p.id).execute();
        }
        for (const accountId of recipients) {
          await this.deps.notifier.notify(trx, {
            townId: row.town_id,
            accountId,
            kind: 'service_record.unconfirmed',
            title: `${overdue ? '已超期' : '待确认'}服务时长：${row.title}`,
            body: `${p.n} 条服务记录等待确认，须在 ${String(p.due)} 前完成（活动结束后 10 个工作日内）。`,
            link: `/hours?occurrenceId=${row.id}`,
          });
          sent++;
        }
      }
      return sent;
    });
  }

  // ------------------------------------------------------------------ helpers

  private async organisersOf(trx: Trx, row: repo.OccurrenceRow): Promise<string[]> {
    const teams = await repo.teamsByIds(trx, [row.organiser_team_id]);
    return [teams.get(row.organiser_team_id)?.leader, row.created_by].filter((a): a is string => Boolean(a));
  }

  private async tellSignedUp(
    trx: Trx,
    occurrenceId: string,
    title: string,
    body: string,
    statuses: SignupStatus[] = ['confirmed', 'waitlisted'],
  ) {
    const people = await trx
      .selectFrom('activity_signup')
      .innerJoin('volunteer', 'volunteer.id', 'activity_signup.volunteer_id')
      .select(['volunteer.account_id', 'activity_signup.town_id'])
      .where('activity_signup.occurrence_id', '=', occurrenceId)
      .where('activity_signup.status', 'in', statuses)
      .execute();
    for (const p of people)
      await this.deps.notifier.notify(trx, {
        townId: p.town_id,
        accountId: p.account_id,
        kind: 'activity.update',
        title,
        body,
        link: `/m/activities/${occurrenceId}`,
      });
  }

  private when(o: Occurrence): string {
    return `${o.startsAt.slice(0, 16).replace('T', ' ')}`;
  }

  private untilOf(firstDate: string, untilDate: string | null): string {
    const max = addDays(firstDate, MAX_HORIZON_DAYS);
    const until = untilDate ?? addDays(firstDate, DEFAULT_HORIZON_DAYS);
    if (until < firstDate)
      throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/untilDate', message: 'before the first date' }] });
    return until > max ? max : until;
  }

  private async insertOccurrence(
    trx: Trx,
    a: { id: string; region_id: string; town_id: string; capacity: number; start_time: string; end_time: string },
    date: string,
    tz: string,
  ) {
    const { id } = await trx
      .insertInto('activity_occurrence')
      .values({
        town_id: a.town_id,
        activity_id: a.id,
        region_id: a.region_id,
        rule_date: date,
        starts_at: zonedToUtc(date, hhmm(a.start_time), tz),
        ends_at: zonedToUtc(date, hhmm(a.end_time), tz),
        capacity: a.capacity,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await repo.insertSlots(trx, id, 1, a.capacity);
  }

  private async checkFields(
    trx: Trx,
    townId: string,
    b: {
      category: string;
      organiserTeamId: string;
      partnerTeamId?: string | null;
      eligibility?: ActivityEligibility;
      eligibilityTeamId?: string | null;
      eligibilitySkill?: string | null;
      lat?: number | null;
      lng?: number | null;
    },
  ) {
    const cats = await repo.categoryLabels(trx, townId);
    if (!cats.some((c) => c.code === b.category))
      throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/category', message: 'unknown category' }] });
    const teams = await repo.teamsByIds(
      trx,
      [b.organiserTeamId, b.partnerTeamId, b.eligibilityTeamId].filter((x): x is string => Boolean(x)),
    );
    for (const t of [b.organiserTeamId, b.partnerTeamId, b.eligibilityTeamId]) if (t && teams.get(t)?.town_id !== townId) throw notFound();
    if (b.partnerTeamId && b.partnerTeamId === b.organiserTeamId)
      throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/partnerTeamId', message: 'the organiser itself' }] });
    if (b.eligibility === 'team' && !b.eligibilityTeamId)
      throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/eligibilityTeamId', message: 'required' }] });
    if (b.eligibility === 'skill' && !b.eligibilitySkill?.trim())
      throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/eligibilitySkill', message: 'required' }] });
    if ((b.lat == null) !== (b.lng == null))
      throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/lng', message: 'latitude and longitude together' }] });
  }

  private async regionInScope(db: Trx, scope: Scope, regionId: string) {
    const r = (await describeRegions(db, [regionId])).get(regionId);
    if (!r || !scope.containsPath(r.path)) throw notFound();
    return r;
  }

  private async managedOccurrence(db: Trx, scope: Scope, id: string): Promise<repo.OccurrenceRow> {
    const row = await repo.getOccurrence(db, id);
    if (!row) throw notFound();
    const r = (await describeRegions(db, [row.region_id])).get(row.region_id);
    if (!r || !scope.containsPath(r.path)) throw notFound();
    return row;
  }

  private async regionCentres(ids: string[]) {
    const wanted = [...new Set(ids)];
    const out = new Map<string, { lat: number; lng: number }>();
    if (!wanted.length) return out;
    // A node without a centre takes its nearest ancestor's.
    const rows = await this.db.selectFrom('region').select(['id', 'path', 'centre_lat', 'centre_lng']).where('id', 'in', wanted).execute();
    const ancestors = [...new Set(rows.flatMap((r) => r.path.split('/').filter(Boolean)))];
    const all = await this.db.selectFrom('region').select(['id', 'centre_lat', 'centre_lng']).where('id', 'in', ancestors).execute();
    const byId = new Map(all.map((a) => [a.id, a]));
    for (const r of rows) {
      const chain = r.path.split('/').filter(Boolean).reverse();
      for (const id of chain) {
        const a = byId.get(id);
        if (a?.centre_lat != null && a.centre_lng != null) {
          out.set(r.id, { lat: Number(a.centre_lat), lng: Number(a.centre_lng) });
          break;
        }
      }
    }
    return out;
  }

  private async presentOne(db: Trx, actor: Actor, id: string): Promise<Occurrence> {
    const row = await repo.getOccurrence(db, id);
    if (!row) throw notFound();
    return (await this.presentOccurrences(db, actor, [row]))[0]!;
  }

  private async presentActivities(db: Trx, rows: repo.ActivityRow[]): Promise<Activity[]> {
    if (rows.length === 0) return [];
    const regions = await describeRegions(
      db,
      rows.map((r) => r.region_id),
    );
    const teams = await repo.teamsByIds(
      db,
      rows.flatMap((r) => [r.organiser_team_id, r.partner_team_id, r.eligibility_team_id].filter((x): x is string => Boolean(x))),
    );
    const summary = await repo.occurrenceSummary(
      db,
      rows.map((r) => r.id),
    );
    const names = await repo.accountNames(
      db,
      rows.map((r) => r.created_by).filter((x): x is string => Boolean(x)),
    );
    const cats = new Map((await repo.categoryLabels(db, rows[0]!.town_id)).map((c) => [c.code, c.label]));
    return rows.map((r) => ({
      id: r.id,
      townId: r.town_id,
      regionId: r.region_id,
      regionPath: regions.get(r.region_id)?.pathNames ?? [],
      organiserTeamId: r.organiser_team_id,
      organiserTeamName: teams.get(r.organiser_team_id)?.name ?? '',
      partnerTeamId: r.partner_team_id,
      partnerTeamName: r.partner_team_id ? (teams.get(r.partner_team_id)?.name ?? null) : null,
      title: r.title,
      description: r.description,
      category: r.category,
      categoryLabel: cats.get(r.category) ?? r.category,
      monthlyTheme: r.monthly_theme,
      site: r.site,
      lat: r.lat,
      lng: r.lng,
      geofenceM: r.geofence_m,
      capacity: r.capacity,
      eligibility: r.eligibility as ActivityEligibility,
      eligibilityTeamId: r.eligibility_team_id,
      eligibilityTeamName: r.eligibility_team_id ? (teams.get(r.eligibility_team_id)?.name ?? null) : null,
      eligibilitySkill: r.eligibility_skill,
      insuranceRequired: r.insurance_required,
      firstDate: r.first_date,
      startTime: hhmm(r.start_time),
      endTime: hhmm(r.end_time),
      rrule: r.rrule,
      untilDate: r.until_date,
      status: r.status as ActivityStatus,
      occurrenceCount: summary.get(r.id)?.count ?? 0,
      nextOccurrenceAt: summary.get(r.id)?.next?.toISOString() ?? null,
      createdByName: r.created_by ? (names.get(r.created_by) ?? null) : null,
      createdAt: r.created_at.toISOString(),
    }));
  }

  private async presentOccurrences(db: Trx, actor: Actor, rows: repo.OccurrenceRow[]): Promise<Occurrence[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const regions = await describeRegions(
      db,
      rows.map((r) => r.region_id),
    );
    const teams = await repo.teamsByIds(
      db,
      rows.flatMap((r) => [r.organiser_team_id, r.partner_team_id, r.eligibility_team_id].filter((x): x is string => Boolean(x))),
    );
    const count = await repo.counts(db, ids);
    const cats = new Map((await repo.categoryLabels(db, rows[0]!.town_id)).map((c) => [c.code, c.label]));
    const volunteer = await repo.volunteerOfAccount(db, actor.accountId);
    const mine = volunteer ? new Map((await repo.signupsOf(db, volunteer.id, ids)).map((s) => [s.occurrence_id, s])) : new Map();
    const manage = scopeFor(actor, 'activity.manage');
    return rows.map((r) => {
      const region = regions.get(r.region_id);
      return occurrenceView(
        r,
        {
          regionNames: region?.pathNames ?? [],
          regionPath: region?.path ?? null,
          organiserTeamName: teams.get(r.organiser_team_id)?.name ?? null,
          partnerTeamName: r.partner_team_id ? (teams.get(r.partner_team_id)?.name ?? null) : null,
          eligibilityTeamName: r.eligibility_team_id ? (teams.get(r.eligibility_team_id)?.name ?? null) : null,
          categoryLabel: cats.get(r.category) ?? null,
          taken: count.get(r.id)?.taken ?? 0,
          waitlisted: count.get(r.id)?.waitlisted ?? 0,
          mine: mine.get(r.id),
        },
        manage,
      );
    });
  }
}

/** How many occurrences the phone's feed shows (the list pages nothing: it shows them all). */
/** The feed's page, unless the phone asks for another size. */
const FEED_PAGE = 20;
/** Near me sorts by distance: the soonest this many, then the nearest first. */
const NEAR_CANDIDATES = 200;

interface OccurrenceExtras {
  regionNames: string[];
  /** The occurrence's region path, to tell whether the caller manages it. */
  regionPath: string | null;
  organiserTeamName: string | null;
  partnerTeamName: string | null;
  eligibilityTeamName: string | null;
  categoryLabel: string | null;
  taken: number;
  waitlisted: number;
  mine?: { id: string; status: string; checked_in_at: Date | null; checked_out_at: Date | null; position: string | number | null };
}

function occurrenceView(
  r: Omit<repo.OccurrenceRow, 'rule_date' | 'sequence' | 'created_by'>,
  x: OccurrenceExtras,
  manage: Scope,
): Occurrence {
  const s = x.mine;
  return {
    id: r.id,
    activityId: r.activity_id,
    townId: r.town_id,
    regionId: r.region_id,
    regionPath: x.regionNames,
    title: r.title,
    category: r.category,
    categoryLabel: x.categoryLabel ?? r.category,
    monthlyTheme: r.monthly_theme,
    description: r.description,
    organiserTeamId: r.organiser_team_id,
    organiserTeamName: x.organiserTeamName ?? '',
    partnerTeamName: x.partnerTeamName,
    site: r.occurrence_site ?? r.site,
    lat: r.lat,
    lng: r.lng,
    geofenceM: r.geofence_m,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
    capacity: r.capacity,
    signedUp: x.taken,
    waitlisted: x.waitlisted,
    eligibility: r.eligibility as ActivityEligibility,
    eligibilityTeamName: x.eligibilityTeamName,
    eligibilitySkill: r.eligibility_skill,
    insuranceRequired: r.insurance_required,
    activityStatus: r.activity_status as ActivityStatus,
    status: r.status as 'scheduled' | 'cancelled',
    note: r.note,
    detached: r.detached,
    distanceM: null,
    canManage: Boolean(x.regionPath && manage.containsPath(x.regionPath)),
    mySignup: s
      ? {
          signupId: s.id,
          status: s.status as SignupStatus,
          waitlistPosition: s.position === null ? null : Number(s.position),
          checkedInAt: s.checked_in_at?.toISOString() ?? null,
          checkedOutAt: s.checked_out_at?.toISOString() ?? null,
        }
      : null,
  };
}
