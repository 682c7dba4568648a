import { formatHours, type ServiceCorrectionStatus, type ServiceRecordStatus } from '@tongxin/shared';
import type { DomainEvents } from '../../platform/events.js';
import type {
  Award,
  CreateAwardBody,
  CreateEvaluationBody,
  CreateTrainingBody,
  Evaluation,
  RefuseCorrectionBody,
  RequestCorrectionBody,
  ServiceCorrection,
  ServiceCorrectionList,
  ServiceCorrectionQuery,
  ServiceRecord,
  ServiceRecordPage,
  ServiceRecordQuery,
  Training,
  VolunteerRecord,
} from '@tongxin/shared/schemas';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/index.js';
import type { DB } from '../../platform/db/schema.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import type { RequestContext } from '../../platform/context.js';
import type { Scope } from '../../platform/scope.js';
import type { Notifier } from '../../platform/notify/notifier.js';
import { recordAudit } from '../../platform/audit.js';
import { AppError, notFound } from '../../platform/errors.js';
import { localDate } from '../../platform/time.js';
import { describeRegions, townTimezone } from '../regions/index.js';
import * as repo from './repository.js';

/** Where notifications point: the volunteer's record on the phone, the corrections list in the console. */
const MY_RECORD_LINK = '/m/record';
const CORRECTIONS_LINK = '/hours?tab=corrections';
const MAX_CORRECTIONS = 500;

const iso = (d: Date | string | null | undefined): string | null => (d == null ? null : new Date(d).toISOString());

function required(value: string, path: string): string {
  const v = value.trim();
  if (!v) throw new AppError('VALIDATION_FAILED', { details: [{ path, message: 'must not be blank' }] });
  return v;
}
const optional = (value: string | null | undefined): string | null => value?.trim() || null;

export function presentRecord(r: repo.RecordRow, today: string): ServiceRecord {
  return {
    id: r.id,
    volunteerId: r.volunteer_id,
    volunteerName: r.volunteer_name,
    volunteerNo: r.volunteer_no,
    source: r.source,
    occurrenceId: r.occurrence_id,
    signupId: r.signup_id,
    title: r.title,
    category: r.category,
    servedOn: r.served_on,
    place: r.place,
    content: r.content,
    organiser: r.organiser,
    leaderName: r.leader_name,
    checkedInAt: iso(r.checked_in_at),
    checkedOutAt: iso(r.checked_out_at),
    measuredMinutes: r.measured_minutes,
    minutes: r.minutes,
    status: r.status as ServiceRecordStatus,
    dueOn: r.due_on,
    overdue: r.status === 'pending' && r.due_on < today,
    confirmedByName: r.confirmed_by_name,
    confirmedAt: iso(r.confirmed_at),
    pendingCorrection:
      r.correction_id && r.correction_minutes != null && r.correction_reason != null
        ? {
            id: r.correction_id,
            requestedMinutes: r.correction_minutes,
            reason: r.correction_reason,
            createdAt: iso(r.correction_created_at)!,
          }
        : null,
  };
}

function presentCorrection(c: repo.CorrectionRow): ServiceCorrection {
  return {
    id: c.id,
    recordId: c.record_id,
    volunteerId: c.volunteer_id,
    volunteerName: c.volunteer_name,
    title: c.title,
    servedOn: c.served_on,
    currentMinutes: c.current_minutes,
    requestedMinutes: c.requested_minutes,
    reason: c.reason,
    status: c.status as ServiceCorrectionStatus,
    decisionReason: c.decision_reason,
    decidedByName: c.decided_by_name,
    decidedAt: iso(c.decided_at),
    createdAt: iso(c.created_at)!,
  };
}

type TrainingRow = Awaited<ReturnType<typeof repo.trainingsOf>>[number];
type AwardRow = Awaited<ReturnType<typeof repo.awardsOf>>[number];
type EvaluationRow = Awaited<ReturnType<typeof repo.evaluationsOf>>[number];

