import {
  PARTY_ORG_CHILDREN,
  PARTY_ORG_WARNINGS,
  partyOrgWarnings,
  partyTenureYears,
  type PartyMemberStatus,
  type PartyOrgKind,
} from '@tongxin/shared';
import type {
  ContactLinksBody,
  CreatePartyMemberBody,
  CreatePartyOrgBody,
  HouseholdPage,
  PartyMember,
  PartyMemberListQuery,
  PartyMemberPage,
  PartyOrg,
  PartyOrgList,
  UpdatePartyMemberBody,
  UpdatePartyOrgBody,
} from '@tongxin/shared/schemas';
import type { Kysely, Updateable } from 'kysely';
import type { Database } from '../../platform/db/index.js';
import type { DB, PartyMemberRow, PartyMemberTable, PartyOrgRow } from '../../platform/db/schema.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import type { RequestContext } from '../../platform/context.js';
import type { Scope } from '../../platform/scope.js';
import { recordAudit } from '../../platform/audit.js';
import { AppError, notFound } from '../../platform/errors.js';
import { describeRegions } from '../regions/index.js';
import type { Actorish, PeopleService } from '../people/index.js';
import * as repo from './repository.js';

export interface MemberInput {
  orgId: string;
  residentId?: string | null;
  accountId?: string | null;
  name?: string;
  joinDate: string;
  fullDate?: string | null;
  status: PartyMemberStatus;
  communityReport?: { regionId: string; reportedOn: string; workUnit?: string | null; pledgedServices?: string[] } | null;
}

export class PartyService {
  constructor(
    private readonly db: Database,
    private readonly people: PeopleService,
  ) {}

  // ---------------------------------------------------------------- organisations

  async listOrgs(scope: Scope, regionId?: string): Promise<PartyOrgList> {
    const regionPath = regionId ? (await this.people.regionInScope(this.db, scope, regionId)).path : undefined;
    const rows = await repo.listOrgs(this.db, scope, regionPath);
    return { items: await this.presentOrgs(this.db, rows, 'zh-CN') };
  }

  async getOrg(scope: Scope, id: string, db: Kysely<DB> = this.db): Promise<PartyOrg> {
    const row = await repo.getOrgInScope(db, scope, id);
    if (!row) throw notFound();
    return (await this.presentOrgs(db, [row], 'zh-CN'))[0]!;
  }

  async createOrg(ctx: RequestContext, scope: Scope, body: CreatePartyOrgBody): Promise<PartyOrg> {
    return this.db.transaction().execute(async (trx) => {
      const region = await this.people.regionInScope(trx, scope, body.regionId);
      const id = await this.insertOrg(trx, scope, {
        townId: region.townId,
        parentId: body.parentId ?? null,
        kind: body.kind,
        name: body.name,
        regionId: body.regionId,
      });
      const after = await this.getOrg(scope, id, trx);
      await recordAudit(trx, ctx, {
        action: 'party_org.create',
        entity: 'party_org',
        entityId: id,
        townId: region.townId,
        regionId: body.regionId,
        after,
      });
      return after;
    });
  }

  async insertOrg(
    trx: Kysely<DB>,
    scope: Scope | null,
    o: { townId: string; parentId: string | null; kind: PartyOrgKind; name: string; regionId: string },
  ): Promise<string> {
    if (o.parentId) {
      const parent = scope
        ? await repo.getOrgInScope(trx, scope, o.parentId)
        : await trx.selectFrom('party_org').selectAll().where('id', '=', o.parentId).executeTakeFirst();
      if (!parent || parent.town_id !== o.townId) throw notFound();
      if (!PARTY_ORG_CHILDREN[parent.kind as PartyOrgKind].includes(o.kind)) throw new AppError('PARTY_ORG_PLACEMENT');
    } else if (o.kind === 'group') {
      throw new AppError('PARTY_ORG_PLACEMENT');
    }
    try {
      return await repo.insertOrg(trx, {
        town_id: o.townId,
        parent_id: o.parentId,
        kind: o.kind,
        name: o.name.trim(),
        region_id: o.regionId,
      });
    } catch (err) {
      if (isUniqueViolation(err, 'party_org_group_key')) throw new AppError('PARTY_GROUP_EXISTS', { cause: err });
      if (isUniqueViolation(err)) throw new AppError('CONFLICT', { cause: err, details: [{ path: 'body/name', message: 'name taken' }] });
      throw err;
    }
  }

