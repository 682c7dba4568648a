import { ageOn, type ContactWay, type GridDuty, type Sex } from '@tongxin/shared';
import type {
  CreateGridDutyBody,
  GridDutyAssignment,
  GridDutyList,
  GridDutyListQuery,
  HouseholdContact,
  HouseholdContactList,
  LogContactBody,
  MyHousehold,
  MyHouseholdDetail,
  MyHouseholdList,
} from '@tongxin/shared/schemas';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/index.js';
import type { DB } from '../../platform/db/schema.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import type { RequestContext } from '../../platform/context.js';
import type { Scope } from '../../platform/scope.js';
import { recordAudit } from '../../platform/audit.js';
import { localDate } from '../../platform/time.js';
import { AppError, notFound } from '../../platform/errors.js';
import { describeRegions, townTimezone } from '../regions/index.js';
import type { PeopleService } from '../people/index.js';
import type { PartyService } from '../party/index.js';
import * as repo from './repository.js';

export class GridService {
  constructor(
    private readonly db: Database,
    private readonly people: PeopleService,
    private readonly party: PartyService,
  ) {}

  // ---------------------------------------------------------------- duties

  async listDuties(scope: Scope, query: GridDutyListQuery): Promise<GridDutyList> {
    const regionPath = query.regionId ? (await this.people.regionInScope(this.db, scope, query.regionId)).path : undefined;
    const rows = await repo.listDuties(this.db, scope, { regionPath, duty: query.duty });
    return { items: await this.presentDuties(this.db, rows) };
  }

  async createDuty(ctx: RequestContext, scope: Scope, body: CreateGridDutyBody): Promise<GridDutyAssignment> {
    return this.db.transaction().execute(async (trx) => {
      const region = await this.people.regionInScope(trx, scope, body.regionId);
      if (region.depth === 0)
        throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/regionId', message: 'not below the town' }] });
      const needs: Record<GridDuty, 'account' | 'member' | 'any'> = {
        grid_worker: 'account',
        party_center_household: 'member',
        building_head: 'any',
        unit_head: 'any',
      };
      const need = needs[body.duty];
      if ((need === 'account' && !body.accountId) || (need === 'member' && !body.partyMemberId)) throw new AppError('DUTY_PERSON_REQUIRED');
      if (!body.accountId && !body.residentId && !body.partyMemberId) throw new AppError('DUTY_PERSON_REQUIRED');
      if (body.accountId) {
        const a = await trx
          .selectFrom('account')
          .select('id')
          .where('id', '=', body.accountId)
          .where('town_id', '=', region.townId)
          .executeTakeFirst();
        if (!a) throw notFound();
      }
      if (body.residentId) {
        const r = await trx
          .selectFrom('resident')
          .select('id')
          .where('id', '=', body.residentId)
          .where((eb) => scope.regionIn(eb.ref('resident.region_id')))
          .executeTakeFirst();
        if (!r) throw notFound();
      }
      if (body.partyMemberId) {
        const m = await this.party.getMember(scope, body.partyMemberId, trx);
        if (m.townId !== region.townId) throw notFound();
      }
      let id: string;
      try {
        id = await repo.insertDuty(trx, {
          town_id: region.townId,
          region_id: body.regionId,
          duty: body.duty,
          account_id: body.accountId ?? null,
          resident_id: body.residentId ?? null,
          party_member_id: body.partyMemberId ?? null,
          building: body.building?.trim() || null,
          unit: body.unit?.trim() || null,
        });
      } catch (err) {
        if (isUniqueViolation(err, 'grid_duty_key')) throw new AppError('DUTY_EXISTS', { cause: err });
        throw err;
      }
      const after = (await this.presentDuties(trx, await repo.listDuties(trx, scope, {}))).find((d) => d.id === id)!;
      await recordAudit(trx, ctx, {
        action: 'grid_duty.create',
        entity: 'grid_duty',
        entityId: id,
        townId: region.townId,
        regionId: body.regionId,
        after,
      });
      return after;
    });
  }