const presentTraining = (r: TrainingRow): Training => ({
  id: r.id,
  name: r.name,
  content: r.content,
  minutes: r.minutes,
  organiser: r.organiser,
  heldOn: r.held_on,
});
const presentAward = (r: AwardRow): Award => ({ id: r.id, name: r.name, awardedOn: r.awarded_on, awardedBy: r.awarded_by });
const presentEvaluation = (r: EvaluationRow): Evaluation => ({
  id: r.id,
  stars: r.stars,
  comment: r.comment,
  evaluatedOn: r.evaluated_on,
  evaluator: r.evaluator,
});

/**
 * The volunteer's service record (志愿服务记录, domain-rules §1.2–1.3): the confirmation queue,
 * corrections the volunteer asks for (办法第 13 条), and the training, award and evaluation entries
 * the organisation adds (第 8–10 条). Only confirmed minutes count.
 */
export class RecordService {
  constructor(
    private readonly db: Database,
    private readonly notifier: Notifier,
    private readonly events: DomainEvents,
  ) {}

  /** The town's calendar date now: a record is overdue once its due date has passed there. */
  private async today(db: Kysely<DB>, townId: string): Promise<string> {
    return localDate(await townTimezone(db, townId));
  }

  private async regionPathInScope(scope: Scope, regionId: string | undefined): Promise<string | undefined> {
    if (!regionId) return undefined;
    const region = (await describeRegions(this.db, [regionId])).get(regionId);
    if (!region || !scope.containsPath(region.path)) throw notFound();
    return region.path;
  }