  async updateOrg(ctx: RequestContext, scope: Scope, id: string, body: UpdatePartyOrgBody): Promise<PartyOrg> {
    return this.db.transaction().execute(async (trx) => {
      const before = await this.getOrg(scope, id, trx);
      const patch: Updateable<DB['party_org']> = {};
      if (body.name !== undefined) patch.name = body.name.trim();
      if (body.regionId !== undefined) {
        const region = await this.people.regionInScope(trx, scope, body.regionId);
        if (region.townId !== before.townId) throw notFound();
        patch.region_id = body.regionId;
      }
      if (body.secretaryMemberId !== undefined) {
        if (body.secretaryMemberId) {
          const m = await repo.getMemberInScope(trx, scope, body.secretaryMemberId);
          if (!m || m.town_id !== before.townId) throw notFound();
        }
        patch.secretary_member_id = body.secretaryMemberId;
      }
      try {
        await repo.updateOrg(trx, id, patch);
      } catch (err) {
        if (isUniqueViolation(err, 'party_org_group_key')) throw new AppError('PARTY_GROUP_EXISTS', { cause: err });
        if (isUniqueViolation(err)) throw new AppError('CONFLICT', { cause: err });
        throw err;
      }
      if (patch.region_id) await trx.updateTable('party_member').set({ region_id: patch.region_id }).where('org_id', '=', id).execute();
      const after = await this.getOrg(scope, id, trx);
      await recordAudit(trx, ctx, {
        action: 'party_org.update',
        entity: 'party_org',
        entityId: id,
        townId: after.townId,
        regionId: after.regionId,
        before,
        after,
      });
      return after;
    });
  }

