import {
  VOLUNTEER_ADULT_AGE,
  VOLUNTEER_MIN_AGE,
  ageOn,
  type Availability,
  type IdType,
  type ServiceCategory,
  type Sex,
} from '@tongxin/shared';
import type {
  ApplyVolunteerBody,
  MyVolunteer,
  RegisterVolunteerBody,
  RegistrationPlaces,
  RejectVolunteerBody,
  Volunteer,
  VolunteerListQuery,
  VolunteerPage,
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
import { describeRegions } from '../regions/index.js';
import type { AccountService } from '../accounts/index.js';
import type { PersonalData } from '../people/index.js';
import * as repo from './repository.js';

type Who = Pick<RequestContext, 'ip' | 'requestId'> & { actor: { accountId: string; name: string } | null };

export class VolunteerService {
  constructor(
    private readonly db: Database,
    private readonly protect: PersonalData,
    private readonly accounts: AccountService,
    private readonly notifier: Notifier,
  ) {}

  /** Someone without an account registers from the phone: the account and the application together. */
  async register(who: Who, body: RegisterVolunteerBody): Promise<Volunteer> {
    return this.db.transaction().execute(async (trx) => {
      const region = await this.placeOf(trx, body.regionId);
      const accountId = await this.accounts.insert(trx, {
        townId: region.townId,
        homeRegionId: body.regionId,
        name: body.name,
        mobile: body.mobile,
        password: body.password,
      });
      return this.apply(trx, { ...who, actor: { accountId, name: body.name.trim() } }, region, accountId, body);
    });
  }

  /** A signed-in account applies (its own mobile number stands). */
  async applyAsMe(ctx: RequestContext, body: ApplyVolunteerBody): Promise<Volunteer> {
    return this.db.transaction().execute(async (trx) => {
      const region = await this.placeOf(trx, body.regionId);
      if (region.townId !== ctx.actor.townId) throw notFound();
      return this.apply(trx, ctx, region, ctx.actor.accountId, body);
    });
  }

  private async placeOf(db: Kysely<DB>, regionId: string) {
    const region = (await describeRegions(db, [regionId])).get(regionId);
    if (!region) throw notFound();
    if (region.depth === 0)
      throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/regionId', message: 'choose a community' }] });
    return region;
  }

  private async apply(
    trx: Kysely<DB>,
    who: Who,
    region: { townId: string; path: string },
    accountId: string,
    body: ApplyVolunteerBody,
  ): Promise<Volunteer> {
    const idType: IdType = body.idType ?? 'resident_id';
    const { sealed, facts } = this.protect.idNumber(idType, body.idNumber);
    const birthDate = facts?.birthDate ?? body.birthDate;
    const sex = facts?.sex ?? body.sex;
    if (!birthDate || !sex) {
      throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/birthDate', message: 'birth date and sex are required' }] });
    }
    const age = ageOn(birthDate);
    if (age < VOLUNTEER_MIN_AGE) throw new AppError('VOLUNTEER_TOO_YOUNG');
    if (age < VOLUNTEER_ADULT_AGE && !body.guardianConsent) throw new AppError('GUARDIAN_CONSENT_REQUIRED');
    let id: string;
    try {
      id = await repo.insertVolunteer(trx, {
        town_id: region.townId,
        account_id: accountId,
        region_id: body.regionId,
        name: body.name.trim(),
        sex,
        birth_date: birthDate,
        id_type: idType,
        id_cipher: sealed.cipher,
        id_hash: sealed.hash,
        id_masked: sealed.masked,
        skills: [...new Set(body.skills.map((s) => s.trim()).filter(Boolean))],
        service_categories: [...new Set(body.serviceCategories)],
        availability: [...new Set(body.availability)],
        guardian_name: body.guardianConsent?.guardianName.trim() ?? null,
        guardian_relation: body.guardianConsent?.relation.trim() ?? null,
        guardian_consented_on: body.guardianConsent?.consentedOn ?? null,
      });
    } catch (err) {
      if (isUniqueViolation(err, 'volunteer_account_key') || isUniqueViolation(err, 'volunteer_id_key')) {
        throw new AppError('VOLUNTEER_EXISTS', { cause: err });
      }
      throw err;
    }
    const after = await this.present(trx, (await repo.getVolunteer(trx, id))!);
    await recordAudit(trx, who, {
      action: 'volunteer.register',
      entity: 'volunteer',
      entityId: id,
      townId: region.townId,
      regionId: body.regionId,
      after,
    });
    // Tell the reviewers of that community (community and town admins above it).
    for (const reviewer of await repo.reviewersOf(trx, region.path)) {
      await this.notifier.notify(trx, {
        townId: region.townId,
        accountId: reviewer,
        kind: 'volunteer.applied',
        title: `新的志愿者注册申请：${after.name}`,
        body: `${after.regionPath.slice(1).join(' / ')}，服务意向 ${after.serviceCategories.length} 项，请审核。`,
        link: '/volunteers?status=pending',
      });
    }
    return after;
  }

  /** Towns with their communities and the level below, by name: the registration form's picker. */
  async places(): Promise<RegistrationPlaces> {
    const rows = await repo.placeRows(this.db);
    const towns = rows.filter((r) => r.depth === 0);
    return {
      towns: towns.map((t) => ({
        id: t.id,
        name: t.name,
        communities: rows
          .filter((c) => c.depth === 1 && c.parent_id === t.id)
          .map((c) => ({
            id: c.id,
            name: c.name,
            children: rows.filter((x) => x.depth === 2 && x.parent_id === c.id).map((x) => ({ id: x.id, name: x.name })),
          })),
      })),
    };
  }

  async list(scope: Scope, query: VolunteerListQuery): Promise<VolunteerPage> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    let regionPath: string | undefined;
    if (query.regionId) {
      const region = (await describeRegions(this.db, [query.regionId])).get(query.regionId);
      if (!region || !scope.containsPath(region.path)) throw notFound();
      regionPath = region.path;
    }
    const q = query.q?.trim();
    const { items, ...counted } = await repo.findVolunteers(
      this.db,
      scope,
      {
        regionPath,
        status: query.status,
        serviceCategory: query.serviceCategory,
        partyMember: query.partyMember,
        mobileHash: q && /^1[3-9][0-9]{9}$/.test(q) ? this.protect.mobileHash(q) : undefined,
        q: q && !/^1[3-9][0-9]{9}$/.test(q) ? q : undefined,
      },
      { offset: (page - 1) * pageSize, limit: pageSize },
    );
    return { items: await this.presentMany(this.db, items), ...counted };
  }

  async get(scope: Scope, id: string, db: Kysely<DB> = this.db): Promise<Volunteer> {
    const row = await repo.getVolunteerInScope(db, scope, id);
    if (!row) throw notFound();
    return this.present(db, row);
  }

  async me(ctx: RequestContext): Promise<MyVolunteer> {
    const row = await repo.getByAccount(this.db, ctx.actor.accountId);
    return { volunteer: row ? await this.present(this.db, row) : null };
  }

  async approve(ctx: RequestContext, scope: Scope, id: string): Promise<Volunteer> {
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.getVolunteerInScope(trx, scope, id, true);
      if (!row) throw notFound();
      if (row.status !== 'pending') throw new AppError('VOLUNTEER_NOT_PENDING');
      const before = await this.present(trx, row);
      const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
      const seq = await repo.nextNumber(trx, row.town_id, year);
      const volunteerNo = `V${year}${String(seq).padStart(6, '0')}`;
      await repo.review(trx, id, { status: 'approved', volunteer_no: volunteerNo, reviewed_by: ctx.actor.accountId, reject_reason: null });
      await repo.grantVolunteerRole(trx, row.town_id, row.account_id, row.region_id, ctx.actor.accountId);
      const after = await this.present(trx, (await repo.getVolunteer(trx, id))!);
      await recordAudit(trx, ctx, {
        action: 'volunteer.approve',
        entity: 'volunteer',
        entityId: id,
        townId: row.town_id,
        regionId: row.region_id,
        before,
        after,
      });
      await this.notifier.notify(trx, {
        townId: row.town_id,
        accountId: row.account_id,
        kind: 'volunteer.approved',
        title: '志愿者注册已通过',
        body: `您的志愿者编号是 ${volunteerNo}。欢迎加入，可以报名参加志愿服务活动了。`,
        link: '/m/volunteer',
      });
      return after;
    });
  }

  async reject(ctx: RequestContext, scope: Scope, id: string, body: RejectVolunteerBody): Promise<Volunteer> {
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.getVolunteerInScope(trx, scope, id, true);
      if (!row) throw notFound();
      if (row.status !== 'pending') throw new AppError('VOLUNTEER_NOT_PENDING');
      const before = await this.present(trx, row);
      const reason = body.reason.trim();
      await repo.review(trx, id, { status: 'rejected', volunteer_no: null, reviewed_by: ctx.actor.accountId, reject_reason: reason });
      const after = await this.present(trx, (await repo.getVolunteer(trx, id))!);
      await recordAudit(trx, ctx, {
        action: 'volunteer.reject',
        entity: 'volunteer',
        entityId: id,
        townId: row.town_id,
        regionId: row.region_id,
        before,
        after,
      });
      await this.notifier.notify(trx, {
        townId: row.town_id,
        accountId: row.account_id,
        kind: 'volunteer.rejected',
        title: '志愿者注册未通过',
        body: `原因：${reason}。修改后可以联系社区重新提交。`,
        link: '/m/volunteer',
      });
      return after;
    });
  }

  private async present(db: Kysely<DB>, r: repo.VolunteerRow): Promise<Volunteer> {
    return (await this.presentMany(db, [r]))[0]!;
  }

  /** A page of volunteers: their regions and party membership in one query each, not one per row. */
  private async presentMany(db: Kysely<DB>, rows: repo.VolunteerRow[]): Promise<Volunteer[]> {
    if (rows.length === 0) return [];
    const regions = await describeRegions(db, [...new Set(rows.map((r) => r.region_id))]);
    const members = await repo.partyMembersAmong(db, rows);
    return rows.map((r) => this.shape(r, regions.get(r.region_id)?.pathNames ?? [], members.has(r.account_id)));
  }

  private shape(r: repo.VolunteerRow, regionPath: string[], partyMember: boolean): Volunteer {
    return {
      id: r.id,
      townId: r.town_id,
      accountId: r.account_id,
      volunteerNo: r.volunteer_no,
      name: r.name,
      sex: r.sex as Sex,
      birthDate: r.birth_date,
      age: ageOn(r.birth_date),
      idType: r.id_type as IdType,
      idNumberMasked: r.id_masked,
      mobileMasked: r.mobile_masked,
      regionId: r.region_id,
      regionPath,
      skills: r.skills,
      serviceCategories: r.service_categories as ServiceCategory[],
      availability: r.availability as Availability[],
      partyMember,
      guardianConsent:
        r.guardian_name && r.guardian_consented_on
          ? { guardianName: r.guardian_name, relation: r.guardian_relation ?? '', consentedOn: r.guardian_consented_on }
          : null,
      status: r.status as Volunteer['status'],
      rejectReason: r.reject_reason,
      reviewedByName: r.reviewed_by_name,
      reviewedAt: r.reviewed_at ? new Date(r.reviewed_at).toISOString() : null,
      registeredAt: new Date(r.registered_at).toISOString(),
    };
  }
}
