import { GUARDIAN_CONSENT_AGE, ageOn, isIdNumber, isMobile, normalizeIdNumber, normalizeMobile, pointInPolygon } from '@tongxin/shared';
import type {
  CareTagList,
  CreateHouseholdBody,
  CreateResidentBody,
  Household,
  HouseholdListQuery,
  HouseholdPage,
  MoveBody,
  MoveRecord,
  PutCareTagsBody,
  Resident,
  ResidentListQuery,
  ResidentPage,
  RevealField,
  Revealed,
  UpdateHouseholdBody,
  UpdateResidentBody,
} from '@tongxin/shared/schemas';
import type { IdType, PoliticalStatus, Sex, GeoPolygon } from '@tongxin/shared';
import type { Kysely, Updateable } from 'kysely';
import type { Database } from '../../platform/db/index.js';
import type { DB, HouseholdRow, ResidentRow, ResidentTable } from '../../platform/db/schema.js';
import { isForeignKeyViolation, isUniqueViolation } from '../../platform/db/errors.js';
import type { RequestContext } from '../../platform/context.js';
import type { Scope } from '../../platform/scope.js';
import { recordAudit } from '../../platform/audit.js';
import { AppError, notFound } from '../../platform/errors.js';
import { describeRegions } from '../regions/index.js';
import { PersonalData, nameInitials } from './protect.js';
import * as repo from './repository.js';

export type RegionInfo = NonNullable<Awaited<ReturnType<typeof describeRegions>> extends Map<string, infer V> ? V : never>;

/** What a write did to a record, for imports that must not duplicate people. */
export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

export interface HouseholdInput {
  townId: string;
  regionId: string;
  householdNo?: string | null;
  address: string;
  building?: string | null;
  unit?: string | null;
  room?: string | null;
  location?: { lng: number; lat: number } | null;
}

export interface ResidentInput {
  name: string;
  sex?: Sex;
  birthDate?: string | null;
  idType?: IdType;
  idNumber?: string | null;
  mobile?: string | null;
  ethnicity?: string | null;
  politicalStatus?: PoliticalStatus;
  newCitizen?: boolean;
  relationToHead?: string | null;
  careTags?: string[];
  notes?: string | null;
  guardianConsent?: { guardianName: string; relation: string; consentedOn: string } | null;
}

/** Who is reading: a request's caller, or nobody when a write presents its own record. */
export type Actorish = Pick<RequestContext, 'ip' | 'requestId'> & { actor: { accountId: string; name: string; townId: string } | null };

export class PeopleService {
  readonly protect: PersonalData;

  constructor(
    private readonly db: Database,
    protect: PersonalData,
  ) {
    this.protect = protect;
  }

  // ---------------------------------------------------------------- regions and towns

  async regionInScope(db: Kysely<DB>, scope: Scope, regionId: string): Promise<RegionInfo> {
    const region = (await describeRegions(db, [regionId])).get(regionId);
    if (!region || !scope.containsPath(region.path)) throw notFound();
    return region;
  }

  private townInReach(scope: Scope, townId: string): void {
    if (!scope.roots.some((r) => r.path.startsWith(`/${townId}/`))) throw notFound();
  }

  // ---------------------------------------------------------------- care tags

  async careTags(scope: Scope, townId: string): Promise<CareTagList> {
    this.townInReach(scope, townId);
    return { items: await repo.listCareTags(this.db, townId) };
  }

  async putCareTags(ctx: RequestContext, scope: Scope, townId: string, body: PutCareTagsBody): Promise<CareTagList> {
    if (!scope.containsPath(`/${townId}/`)) throw notFound();
    const codes = body.items.map((t) => t.code);
    if (new Set(codes).size !== codes.length) {
      throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/items', message: 'duplicate code' }] });
    }
    return this.db.transaction().execute(async (trx) => {
      const before = await repo.listCareTags(trx, townId);
      for (const gone of before.filter((t) => !codes.includes(t.code))) {
        if (await repo.careTagInUse(trx, townId, this.protect.careTagHash(townId, gone.code))) {
          throw new AppError('CARE_TAG_IN_USE', { details: [{ path: 'body/items', message: gone.label }] });
        }
      }
      const items = body.items.map((t) => ({ code: t.code, label: t.label.trim() }));
      await repo.replaceCareTags(trx, townId, items);
      await recordAudit(trx, ctx, {
        action: 'care_tags.update',
        entity: 'town',
        entityId: townId,
        townId,
        regionId: townId,
        before,
        after: items,
      });
      return { items };
    });
  }

  async careTagCodes(db: Kysely<DB>, townId: string): Promise<Map<string, string>> {
    return new Map((await repo.listCareTags(db, townId)).map((t) => [t.code, t.label]));
  }

  // ---------------------------------------------------------------- households