  async deleteOrg(ctx: RequestContext, scope: Scope, id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const before = await this.getOrg(scope, id, trx);
      if ((await repo.orgOccupancy(trx, id)) > 0) throw new AppError('PARTY_ORG_NOT_EMPTY');
      await repo.deleteOrg(trx, id);
      await recordAudit(trx, ctx, {
        action: 'party_org.delete',
        entity: 'party_org',
        entityId: id,
        townId: before.townId,
        regionId: before.regionId,
        before,
      });
    });
  }

  private async presentOrgs(db: Kysely<DB>, rows: PartyOrgRow[], locale: 'zh-CN' | 'en'): Promise<PartyOrg[]> {
    // A branch counts the members of its party groups too (they are its members).
    const groups = await repo.childGroups(
      db,
      rows.map((r) => r.id),
    );
    const [regions, counts, secretaries] = await Promise.all([
      describeRegions(
        db,
        rows.map((r) => r.region_id),
      ),
      repo.memberCounts(db, [...rows.map((r) => r.id), ...groups.map((g) => g.id)]),
      repo.memberNames(
        db,
        rows.map((r) => r.secretary_member_id).filter((x): x is string => !!x),
      ),
    ]);
    return rows.map((r) => {
      const c = { ...(counts.get(r.id) ?? { members: 0, full: 0 }) };
      for (const g of groups) {
        if (g.parent_id !== r.id) continue;
        const gc = counts.get(g.id);
        if (gc) {
          c.members += gc.members;
          c.full += gc.full;
        }
      }
      return {
        id: r.id,
        townId: r.town_id,
        parentId: r.parent_id,
        kind: r.kind as PartyOrgKind,
        name: r.name,
        regionId: r.region_id,
        regionPath: regions.get(r.region_id)?.pathNames ?? [],
        secretaryMemberId: r.secretary_member_id,
        secretaryName: r.secretary_member_id ? (secretaries.get(r.secretary_member_id) ?? null) : null,
        memberCount: c.members,
        fullMemberCount: c.full,
        warnings: partyOrgWarnings(r.kind as PartyOrgKind, c).map((code) => ({
          code,
          message: PARTY_ORG_WARNINGS[code][locale === 'en' ? 'en' : 'zh'],
        })),
      };
    });
  }

  // ---------------------------------------------------------------- members

  async listMembers(scope: Scope, query: PartyMemberListQuery): Promise<PartyMemberPage> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const regionPath = query.regionId ? (await this.people.regionInScope(this.db, scope, query.regionId)).path : undefined;
    const { items, total } = await repo.findMembers(
      this.db,
      scope,
      {
        orgId: query.orgId,
        regionPath,
        q: query.q?.trim() || undefined,
        status: query.status,
        communityReported: query.communityReported,
        minTenure: query.minTenure,
      },
      { offset: (page - 1) * pageSize, limit: pageSize },
    );
    return { items: await this.presentMembers(this.db, items), total };
  }

  async getMember(scope: Scope, id: string, db: Kysely<DB> = this.db): Promise<PartyMember> {
    const row = await repo.getMemberInScope(db, scope, id);
    if (!row) throw notFound();
    return (await this.presentMembers(db, [row]))[0]!;
  }

  async createMember(ctx: RequestContext, scope: Scope, body: CreatePartyMemberBody): Promise<PartyMember> {
    return this.db.transaction().execute(async (trx) => {
      const id = await this.insertMember(trx, scope, body);
      const after = await this.getMember(scope, id, trx);
      await recordAudit(trx, ctx, { action: 'party_member.create', entity: 'party_member', entityId: id, townId: after.townId, after });
      return after;
    });
  }

  /** Insert a member (requests and imports); `scope` limits which org, resident and community may be named. */
  async insertMember(trx: Kysely<DB>, scope: Scope, input: MemberInput): Promise<string> {
    const org = await repo.getOrgInScope(trx, scope, input.orgId);
    if (!org) throw notFound();
    let name = input.name?.trim() ?? '';
    if (input.residentId) {
      const r = await repo.residentInScope(trx, scope, input.residentId);
      if (!r || r.town_id !== org.town_id) throw notFound();
      name = r.name;
    } else if (input.accountId) {
      const a = await repo.accountInTown(trx, input.accountId, org.town_id);
      if (!a) throw notFound();
      name ||= a.name;
    }
    if (!name)
      throw new AppError('VALIDATION_FAILED', {
        details: [{ path: 'body/name', message: 'a name, a resident or an account is required' }],
      });
    if (input.fullDate && input.fullDate < input.joinDate) throw new AppError('PARTY_MEMBER_DATES');
    const values = await this.memberValues(trx, org, input);
    try {
      const id = await repo.insertMember(trx, {
        ...values,
        town_id: org.town_id,
        org_id: org.id,
        region_id: org.region_id,
        resident_id: input.residentId ?? null,
        account_id: input.accountId ?? null,
        name,
        join_date: input.joinDate,
        status: input.status,
      } as Parameters<typeof repo.insertMember>[1]);
      if (input.residentId)
        await repo.setPoliticalStatus(trx, input.residentId, input.status === 'full' ? 'party_member' : 'probationary_member');
      return id;
    } catch (err) {
      if (isUniqueViolation(err, 'party_member_resident_key') || isUniqueViolation(err, 'party_member_account_key')) {
        throw new AppError('PARTY_MEMBER_EXISTS', { cause: err });
      }
      throw err;
    }
  }

  private async memberValues(db: Kysely<DB>, org: PartyOrgRow, input: Partial<MemberInput>): Promise<Updateable<PartyMemberTable>> {
    const v: Updateable<PartyMemberTable> = {};
    if (input.joinDate !== undefined) v.join_date = input.joinDate;
    if (input.fullDate !== undefined) v.full_date = input.fullDate;
    if (input.status !== undefined) v.status = input.status;
    if (input.communityReport !== undefined) {
      if (input.communityReport) {
        const region = (await describeRegions(db, [input.communityReport.regionId])).get(input.communityReport.regionId);
        if (!region || region.townId !== org.town_id) throw notFound();
        v.report_region_id = input.communityReport.regionId;
        v.reported_on = input.communityReport.reportedOn;
        v.work_unit = input.communityReport.workUnit?.trim() || null;
        v.pledged_services = (input.communityReport.pledgedServices ?? []).map((s) => s.trim()).filter(Boolean);
      } else {
        v.report_region_id = null;
        v.reported_on = null;
        v.work_unit = null;
        v.pledged_services = [];
      }
    }
    return v;
  }

  async updateMember(ctx: RequestContext, scope: Scope, id: string, body: UpdatePartyMemberBody): Promise<PartyMember> {
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.getMemberInScope(trx, scope, id);
      if (!row) throw notFound();
      const before = await this.getMember(scope, id, trx);
      let org =
        (await repo.getOrgInScope(trx, scope, row.org_id)) ??
        (await trx.selectFrom('party_org').selectAll().where('id', '=', row.org_id).executeTakeFirstOrThrow());
      const patch = await this.memberValues(trx, org, body);
      if (body.orgId !== undefined && body.orgId !== row.org_id) {
        const target = await repo.getOrgInScope(trx, scope, body.orgId);
        if (!target || target.town_id !== row.town_id) throw notFound();
        org = target;
        patch.org_id = target.id;
        patch.region_id = target.region_id;
      }
      if (body.accountId !== undefined) {
        if (body.accountId && !(await repo.accountInTown(trx, body.accountId, row.town_id))) throw notFound();
        patch.account_id = body.accountId;
      }
      const joinDate = patch.join_date ?? row.join_date;
      const fullDate = patch.full_date !== undefined ? patch.full_date : row.full_date;
      if (fullDate && String(fullDate) < String(joinDate)) throw new AppError('PARTY_MEMBER_DATES');
      try {
        await repo.updateMember(trx, id, patch);
      } catch (err) {
        if (isUniqueViolation(err, 'party_member_account_key')) throw new AppError('PARTY_MEMBER_EXISTS', { cause: err });
        throw err;
      }
      if (patch.status && row.resident_id) {
        await repo.setPoliticalStatus(trx, row.resident_id, patch.status === 'full' ? 'party_member' : 'probationary_member');
      }
      const after = await this.getMember(scope, id, trx);
      await recordAudit(trx, ctx, {
        action: 'party_member.update',
        entity: 'party_member',
        entityId: id,
        townId: row.town_id,
        regionId: org.region_id,
        before,
        after,
      });
      return after;
    });
  }

  async deleteMember(ctx: RequestContext, scope: Scope, id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await repo.getMemberInScope(trx, scope, id);
      if (!row) throw notFound();
      const before = await this.getMember(scope, id, trx);
      await repo.deleteMember(trx, id);
      await recordAudit(trx, ctx, {
        action: 'party_member.delete',
        entity: 'party_member',
        entityId: id,
        townId: row.town_id,
        regionId: row.region_id,
        before,
      });
    });
  }

  async contactHouseholds(ctx: Actorish, scope: Scope, id: string): Promise<HouseholdPage> {
    if (!(await repo.getMemberInScope(this.db, scope, id))) throw notFound();
    const ids = await repo.linkedHouseholdIds(this.db, id);
    const items = [];
    for (const h of ids) {
      try {
        items.push(await this.people.getHousehold(ctx, scope, h));
      } catch {
        // A linked household outside the caller's reach stays invisible to them.
      }
    }
    return { items, total: items.length };
  }

  async setContactHouseholds(ctx: RequestContext, scope: Scope, id: string, body: ContactLinksBody): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const member = await repo.getMemberInScope(trx, scope, id);
      if (!member) throw notFound();
      const unique = [...new Set(body.householdIds)];
      for (const h of unique) {
        const household = await this.people.getHousehold({ ...ctx, actor: null }, scope, h, trx);
        if (household.townId !== member.town_id) throw notFound();
      }
      const before = await repo.linkedHouseholdIds(trx, id);
      await repo.replaceLinks(trx, id, member.town_id, unique);
      await recordAudit(trx, ctx, {
        action: 'party_member.contact_households',
        entity: 'party_member',
        entityId: id,
        townId: member.town_id,
        regionId: member.region_id,
        before,
        after: unique,
      });
    });
  }

  private async presentMembers(db: Kysely<DB>, rows: PartyMemberRow[]): Promise<PartyMember[]> {
    const [orgs, mobiles, reports, contacts] = await Promise.all([
      repo.orgNames(db, [...new Set(rows.map((r) => r.org_id))]),
      repo.linkedMobiles(db, rows),
      describeRegions(
        db,
        rows.map((r) => r.report_region_id).filter((x): x is string => !!x),
      ),
      repo.contactCounts(
        db,
        rows.map((r) => r.id),
      ),
    ]);
    return rows.map((r) => ({
      id: r.id,
      townId: r.town_id,
      orgId: r.org_id,
      orgName: orgs.get(r.org_id) ?? '',
      name: r.name,
      residentId: r.resident_id,
      accountId: r.account_id,
      mobileMasked: mobiles.get(r.id) ?? null,
      joinDate: r.join_date,
      fullDate: r.full_date,
      status: r.status as PartyMemberStatus,
      tenureYears: partyTenureYears({ status: r.status as PartyMemberStatus, joinDate: r.join_date, fullDate: r.full_date }),
      communityReport:
        r.report_region_id && r.reported_on
          ? {
              regionId: r.report_region_id,
              regionPath: reports.get(r.report_region_id)?.pathNames ?? [],
              reportedOn: r.reported_on,
              workUnit: r.work_unit,
              pledgedServices: r.pledged_services,
            }
          : null,
      contactHouseholdCount: contacts.get(r.id) ?? 0,
      createdAt: r.created_at.toISOString(),
    }));
  }
}