  async list(ctx: RequestContext, scope: Scope, query: ServiceRecordQuery): Promise<ServiceRecordPage> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const regionPath = await this.regionPathInScope(scope, query.regionId);
    const today = await this.today(this.db, ctx.actor.townId);
    const { items, ...counted } = await repo.findRecords(
      this.db,
      scope,
      { status: query.status, regionPath, occurrenceId: query.occurrenceId, overdue: query.overdue, today },
      { offset: (page - 1) * pageSize, limit: pageSize },
    );
    return { items: items.map((r) => presentRecord(r, today)), ...counted };
  }

  async corrections(scope: Scope, query: ServiceCorrectionQuery): Promise<ServiceCorrectionList> {
    const regionPath = await this.regionPathInScope(scope, query.regionId);
    const rows = await repo.findCorrections(this.db, scope, { status: query.status, regionPath, limit: MAX_CORRECTIONS });
    return { items: rows.map(presentCorrection) };
  }

  /** The record takes the requested minutes (and is confirmed if it was still pending). */
  async accept(ctx: RequestContext, scope: Scope, id: string): Promise<ServiceCorrection> {
    return this.db.transaction().execute(async (trx) => {
      const c = await repo.getCorrectionInScope(trx, scope, id, true);
      if (!c) throw notFound();
      if (c.status !== 'pending') throw new AppError('SERVICE_RECORD_STATE');
      const today = await this.today(trx, c.town_id);
      const before = presentRecord((await repo.getRecord(trx, c.record_id))!, today);
      await repo.updateRecord(
        trx,
        c.record_id,
        before.status === 'pending'
          ? { minutes: c.requested_minutes, status: 'confirmed', confirmed_by: ctx.actor.accountId, confirmed_at: new Date() }
          : { minutes: c.requested_minutes },
      );
      await repo.decideCorrection(trx, id, { status: 'accepted', decision_reason: null, decided_by: ctx.actor.accountId });
      await this.events.serviceRecordChanged.emit(trx, { townId: c.town_id, recordId: c.record_id });
      const after = presentRecord((await repo.getRecord(trx, c.record_id))!, today);
      const correction = presentCorrection((await repo.getCorrection(trx, id))!);
      await recordAudit(trx, ctx, {
        action: 'service_correction.accept',
        entity: 'service_record',
        entityId: c.record_id,
        townId: c.town_id,
        regionId: c.region_id,
        before,
        after: { ...after, correction },
      });
      await this.notifier.notify(trx, {
        townId: c.town_id,
        accountId: c.volunteer_account_id,
        kind: 'service_correction.accepted',
        title: '服务时长更正已通过',
        body: `「${c.title}」（${c.served_on}）的服务时长已由 ${formatHours(before.minutes)} 小时更正为 ${formatHours(after.minutes)} 小时。`,
        link: MY_RECORD_LINK,
        data: { recordId: c.record_id, correctionId: id },
      });
      return correction;
    });
  }

  async refuse(ctx: RequestContext, scope: Scope, id: string, body: RefuseCorrectionBody): Promise<ServiceCorrection> {
    const reason = required(body.reason, 'body/reason');
    return this.db.transaction().execute(async (trx) => {
      const c = await repo.getCorrectionInScope(trx, scope, id, true);
      if (!c) throw notFound();
      if (c.status !== 'pending') throw new AppError('SERVICE_RECORD_STATE');
      const before = presentCorrection(c);
      await repo.decideCorrection(trx, id, { status: 'refused', decision_reason: reason, decided_by: ctx.actor.accountId });
      const after = presentCorrection((await repo.getCorrection(trx, id))!);
      await recordAudit(trx, ctx, {
        action: 'service_correction.refuse',
        entity: 'service_record',
        entityId: c.record_id,
        townId: c.town_id,
        regionId: c.region_id,
        before,
        after,
      });
      await this.notifier.notify(trx, {
        townId: c.town_id,
        accountId: c.volunteer_account_id,
        kind: 'service_correction.refused',
        title: '服务时长更正未通过',
        body: `「${c.title}」（${c.served_on}）的更正申请未通过。原因：${reason}`,
        link: MY_RECORD_LINK,
        data: { recordId: c.record_id, correctionId: id },
      });
      return after;
    });
  }

  /** The caller's own whole record. */
  async mine(ctx: RequestContext): Promise<VolunteerRecord> {
    const v = await repo.volunteerByAccount(this.db, ctx.actor.accountId);
    if (!v || v.status !== 'approved') throw new AppError('NOT_A_VOLUNTEER');
    return this.whole(this.db, v);
  }

  async volunteerRecord(scope: Scope, volunteerId: string): Promise<VolunteerRecord> {
    const v = await repo.volunteerInScope(this.db, scope, volunteerId);
    if (!v) throw notFound();
    return this.whole(this.db, v);
  }

  private async whole(db: Kysely<DB>, v: repo.VolunteerRow): Promise<VolunteerRecord> {
    const [today, regions, services, trainings, awards, evaluations] = await Promise.all([
      this.today(db, v.town_id),
      describeRegions(db, [v.region_id]),
      repo.recordsOfVolunteer(db, v.id),
      repo.trainingsOf(db, v.id),
      repo.awardsOf(db, v.id),
      repo.evaluationsOf(db, v.id),
    ]);
    const confirmed = services.filter((s) => s.status === 'confirmed');
    return {
      volunteerId: v.id,
      volunteerNo: v.volunteer_no,
      name: v.name,
      regionPath: regions.get(v.region_id)?.pathNames ?? [],
      partyMember: Boolean(v.party_member),
      totalMinutes: confirmed.reduce((n, s) => n + s.minutes, 0),
      pendingMinutes: services.filter((s) => s.status === 'pending').reduce((n, s) => n + s.minutes, 0),
      activityCount: confirmed.length,
      services: services.map((s) => presentRecord(s, today)),
      trainings: trainings.map(presentTraining),
      awards: awards.map(presentAward),
      evaluations: evaluations.map(presentEvaluation),
    };
  }

  /** A volunteer asks for one of their own records to be corrected; whoever manages it is told. */
  async requestCorrection(ctx: RequestContext, recordId: string, body: RequestCorrectionBody): Promise<ServiceCorrection> {
    const reason = required(body.reason, 'body/reason');
    return this.db.transaction().execute(async (trx) => {
      const v = await repo.volunteerByAccount(trx, ctx.actor.accountId);
      if (!v || v.status !== 'approved') throw new AppError('NOT_A_VOLUNTEER');
      await repo.lockRecord(trx, recordId);
      const record = await repo.getRecord(trx, recordId);
      if (!record || record.volunteer_id !== v.id) throw notFound();
      if (await repo.pendingCorrectionOf(trx, recordId)) throw new AppError('SERVICE_CORRECTION_EXISTS');
      let id: string;
      try {
        id = await repo.insertCorrection(trx, {
          town_id: record.town_id,
          record_id: recordId,
          volunteer_id: v.id,
          requested_minutes: body.minutes,
          reason,
        });
      } catch (err) {
        if (isUniqueViolation(err, 'service_correction_open_key')) throw new AppError('SERVICE_CORRECTION_EXISTS', { cause: err });
        throw err;
      }
      const correction = presentCorrection((await repo.getCorrection(trx, id))!);
      await recordAudit(trx, ctx, {
        action: 'service_correction.request',
        entity: 'service_record',
        entityId: recordId,
        townId: record.town_id,
        regionId: record.region_id,
        after: correction,
      });
      for (const accountId of await this.managersOf(trx, record)) {
        await this.notifier.notify(trx, {
          townId: record.town_id,
          accountId,
          kind: 'service_correction.requested',
          title: `服务时长更正申请：${v.name}`,
          body: `「${record.title}」（${record.served_on}）：记录 ${formatHours(record.minutes)} 小时，申请更正为 ${formatHours(body.minutes)} 小时。理由：${reason}`,
          link: CORRECTIONS_LINK,
          data: { recordId, correctionId: id },
        });
      }
      return correction;
    });
  }

  /**
   * Who is told of a correction request: the leader of the team that organised the activity; when
   * there is none (or the record came from elsewhere), the community admins above the record's
   * region, or failing those the town admins.
   */
  private async managersOf(db: Kysely<DB>, record: repo.RecordRow): Promise<string[]> {
    const leader = record.occurrence_id ? await repo.organiserLeaderOf(db, record.occurrence_id) : null;
    if (leader) return [leader];
    const community = await repo.holdersAbove(db, record.region_id, 'community_admin');
    return community.length ? community : repo.holdersAbove(db, record.region_id, 'town_admin');
  }

  async addTraining(ctx: RequestContext, scope: Scope, volunteerId: string, body: CreateTrainingBody): Promise<Training> {
    return this.addEntry(ctx, scope, volunteerId, 'volunteer.training.add', async (trx, v) =>
      presentTraining(
        await repo.insertTraining(trx, {
          town_id: v.town_id,
          volunteer_id: v.id,
          name: required(body.name, 'body/name'),
          content: optional(body.content),
          minutes: body.minutes,
          organiser: required(body.organiser, 'body/organiser'),
          held_on: body.heldOn,
          created_by: ctx.actor.accountId,
        }),
      ),
    );
  }

  async addAward(ctx: RequestContext, scope: Scope, volunteerId: string, body: CreateAwardBody): Promise<Award> {
    return this.addEntry(ctx, scope, volunteerId, 'volunteer.award.add', async (trx, v) =>
      presentAward(
        await repo.insertAward(trx, {
          town_id: v.town_id,
          volunteer_id: v.id,
          name: required(body.name, 'body/name'),
          awarded_on: body.awardedOn,
          awarded_by: required(body.awardedBy, 'body/awardedBy'),
          created_by: ctx.actor.accountId,
        }),
      ),
    );
  }

  async addEvaluation(ctx: RequestContext, scope: Scope, volunteerId: string, body: CreateEvaluationBody): Promise<Evaluation> {
    return this.addEntry(ctx, scope, volunteerId, 'volunteer.evaluation.add', async (trx, v) =>
      presentEvaluation(
        await repo.insertEvaluation(trx, {
          town_id: v.town_id,
          volunteer_id: v.id,
          stars: body.stars ?? null,
          comment: required(body.comment, 'body/comment'),
          evaluated_on: body.evaluatedOn,
          evaluator: required(body.evaluator, 'body/evaluator'),
          created_by: ctx.actor.accountId,
        }),
      ),
    );
  }

  private async addEntry<T extends { id: string }>(
    ctx: RequestContext,
    scope: Scope,
    volunteerId: string,
    action: string,
    insert: (trx: Kysely<DB>, v: repo.VolunteerRow) => Promise<T>,
  ): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      const v = await repo.volunteerInScope(trx, scope, volunteerId);
      if (!v) throw notFound();
      const after = await insert(trx, v);
      await recordAudit(trx, ctx, {
        action,
        entity: 'volunteer',
        entityId: v.id,
        townId: v.town_id,
        regionId: v.region_id,
        after,
      });
      return after;
    });
  }
}

/** Confirmed minutes per volunteer: what totals, star levels and certificates count. */
export function confirmedMinutes(db: Kysely<DB>, volunteerIds: string[]): Promise<Map<string, number>> {
  return repo.confirmedMinutes(db, volunteerIds);
}