  async deleteDuty(ctx: RequestContext, scope: Scope, id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await repo.getDutyInScope(trx, scope, id);
      if (!row) throw notFound();
      await repo.deleteDuty(trx, id);
      await recordAudit(trx, ctx, {
        action: 'grid_duty.delete',
        entity: 'grid_duty',
        entityId: id,
        townId: row.town_id,
        regionId: row.region_id,
        before: { duty: row.duty, accountId: row.account_id, residentId: row.resident_id, partyMemberId: row.party_member_id },
      });
    });
  }

  private async presentDuties(db: Kysely<DB>, rows: Awaited<ReturnType<typeof repo.listDuties>>): Promise<GridDutyAssignment[]> {
    const [regions, links] = await Promise.all([
      describeRegions(
        db,
        rows.map((r) => r.region_id),
      ),
      repo.linkCounts(
        db,
        rows.map((r) => r.party_member_id).filter((x): x is string => !!x),
      ),
    ]);
    return rows.map((r) => ({
      id: r.id,
      regionId: r.region_id,
      regionPath: regions.get(r.region_id)?.pathNames ?? [],
      duty: r.duty as GridDuty,
      personName: r.person_name,
      accountId: r.account_id,
      residentId: r.resident_id,
      partyMemberId: r.party_member_id,
      building: r.building,
      unit: r.unit,
      householdCount: r.party_member_id ? (links.get(r.party_member_id) ?? 0) : 0,
      createdAt: r.created_at.toISOString(),
    }));
  }

  // ---------------------------------------------------------------- my households (phone)

  async myHouseholds(ctx: RequestContext): Promise<MyHouseholdList> {
    const rows = await repo.myHouseholds(this.db, ctx.actor.accountId);
    const member = await repo.memberOfAccount(this.db, ctx.actor.accountId);
    return { items: await this.presentMine(ctx, rows), partyMemberId: member?.id ?? null };
  }

  async myHousehold(ctx: RequestContext, id: string): Promise<MyHouseholdDetail> {
    const [row] = await repo.myHouseholds(this.db, ctx.actor.accountId, id);
    if (!row) throw notFound();
    const [household] = await this.presentMine(ctx, [row]);
    const labels = await this.people.careTagCodes(this.db, row.town_id);
    const residents = await repo.residentsOf(this.db, [id]);
    return {
      household: household!,
      residents: residents.map((r) => ({
        id: r.id,
        name: r.name,
        sex: r.sex as Sex,
        age: r.birth_date ? ageOn(r.birth_date) : null,
        relationToHead: r.relation_to_head,
        mobileMasked: r.mobile_masked,
        careTags: this.people.protect.readCareTags(r.care_tags_cipher).map((c) => labels.get(c) ?? c),
      })),
      contacts: await this.presentContacts(ctx, id),
    };
  }

  async logContact(ctx: RequestContext, id: string, body: LogContactBody): Promise<HouseholdContact> {
    // "Today" is the town's calendar day: at 00:30 in Shanghai the UTC date is still yesterday.
    const today = localDate(await townTimezone(this.db, ctx.actor.townId));
    if (body.contactedOn > today)
      throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/contactedOn', message: 'in the future' }] });
    return this.db.transaction().execute(async (trx) => {
      const [row] = await repo.myHouseholds(trx, ctx.actor.accountId, id);
      if (!row) throw notFound();
      const member = await repo.memberOfAccount(trx, ctx.actor.accountId);
      const raised = body.raised?.trim() || null;
      const contactId = await repo.insertContact(trx, {
        town_id: row.town_id,
        household_id: id,
        region_id: row.region_id,
        party_member_id: member?.id ?? null,
        account_id: ctx.actor.accountId,
        contacted_on: body.contactedOn,
        way: body.way,
        raised_cipher: raised ? this.people.protect.encrypt(raised) : null,
        follow_up: body.needsFollowUp ? 'open' : 'none',
      });
      await recordAudit(trx, ctx, {
        action: 'household.contact',
        entity: 'household',
        entityId: id,
        townId: row.town_id,
        regionId: row.region_id,
        // What was raised is personal: the audit line records that something was, not what.
        after: { contactId, contactedOn: body.contactedOn, way: body.way, raised: raised !== null, followUp: body.needsFollowUp ?? false },
      });
      const list = await this.presentContacts(ctx, id, trx);
      return list.find((c) => c.id === contactId)!;
    });
  }

  /** The contact log of a household, for console callers who may read people. */
  async householdContacts(ctx: RequestContext, scope: Scope, id: string): Promise<HouseholdContactList> {
    const h = await this.people.getHousehold({ ...ctx, actor: null }, scope, id);
    const items = await this.presentContacts(ctx, id);
    const others = items.filter((c) => c.raised !== null && c.loggedByName !== ctx.actor.name);
    if (others.length > 0) {
      await recordAudit(this.db, ctx, {
        action: 'personal_data.read',
        entity: 'household',
        entityId: id,
        townId: h.townId,
        regionId: h.regionId,
        after: { fields: ['raised'], contacts: others.map((c) => c.id) },
      });
    }
    return { items };
  }

  private async presentContacts(_ctx: RequestContext, householdId: string, db: Kysely<DB> = this.db): Promise<HouseholdContact[]> {
    const rows = await repo.contactsOf(db, householdId);
    return rows.map((r) => ({
      id: r.id,
      householdId: r.household_id,
      householdAddressMasked: r.address_masked,
      contactedOn: r.contacted_on,
      way: r.way as ContactWay,
      raised: this.people.protect.decrypt(r.raised_cipher),
      followUp: r.follow_up as HouseholdContact['followUp'],
      loggedByName: r.logged_by_name,
      partyMemberId: r.party_member_id,
      createdAt: r.created_at.toISOString(),
    }));
  }

  private async presentMine(ctx: RequestContext, rows: Awaited<ReturnType<typeof repo.myHouseholds>>): Promise<MyHousehold[]> {
    const ids = rows.map((r) => r.id);
    const residents = await repo.residentsOf(this.db, ids);
    const labelsByTown = new Map<string, Map<string, string>>();
    for (const town of new Set(rows.map((r) => r.town_id))) labelsByTown.set(town, await this.people.careTagCodes(this.db, town));
    const out = rows.map((r) => {
      const members = residents.filter((x) => x.household_id === r.id);
      const head = members.find((m) => m.relation_to_head === '户主' || m.relation_to_head === '本人') ?? members[0];
      const labels = labelsByTown.get(r.town_id)!;
      const tags = new Set(members.flatMap((m) => this.people.protect.readCareTags(m.care_tags_cipher)).map((c) => labels.get(c) ?? c));
      return {
        id: r.id,
        addressMasked: r.address_masked,
        building: r.building,
        unit: r.unit,
        roomMasked: r.room_masked,
        regionName: r.region_name,
        headName: head?.name ?? null,
        residentCount: members.length,
        careTags: [...tags],
        lastContactOn: r.last_contact,
        via: r.via,
      };
    });
    const tagged = out.filter((h) => h.careTags.length > 0).map((h) => h.id);
    if (tagged.length > 0) {
      await recordAudit(this.db, ctx, {
        action: 'personal_data.read',
        entity: 'household',
        townId: rows[0]?.town_id ?? null,
        after: { fields: ['careTags'], ids: tagged.slice(0, 500), count: tagged.length },
      });
    }
    return out;
  }
}