  async listHouseholds(ctx: Actorish, scope: Scope, query: HouseholdListQuery): Promise<HouseholdPage> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const regionPath = query.regionId ? (await this.regionInScope(this.db, scope, query.regionId)).path : undefined;
    const townId = regionPath ? regionPath.split('/')[1]! : (scope.roots[0]?.path.split('/')[1] ?? '');
    const { items, ...counted } = await repo.findHouseholds(
      this.db,
      scope,
      {
        regionPath,
        q: query.q?.trim() || undefined,
        careTagHash: query.careTag ? this.protect.careTagHash(townId, query.careTag) : undefined,
        located: query.located,
      },
      { offset: (page - 1) * pageSize, limit: pageSize },
    );
    return { items: await this.presentHouseholds(this.db, ctx, items), ...counted };
  }

  async getHousehold(ctx: Actorish, scope: Scope, id: string, db: Kysely<DB> = this.db): Promise<Household> {
    const row = await repo.getHouseholdInScope(db, scope, id);
    if (!row) throw notFound();
    return (await this.presentHouseholds(db, ctx, [row]))[0]!;
  }

  async createHousehold(ctx: RequestContext, scope: Scope, body: CreateHouseholdBody): Promise<Household> {
    return this.db.transaction().execute(async (trx) => {
      const regionId = await this.placeHousehold(trx, scope, ctx.actor.townId, body.regionId, body.location ?? null);
      const region = await this.regionInScope(trx, scope, regionId);
      const id = await this.insertHousehold(trx, {
        townId: region.townId,
        regionId,
        householdNo: body.householdNo,
        address: body.address,
        building: body.building,
        unit: body.unit,
        room: body.room,
        location: body.location,
      });
      const after = await this.getHousehold(quiet(ctx), scope, id, trx);
      await recordAudit(trx, ctx, {
        action: 'household.create',
        entity: 'household',
        entityId: id,
        townId: region.townId,
        regionId,
        after,
      });
      return after;
    });
  }

  /** Insert a household (requests, imports, the demo seed). Duplicates answer CONFLICT. */
  async insertHousehold(trx: Kysely<DB>, input: HouseholdInput): Promise<string> {
    const sealed = this.protect.address(input.townId, input);
    try {
      return await repo.insertHousehold(trx, {
        town_id: input.townId,
        region_id: input.regionId,
        household_no: input.householdNo?.trim() || null,
        address_cipher: sealed.address.cipher,
        address_masked: sealed.address.masked,
        address_hash: sealed.address.hash,
        building: input.building?.trim() || null,
        unit: input.unit?.trim() || null,
        room_cipher: sealed.room?.cipher ?? null,
        room_masked: sealed.room?.masked ?? null,
        lng: input.location?.lng ?? null,
        lat: input.location?.lat ?? null,
      });
    } catch (err) {
      if (isUniqueViolation(err))
        throw new AppError('CONFLICT', { cause: err, details: [{ path: 'body/address', message: 'household exists' }] });
      throw err;
    }
  }

  /** Find a household by its number or full address, or create it. Imports use this. */
  async upsertHousehold(
    trx: Kysely<DB>,
    input: HouseholdInput,
    prefetched?: HouseholdRow | null,
  ): Promise<{ id: string; outcome: UpsertOutcome }> {
    const sealed = this.protect.address(input.townId, input);
    const existing =
      prefetched !== undefined
        ? (prefetched ?? undefined)
        : ((input.householdNo ? await repo.getHouseholdByNo(trx, input.townId, input.householdNo.trim()) : undefined) ??
          (await repo.getHouseholdByAddressHash(trx, input.townId, sealed.address.hash)));
    if (!existing) return { id: await this.insertHousehold(trx, input), outcome: 'created' };
    const patch: Updateable<DB['household']> = {};
    if (existing.region_id !== input.regionId) patch.region_id = input.regionId;
    if (input.location && (existing.lng !== input.location.lng || existing.lat !== input.location.lat)) {
      patch.lng = input.location.lng;
      patch.lat = input.location.lat;
    }
    if (input.householdNo && existing.household_no !== input.householdNo.trim()) patch.household_no = input.householdNo.trim();
    if (Object.keys(patch).length === 0) return { id: existing.id, outcome: 'unchanged' };
    await repo.updateHousehold(trx, existing.id, patch);
    if (patch.region_id) {
      await repo.setResidentsRegion(trx, existing.id, input.regionId);
      await repo.insertMove(trx, {
        town_id: input.townId,
        entity: 'household',
        entity_id: existing.id,
        from_region_id: existing.region_id,
        to_region_id: input.regionId,
        reason: '导入更新',
        actor_id: null,
      });
    }
    return { id: existing.id, outcome: 'updated' };
  }

  // ---------------------------------------------------------------- bulk paths for imports

  /** The sealed row of a new household (nothing written). */
  householdValues(input: HouseholdInput) {
    const sealed = this.protect.address(input.townId, input);
    return {
      town_id: input.townId,
      region_id: input.regionId,
      household_no: input.householdNo?.trim() || null,
      address_cipher: sealed.address.cipher,
      address_masked: sealed.address.masked,
      address_hash: sealed.address.hash,
      building: input.building?.trim() || null,
      unit: input.unit?.trim() || null,
      room_cipher: sealed.room?.cipher ?? null,
      room_masked: sealed.room?.masked ?? null,
      lng: input.location?.lng ?? null,
      lat: input.location?.lat ?? null,
    };
  }

  async findHouseholdsByKeys(trx: Kysely<DB>, townId: string, hashes: string[], nos: string[]): Promise<HouseholdRow[]> {
    if (hashes.length === 0 && nos.length === 0) return [];
    return trx
      .selectFrom('household')
      .selectAll()
      .where('town_id', '=', townId)
      .where((eb) =>
        eb.or([...(hashes.length ? [eb('address_hash', 'in', hashes)] : []), ...(nos.length ? [eb('household_no', 'in', nos)] : [])]),
      )
      .execute();
  }

  async insertHouseholds(
    trx: Kysely<DB>,
    rows: ReturnType<PeopleService['householdValues']>[],
  ): Promise<Array<{ id: string; address_hash: string }>> {
    if (rows.length === 0) return [];
    return trx.insertInto('household').values(rows).returning(['id', 'address_hash']).execute();
  }

  async findResidentsByIdHash(trx: Kysely<DB>, townId: string, hashes: string[]): Promise<ResidentRow[]> {
    if (hashes.length === 0) return [];
    return trx.selectFrom('resident').selectAll().where('town_id', '=', townId).where('id_hash', 'in', hashes).execute();
  }

  async insertResidents(trx: Kysely<DB>, rows: Array<Parameters<typeof repo.insertResident>[1]>): Promise<number> {
    if (rows.length === 0) return 0;
    try {
      await trx.insertInto('resident').values(rows).execute();
    } catch (err) {
      if (isUniqueViolation(err, 'resident_id_key')) throw new AppError('ID_NUMBER_TAKEN', { cause: err });
      throw err;
    }
    return rows.length;
  }

  async updateHousehold(ctx: RequestContext, scope: Scope, id: string, body: UpdateHouseholdBody): Promise<Household> {
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.getHouseholdInScope(trx, scope, id, true);
      if (!row) throw notFound();
      if (row.version !== body.version) throw new AppError('CONFLICT');
      const before = await this.getHousehold(quiet(ctx), scope, id, trx);
      const patch: Updateable<DB['household']> = {};
      if (body.householdNo !== undefined) patch.household_no = body.householdNo?.trim() || null;
      if (body.building !== undefined) patch.building = body.building?.trim() || null;
      if (body.unit !== undefined) patch.unit = body.unit?.trim() || null;
      if (body.location !== undefined) {
        patch.lng = body.location?.lng ?? null;
        patch.lat = body.location?.lat ?? null;
      }
      if (body.address !== undefined || body.room !== undefined || body.building !== undefined || body.unit !== undefined) {
        const address = body.address ?? this.protect.decrypt(row.address_cipher)!;
        const room = body.room !== undefined ? body.room : this.protect.decrypt(row.room_cipher);
        const sealed = this.protect.address(row.town_id, {
          address,
          building: body.building !== undefined ? body.building : row.building,
          unit: body.unit !== undefined ? body.unit : row.unit,
          room,
        });
        patch.address_cipher = sealed.address.cipher;
        patch.address_masked = sealed.address.masked;
        patch.address_hash = sealed.address.hash;
        patch.room_cipher = sealed.room?.cipher ?? null;
        patch.room_masked = sealed.room?.masked ?? null;
      }
      try {
        await repo.updateHousehold(trx, id, patch);
      } catch (err) {
        if (isUniqueViolation(err)) throw new AppError('CONFLICT', { cause: err });
        throw err;
      }
      const after = await this.getHousehold(quiet(ctx), scope, id, trx);
      await recordAudit(trx, ctx, {
        action: 'household.update',
        entity: 'household',
        entityId: id,
        townId: row.town_id,
        regionId: row.region_id,
        before,
        after,
      });
      return after;
    });
  }

  async deleteHousehold(ctx: RequestContext, scope: Scope, id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await repo.getHouseholdInScope(trx, scope, id, true);
      if (!row) throw notFound();
      if ((await repo.householdResidents(trx, [id])).length > 0) throw new AppError('HOUSEHOLD_HAS_RESIDENTS');
      if ((await repo.countHouseholdHistory(trx, id)) > 0) throw new AppError('HOUSEHOLD_HAS_HISTORY');
      const before = await this.getHousehold(quiet(ctx), scope, id, trx);
      try {
        await repo.deleteHousehold(trx, id);
      } catch (err) {
        if (isForeignKeyViolation(err)) throw new AppError('HOUSEHOLD_HAS_HISTORY', { cause: err });
        throw err;
      }
      await recordAudit(trx, ctx, {
        action: 'household.delete',
        entity: 'household',
        entityId: id,
        townId: row.town_id,
        regionId: row.region_id,
        before,
      });
    });
  }

  async moveHousehold(ctx: RequestContext, scope: Scope, id: string, body: MoveBody): Promise<Household> {
    if (!body.regionId) throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/regionId', message: 'required' }] });
    const regionId = body.regionId;
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.getHouseholdInScope(trx, scope, id, true);
      if (!row) throw notFound();
      const target = await this.regionInScope(trx, scope, regionId);
      if (target.townId !== row.town_id || target.depth === 0)
        throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/regionId', message: 'not a grid of this town' }] });
      if (row.region_id === regionId) return this.getHousehold(quiet(ctx), scope, id, trx);
      await repo.updateHousehold(trx, id, { region_id: regionId });
      await repo.setResidentsRegion(trx, id, regionId);
      await repo.insertMove(trx, {
        town_id: row.town_id,
        entity: 'household',
        entity_id: id,
        from_region_id: row.region_id,
        to_region_id: regionId,
        reason: body.reason?.trim() || null,
        actor_id: ctx.actor.accountId,
      });
      const after = await this.getHousehold(quiet(ctx), scope, id, trx);
      await recordAudit(trx, ctx, {
        action: 'household.move',
        entity: 'household',
        entityId: id,
        townId: row.town_id,
        regionId,
        before: { regionId: row.region_id },
        after: { regionId, reason: body.reason ?? null },
      });
      return after;
    });
  }

  async householdMoves(scope: Scope, id: string): Promise<{ items: MoveRecord[] }> {
    if (!(await repo.getHouseholdInScope(this.db, scope, id))) throw notFound();
    return { items: await this.presentMoves(id) };
  }

  async revealHousehold(ctx: RequestContext, scope: Scope, id: string, fields: RevealField[]): Promise<Revealed> {
    const row = await repo.getHouseholdInScope(this.db, scope, id);
    if (!row) throw notFound();
    const out: Revealed = {};
    if (fields.includes('address')) out.address = this.fullAddress(row);
    await recordAudit(this.db, ctx, {
      action: 'personal_data.reveal',
      entity: 'household',
      entityId: id,
      townId: row.town_id,
      regionId: row.region_id,
      after: { fields: Object.keys(out) },
    });
    return out;
  }

  fullAddress(row: Pick<HouseholdRow, 'address_cipher' | 'building' | 'unit' | 'room_cipher'>): string {
    const room = this.protect.decrypt(row.room_cipher);
    return [
      this.protect.decrypt(row.address_cipher),
      row.building && `${row.building}栋`,
      row.unit && `${row.unit}单元`,
      room && `${room}室`,
    ]
      .filter(Boolean)
      .join(' ');
  }

  /** The grid a household sits in: the one given, or the deepest bounded node containing the point. */
  async placeHousehold(
    db: Kysely<DB>,
    scope: Scope,
    townId: string,
    regionId: string | undefined,
    location: { lng: number; lat: number } | null,
  ): Promise<string> {
    if (regionId) {
      const region = await this.regionInScope(db, scope, regionId);
      if (region.depth === 0) throw new AppError('HOUSEHOLD_NOT_LOCATED');
      return regionId;
    }
    if (!location) throw new AppError('HOUSEHOLD_NOT_LOCATED');
    const found = await this.locate(db, townId, location);
    if (!found || !scope.containsPath(found.path)) throw new AppError('HOUSEHOLD_NOT_LOCATED');
    return found.id;
  }

  async locate(db: Kysely<DB>, townId: string, location: { lng: number; lat: number }) {
    for (const r of await repo.boundedRegions(db, townId)) {
      if (pointInPolygon([location.lng, location.lat], r.boundary as GeoPolygon)) return r;
    }
    return undefined;
  }

  // ---------------------------------------------------------------- residents

  async listResidents(ctx: Actorish, scope: Scope, query: ResidentListQuery): Promise<ResidentPage> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { filter } = await this.residentFilter(ctx, scope, query);
    const { items, ...counted } = await repo.findResidents(this.db, scope, filter, { offset: (page - 1) * pageSize, limit: pageSize });
    return { items: await this.presentResidents(this.db, ctx, items), ...counted };
  }

  async residentFilter(ctx: Actorish, scope: Scope, query: Omit<ResidentListQuery, 'page' | 'pageSize'>) {
    const regionPath = query.regionId ? (await this.regionInScope(this.db, scope, query.regionId)).path : undefined;
    const townId = regionPath ? regionPath.split('/')[1]! : (scope.roots[0]?.path.split('/')[1] ?? '');
    const filter: repo.ResidentFilter = {
      regionPath,
      householdId: query.householdId,
      politicalStatus: query.politicalStatus,
      newCitizen: query.newCitizen,
      careTagHash: query.careTag ? this.protect.careTagHash(townId, query.careTag) : undefined,
    };
    const q = query.q?.trim();
    if (q) {
      const mobile = normalizeMobile(q);
      if (isMobile(mobile)) filter.mobileHash = this.protect.mobileHash(mobile);
      else if (/^1[3-9][0-9]\*{4}[0-9]{4}$/.test(q)) filter.mobileMasked = q;
      else if (/^[0-9]{4}$/.test(q)) filter.mobileLast4 = q;
      else if (isIdNumber(q) || /^[0-9A-Za-z()-]{8,40}$/.test(q)) filter.idHash = this.protect.idHash(normalizeIdNumber(q));
      else if (/^[a-zA-Z]{1,10}$/.test(q)) {
        filter.initials = q.toLowerCase();
        filter.name = q;
      } else filter.name = q;
    }
    return { filter, townId };
  }

  async getResident(ctx: Actorish, scope: Scope, id: string, db: Kysely<DB> = this.db): Promise<Resident> {
    const row = await repo.getResidentInScope(db, scope, id);
    if (!row) throw notFound();
    return (await this.presentResidents(db, ctx, [row]))[0]!;
  }

  async createResident(ctx: RequestContext, scope: Scope, body: CreateResidentBody): Promise<Resident> {
    return this.db.transaction().execute(async (trx) => {
      const household = await repo.getHouseholdInScope(trx, scope, body.householdId);
      if (!household) throw notFound();
      const id = await this.insertResident(trx, household, body);
      const after = await this.getResident(quiet(ctx), scope, id, trx);
      await recordAudit(trx, ctx, {
        action: 'resident.create',
        entity: 'resident',
        entityId: id,
        townId: household.town_id,
        regionId: household.region_id,
        after,
      });
      return after;
    });
  }

  /** Validate and seal a resident's fields into a row (shared by create, update and import). */
  async residentValues(
    db: Kysely<DB>,
    townId: string,
    input: ResidentInput,
    current?: ResidentRow,
    knownTags?: Map<string, string>,
  ): Promise<Omit<Updateable<ResidentTable>, 'id' | 'town_id' | 'household_id' | 'region_id'>> {
    const v: Omit<Updateable<ResidentTable>, 'id' | 'town_id' | 'household_id' | 'region_id'> = {};
    const name = input.name.trim();
    if (!name) throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/name', message: 'empty' }] });
    v.name = name;
    v.name_initials = nameInitials(name);
    const idType = input.idType ?? (current?.id_type as IdType | undefined) ?? 'resident_id';
    v.id_type = idType;
    let sex = input.sex ?? (current?.sex as Sex | undefined);
    let birthDate = input.birthDate !== undefined ? input.birthDate : (current?.birth_date ?? null);
    if (input.idNumber !== undefined) {
      if (input.idNumber === null || input.idNumber.trim() === '') {
        v.id_cipher = v.id_hash = v.id_masked = null;
      } else {
        const { sealed, facts } = this.protect.idNumber(idType, input.idNumber);
        v.id_cipher = sealed.cipher;
        v.id_hash = sealed.hash;
        v.id_masked = sealed.masked;
        // An ID card states birth date and sex: they win over what was typed.
        if (facts) {
          birthDate = facts.birthDate;
          sex = facts.sex;
        }
      }
    }
    if (!sex) throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/sex', message: 'required' }] });
    v.sex = sex;
    v.birth_date = birthDate;
    if (input.mobile !== undefined) {
      if (input.mobile === null || input.mobile.trim() === '') v.mobile_cipher = v.mobile_hash = v.mobile_masked = null;
      else {
        const m = this.protect.mobile(input.mobile);
        v.mobile_cipher = m.cipher;
        v.mobile_hash = m.hash;
        v.mobile_masked = m.masked;
      }
    }
    if (input.ethnicity !== undefined) v.ethnicity = input.ethnicity?.trim() || null;
    if (input.politicalStatus !== undefined) v.political_status = input.politicalStatus;
    if (input.newCitizen !== undefined) v.new_citizen = input.newCitizen;
    if (input.relationToHead !== undefined) v.relation_to_head = input.relationToHead?.trim() || null;
    if (input.careTags !== undefined) {
      const known = knownTags ?? (await this.careTagCodes(db, townId));
      const unknown = input.careTags.filter((c) => !known.has(c));
      if (unknown.length > 0) throw new AppError('CARE_TAG_UNKNOWN', { details: [{ path: 'body/careTags', message: unknown.join(',') }] });
      const tags = this.protect.careTags(townId, input.careTags);
      v.care_tags_cipher = tags.cipher;
      v.care_tag_hashes = tags.hashes;
    }
    if (input.notes !== undefined) v.notes_cipher = input.notes?.trim() ? this.protect.encrypt(input.notes.trim()) : null;
    if (input.guardianConsent !== undefined) {
      v.guardian_name = input.guardianConsent?.guardianName.trim() || null;
      v.guardian_relation = input.guardianConsent?.relation.trim() || null;
      v.guardian_consented_on = input.guardianConsent?.consentedOn ?? null;
    }
    const consented = v.guardian_consented_on !== undefined ? v.guardian_consented_on : (current?.guardian_consented_on ?? null);
    if (birthDate && ageOn(birthDate) < GUARDIAN_CONSENT_AGE && !consented) throw new AppError('GUARDIAN_CONSENT_REQUIRED');
    return v;
  }

  async insertResident(
    trx: Kysely<DB>,
    household: Pick<HouseholdRow, 'id' | 'town_id' | 'region_id'>,
    input: ResidentInput,
    knownTags?: Map<string, string>,
  ): Promise<string> {
    const values = await this.residentValues(
      trx,
      household.town_id,
      { ...input, idNumber: input.idNumber ?? null, mobile: input.mobile ?? null },
      undefined,
      knownTags,
    );
    try {
      return await repo.insertResident(trx, {
        ...values,
        name: values.name!,
        sex: values.sex!,
        birth_date: values.birth_date ?? null,
        town_id: household.town_id,
        household_id: household.id,
        region_id: household.region_id,
      } as Parameters<typeof repo.insertResident>[1]);
    } catch (err) {
      if (isUniqueViolation(err, 'resident_id_key')) throw new AppError('ID_NUMBER_TAKEN', { cause: err });
      throw err;
    }
  }

  /**
   * Find a resident by ID number (or, without one, by name and birth date in the household) and
   * update them, or create them. Re-importing a sheet therefore never duplicates people; a
   * resident found in another household is moved there, with the move recorded.
   */
  async upsertResident(
    trx: Kysely<DB>,
    household: Pick<HouseholdRow, 'id' | 'town_id' | 'region_id'>,
    input: ResidentInput,
    knownTags?: Map<string, string>,
    prefetched?: ResidentRow | null,
  ): Promise<{ id: string; outcome: UpsertOutcome }> {
    let existing: ResidentRow | undefined;
    if (prefetched !== undefined) existing = prefetched ?? undefined;
    else if (input.idNumber) existing = await repo.getResidentByIdHash(trx, household.town_id, this.protect.idHash(input.idNumber));
    else existing = await repo.getResidentByNameInHousehold(trx, household.id, input.name.trim(), input.birthDate ?? null);
    if (!existing) return { id: await this.insertResident(trx, household, input, knownTags), outcome: 'created' };
    const values = await this.residentValues(trx, household.town_id, input, existing, knownTags);
    const changed = Object.entries(values).filter(([k, val]) => {
      const cur = (existing as unknown as Record<string, unknown>)[k];
      if (k.endsWith('_cipher')) {
        // Ciphertexts differ on every encryption: compare the clear values.
        const a = typeof cur === 'string' ? this.protect.decrypt(cur) : null;
        const b = typeof val === 'string' ? this.protect.decrypt(val) : null;
        return a !== b;
      }
      return JSON.stringify(cur ?? null) !== JSON.stringify(val ?? null);
    });
    const moved = existing.household_id !== household.id;
    if (changed.length === 0 && !moved) return { id: existing.id, outcome: 'unchanged' };
    const patch: Updateable<ResidentTable> = Object.fromEntries(changed);
    if (moved) {
      patch.household_id = household.id;
      patch.region_id = household.region_id;
      await repo.insertMove(trx, {
        town_id: household.town_id,
        entity: 'resident',
        entity_id: existing.id,
        from_household_id: existing.household_id,
        to_household_id: household.id,
        from_region_id: existing.region_id,
        to_region_id: household.region_id,
        reason: '导入更新',
        actor_id: null,
      });
    }
    await repo.updateResident(trx, existing.id, patch);
    return { id: existing.id, outcome: 'updated' };
  }

  async updateResident(ctx: RequestContext, scope: Scope, id: string, body: UpdateResidentBody): Promise<Resident> {
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.getResidentInScope(trx, scope, id, true);
      if (!row) throw notFound();
      if (row.version !== body.version) throw new AppError('CONFLICT');
      const before = await this.getResident(quiet(ctx), scope, id, trx);
      const values = await this.residentValues(trx, row.town_id, { ...body, name: body.name ?? row.name }, row);
      try {
        await repo.updateResident(trx, id, values);
      } catch (err) {
        if (isUniqueViolation(err, 'resident_id_key')) throw new AppError('ID_NUMBER_TAKEN', { cause: err });
        throw err;
      }
      const after = await this.getResident(quiet(ctx), scope, id, trx);
      await recordAudit(trx, ctx, {
        action: 'resident.update',
        entity: 'resident',
        entityId: id,
        townId: row.town_id,
        regionId: row.region_id,
        before,
        after,
      });
      return after;
    });
  }

  async deleteResident(ctx: RequestContext, scope: Scope, id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await repo.getResidentInScope(trx, scope, id, true);
      if (!row) throw notFound();
      const before = await this.getResident(quiet(ctx), scope, id, trx);
      await repo.deleteResident(trx, id);
      await recordAudit(trx, ctx, {
        action: 'resident.delete',
        entity: 'resident',
        entityId: id,
        townId: row.town_id,
        regionId: row.region_id,
        before,
      });
    });
  }

  async moveResident(ctx: RequestContext, scope: Scope, id: string, body: MoveBody): Promise<Resident> {
    if (!body.householdId) throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/householdId', message: 'required' }] });
    const householdId = body.householdId;
    return this.db.transaction().execute(async (trx) => {
      const row = await repo.getResidentInScope(trx, scope, id, true);
      if (!row) throw notFound();
      const target = await repo.getHouseholdInScope(trx, scope, householdId);
      if (!target || target.town_id !== row.town_id) throw notFound();
      if (row.household_id === householdId) return this.getResident(quiet(ctx), scope, id, trx);
      await repo.updateResident(trx, id, { household_id: householdId, region_id: target.region_id });
      await repo.insertMove(trx, {
        town_id: row.town_id,
        entity: 'resident',
        entity_id: id,
        from_household_id: row.household_id,
        to_household_id: householdId,
        from_region_id: row.region_id,
        to_region_id: target.region_id,
        reason: body.reason?.trim() || null,
        actor_id: ctx.actor.accountId,
      });
      const after = await this.getResident(quiet(ctx), scope, id, trx);
      await recordAudit(trx, ctx, {
        action: 'resident.move',
        entity: 'resident',
        entityId: id,
        townId: row.town_id,
        regionId: target.region_id,
        before: { householdId: row.household_id },
        after: { householdId, reason: body.reason ?? null },
      });
      return after;
    });
  }

  async residentMoves(scope: Scope, id: string): Promise<{ items: MoveRecord[] }> {
    if (!(await repo.getResidentInScope(this.db, scope, id))) throw notFound();
    return { items: await this.presentMoves(id) };
  }

  async revealResident(ctx: RequestContext, scope: Scope, id: string, fields: RevealField[]): Promise<Revealed> {
    const row = await repo.getResidentInScope(this.db, scope, id);
    if (!row) throw notFound();
    const out: Revealed = {};
    if (fields.includes('idNumber')) out.idNumber = this.protect.decrypt(row.id_cipher);
    if (fields.includes('mobile')) out.mobile = this.protect.decrypt(row.mobile_cipher);
    if (fields.includes('notes')) out.notes = this.protect.decrypt(row.notes_cipher);
    if (fields.includes('address')) {
      const h = await repo.getHouseholdInScope(this.db, scope, row.household_id);
      out.address = h ? this.fullAddress(h) : null;
    }
    await recordAudit(this.db, ctx, {
      action: 'personal_data.reveal',
      entity: 'resident',
      entityId: id,
      townId: row.town_id,
      regionId: row.region_id,
      after: { fields: Object.keys(out) },
    });
    return out;
  }

  // ---------------------------------------------------------------- map

  async map(
    ctx: Actorish,
    scope: Scope,
    regionId: string | undefined,
    tiles: { url: string; crs: 'wgs84' | 'gcj02'; attribution: string },
  ) {
    const root = regionId ? await this.regionInScope(this.db, scope, regionId) : undefined;
    const path = root?.path ?? scope.roots[0]?.path ?? '/';
    const regions = await repo.regionsForMap(this.db, scope, path);
    const { items } = await repo.findHouseholds(this.db, scope, { regionPath: path, located: true }, { offset: 0, limit: 5000 });
    const residents = await repo.householdResidents(
      this.db,
      items.map((h) => h.id),
    );
    const tagged = new Set(residents.filter((r) => r.care_tags_cipher).map((r) => r.household_id));
    return {
      regions: regions.map((r) => ({
        id: r.id,
        name: r.name,
        depth: r.depth,
        boundary: (r.boundary as GeoPolygon | null) ?? null,
        centre: r.centre_lng !== null && r.centre_lat !== null ? { lng: r.centre_lng, lat: r.centre_lat } : null,
      })),
      households: items.map((h) => ({
        id: h.id,
        addressMasked: h.address_masked,
        location: { lng: h.lng!, lat: h.lat! },
        careTagCount: tagged.has(h.id) ? residents.filter((r) => r.household_id === h.id && r.care_tags_cipher).length : 0,
      })),
      tiles,
    };
  }

  // ---------------------------------------------------------------- presenting

  /**
   * Care tags are health and hardship facts: every response that carries them in clear is
   * written to the audit log (one line per response, naming whose tags were read).
   */
  private async auditCareTagRead(ctx: Actorish, entity: string, ids: string[], townId: string | null): Promise<void> {
    if (!ctx.actor || ids.length === 0) return;
    await recordAudit(this.db, ctx, {
      action: 'personal_data.read',
      entity,
      townId,
      after: { fields: ['careTags'], ids: ids.slice(0, 500), count: ids.length },
    });
  }

  async presentHouseholds(db: Kysely<DB>, ctx: Actorish, rows: HouseholdRow[]): Promise<Household[]> {
    const ids = rows.map((r) => r.id);
    const [regions, residents, contacts] = await Promise.all([
      describeRegions(
        db,
        rows.map((r) => r.region_id),
      ),
      repo.householdResidents(db, ids),
      repo.lastContacts(db, ids),
    ]);
    const byHousehold = new Map<string, typeof residents>();
    for (const r of residents) byHousehold.set(r.household_id, [...(byHousehold.get(r.household_id) ?? []), r]);
    const out = rows.map((r) => {
      const members = byHousehold.get(r.id) ?? [];
      const head = members.find((m) => m.relation_to_head === '户主' || m.relation_to_head === '本人') ?? members[0];
      const tags = new Set(members.flatMap((m) => this.protect.readCareTags(m.care_tags_cipher)));
      return {
        id: r.id,
        townId: r.town_id,
        regionId: r.region_id,
        regionPath: regions.get(r.region_id)?.pathNames ?? [],
        householdNo: r.household_no,
        addressMasked: r.address_masked,
        building: r.building,
        unit: r.unit,
        roomMasked: r.room_masked,
        location: r.lng !== null && r.lat !== null ? { lng: r.lng, lat: r.lat } : null,
        headName: head?.name ?? null,
        residentCount: members.length,
        careTags: [...tags].sort(),
        lastContactOn: contacts.get(r.id) ?? null,
        version: r.version,
        createdAt: r.created_at.toISOString(),
      };
    });
    await this.auditCareTagRead(
      ctx,
      'household',
      out.filter((h) => h.careTags.length > 0).map((h) => h.id),
      rows[0]?.town_id ?? null,
    );
    return out;
  }

  async presentResidents(db: Kysely<DB>, ctx: Actorish, rows: ResidentRow[]): Promise<Resident[]> {
    const [regions, households, members] = await Promise.all([
      describeRegions(
        db,
        rows.map((r) => r.region_id),
      ),
      repo.householdSummaries(db, [...new Set(rows.map((r) => r.household_id))]),
      repo.partyMemberIds(
        db,
        rows.map((r) => r.id),
      ),
    ]);
    const out = rows.map((r) => ({
      id: r.id,
      townId: r.town_id,
      householdId: r.household_id,
      householdAddressMasked: households.get(r.household_id)?.address_masked ?? '',
      regionId: r.region_id,
      regionPath: regions.get(r.region_id)?.pathNames ?? [],
      name: r.name,
      nameInitials: r.name_initials,
      sex: r.sex as Sex,
      birthDate: r.birth_date,
      age: r.birth_date ? ageOn(r.birth_date) : null,
      idType: r.id_type as IdType,
      idNumberMasked: r.id_masked,
      mobileMasked: r.mobile_masked,
      ethnicity: r.ethnicity,
      politicalStatus: r.political_status as PoliticalStatus,
      newCitizen: r.new_citizen,
      relationToHead: r.relation_to_head,
      careTags: this.protect.readCareTags(r.care_tags_cipher),
      hasNotes: r.notes_cipher !== null,
      guardianConsent:
        r.guardian_consented_on && r.guardian_name
          ? { guardianName: r.guardian_name, relation: r.guardian_relation ?? '', consentedOn: r.guardian_consented_on }
          : null,
      partyMemberId: members.get(r.id) ?? null,
      version: r.version,
      createdAt: r.created_at.toISOString(),
    }));
    await this.auditCareTagRead(
      ctx,
      'resident',
      out.filter((r) => r.careTags.length > 0).map((r) => r.id),
      rows[0]?.town_id ?? null,
    );
    return out;
  }

  private async presentMoves(entityId: string): Promise<MoveRecord[]> {
    const rows = await repo.listMoves(this.db, entityId);
    const regions = await describeRegions(
      this.db,
      rows.flatMap((r) => [r.from_region_id, r.to_region_id]).filter((x): x is string => !!x),
    );
    const households = await repo.householdSummaries(
      this.db,
      rows.flatMap((r) => [r.from_household_id, r.to_household_id]).filter((x): x is string => !!x),
    );
    const regionName = (id: string | null) => (id ? (regions.get(id)?.pathNames.join(' / ') ?? null) : null);
    const householdName = (id: string | null) => (id ? (households.get(id)?.address_masked ?? null) : null);
    return rows.map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      actorName: r.actor_name,
      fromRegion: regionName(r.from_region_id),
      toRegion: regionName(r.to_region_id),
      fromHousehold: householdName(r.from_household_id),
      toHousehold: householdName(r.to_household_id),
      reason: r.reason,
    }));
  }
}

/**
 * Presenting inside a write must not log a care-tag read of its own: the write's audit line
 * already holds the record. This drops the actor for that purpose only.
 */
function quiet(ctx: RequestContext): Actorish {
  return { ip: ctx.ip, requestId: ctx.requestId, actor: null };
}
