import type { Readable } from 'node:stream';
import {
  ERRORS,
  ID_TYPES,
  ID_TYPE_LABELS,
  POLITICAL_STATUSES,
  POLITICAL_STATUS_LABELS,
  type IdType,
  type Locale,
  type PoliticalStatus,
  type Sex,
} from '@tongxin/shared';
import type { ImportKind, ImportQuery, ImportResult } from '@tongxin/shared/schemas';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/index.js';
import type { DB, HouseholdRow } from '../../platform/db/schema.js';
import type { RequestContext } from '../../platform/context.js';
import { Scope } from '../../platform/scope.js';
import { scopeFor } from '../../platform/auth/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import { AppError, notFound } from '../../platform/errors.js';
import { readSheet, writeSheet } from '../../platform/xlsx.js';
import type { HouseholdInput, PeopleService, ResidentInput, UpsertOutcome } from '../people/index.js';
import type { PartyService } from '../party/index.js';
import { IMPORT_COLUMNS, IMPORT_SHEET_NAMES, headerIndex } from './columns.js';

export interface RowError {
  row: number;
  column: string | null;
  message: string;
}

/** Thrown inside the import transaction to undo it in strict mode; carries the counts out. */
class StrictRollback extends Error {}

const SHOWN_ERRORS = 50;

export class ImportService {
  constructor(
    private readonly db: Database,
    private readonly people: PeopleService,
    private readonly party: PartyService,
  ) {}

  /** The template: headers with `*` on required ones, one example row, and a sheet of notes. */
  async template(kind: ImportKind) {
    const cols = IMPORT_COLUMNS[kind];
    const sheet = await writeSheet({
      sheetName: IMPORT_SHEET_NAMES[kind],
      columns: cols.map((c) => ({ header: c.required ? `${c.header}*` : c.header, key: c.key, width: c.key === 'grid' ? 36 : 16 })),
      notes: [
        ['列名', '填写说明'],
        ...cols.map((c) => [c.header + (c.required ? '（必填）' : ''), c.note ?? '']),
        ['', ''],
        [
          '导入规则',
          '表头可在前 10 行内（上方可有合并的标题行）；每个错误行都会写入错误报告；严格模式下有错误则整表不导入；重复导入同一文件不会重复登记。',
        ],
      ],
    });
    void (async () => {
      sheet.add(Object.fromEntries(cols.map((c) => [c.key, c.example ?? ''])));
      await sheet.end();
    })();
    return sheet.stream;
  }

  async run(ctx: RequestContext, scope: Scope, kind: ImportKind, query: ImportQuery, file: Readable | string): Promise<ImportResult> {
    const region = await this.people.regionInScope(this.db, scope, query.regionId);
    const strict = query.strict ?? false;
    if (kind === 'party_members') {
      // A party-member sheet also needs party.manage over the region it imports into.
      const partyScope = scopeFor(ctx.actor, 'party.manage');
      if (!partyScope.containsPath(region.path)) throw new AppError('FORBIDDEN');
    }
    const counts = { total: 0, created: 0, updated: 0, unchanged: 0 };
    const errors: RowError[] = [];
    let rolledBack = false;
    try {
      await this.db.transaction().execute(async (trx) => {
        const rows = readSheet(file, new Set(headerIndex(kind).keys()));
        const tally: Tally = {
          ok: (outcome) => (counts[outcome] += 1),
          fail: (row, err) => errors.push(rowError(row, err, ctx.locale)),
        };
        const importer = await this.importer(trx, kind, region.townId, region.path, tally);
        let headerChecked = false;
        for await (const r of rows) {
          if (!headerChecked) {
            const present = new Set([...r.values.keys()].map((h) => headerIndex(kind).get(h)));
            const missing = IMPORT_COLUMNS[kind].filter((c) => c.required && !present.has(c.key));
            if (missing.length > 0) {
              throw new AppError('IMPORT_HEADER_MISSING', { details: missing.map((c) => ({ path: c.header, message: 'missing' })) });
            }
            headerChecked = true;
          }
          counts.total += 1;
          const record = new Map<string, string>();
          for (const [h, v] of r.values) record.set(headerIndex(kind).get(h)!, v);
          try {
            const outcome = await importer.row(r.row, record);
            if (outcome) counts[outcome] += 1;
          } catch (err) {
            errors.push(rowError(r.row, err, ctx.locale));
          }
        }
        await importer.flush();
        errors.sort((a, b) => a.row - b.row);
        if (strict && errors.length > 0) throw new StrictRollback();
      });
    } catch (err) {
      // Another import (or a person) stored the same household or ID number meanwhile: this
      // transaction is undone whole; running the file again finds them and stores the rest.
      if (isUniqueViolation(err)) throw new AppError('CONFLICT', { cause: err });
      if (!(err instanceof StrictRollback)) throw err;
      rolledBack = true;
    }
    const stored = rolledBack ? { created: 0, updated: 0, unchanged: 0 } : counts;
    const run = await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('import_run')
        .values({
          town_id: region.townId,
          region_id: query.regionId,
          account_id: ctx.actor.accountId,
          kind,
          strict,
          total: counts.total,
          created: stored.created,
          updated: stored.updated,
          unchanged: stored.unchanged,
          failed: errors.length,
          rolled_back: rolledBack,
          errors: JSON.stringify(errors),
        })
        .returning(['id'])
        .executeTakeFirstOrThrow();
      await recordAudit(trx, ctx, {
        action: `import.${kind}`,
        entity: 'import_run',
        entityId: row.id,
        townId: region.townId,
        regionId: query.regionId,
        after: { total: counts.total, ...stored, failed: errors.length, strict, rolledBack },
      });
      return row;
    });
    return {
      id: run.id,
      kind,
      total: counts.total,
      ...stored,
      failed: errors.length,
      strict,
      rolledBack,
      errors: errors.slice(0, SHOWN_ERRORS),
      reportUrl: errors.length > 0 ? `/api/imports/${run.id}/report` : null,
    };
  }

  /** The error report of an import the caller ran (or can see by region), as a sheet. */
  async report(ctx: RequestContext, scope: Scope, id: string) {
    const run = await this.db
      .selectFrom('import_run')
      .select(['id', 'kind', 'errors', 'created_at', 'region_id'])
      .where('id', '=', id)
      .where((eb) => scope.regionIn(eb.ref('import_run.region_id')))
      .executeTakeFirst();
    if (!run) throw notFound();
    const sheet = await writeSheet({
      sheetName: '错误报告',
      columns: [
        { header: '行号', key: 'row', width: 8 },
        { header: '列', key: 'column', width: 16 },
        { header: '原因', key: 'message', width: 60 },
      ],
      watermark: `${IMPORT_SHEET_NAMES[run.kind as ImportKind]}导入错误报告 · ${run.created_at.toISOString().slice(0, 19).replace('T', ' ')} UTC · 下载人：${ctx.actor.name}`,
    });
    void (async () => {
      for (const e of run.errors as RowError[]) sheet.add({ row: e.row, column: e.column ?? '', message: e.message });
      await sheet.end();
    })();
    return { stream: sheet.stream, kind: run.kind as ImportKind };
  }

  // ---------------------------------------------------------------- per-kind row handlers

  private async importer(trx: Kysely<DB>, kind: ImportKind, townId: string, rootPath: string, tally: Tally): Promise<RowImporter> {
    const grids = await gridLookup(trx, townId, rootPath);
    const tagRows = await trx.selectFrom('care_tag').select(['code', 'label']).where('town_id', '=', townId).execute();
    const knownTags = new Map(tagRows.map((t) => [t.code, t.label]));
    const tagByLabel = new Map(tagRows.flatMap((t) => [[t.label, t.code] as const, [t.code, t.code] as const]));
    const households = new Map<string, Pick<HouseholdRow, 'id' | 'town_id' | 'region_id'>>();

    const household = async (rec: Map<string, string>) => {
      const input = householdInputOf(rec, townId, grids);
      const grid = input.regionId;
      const key = householdKey(input);
      const cached = households.get(key);
      if (cached && cached.region_id === grid) return { household: cached, outcome: 'unchanged' as const };
      const { id, outcome } = await this.people.upsertHousehold(trx, input);
      const h = { id, town_id: townId, region_id: grid };
      households.set(key, h);
      return { household: h, outcome };
    };

    if (kind === 'households') return { row: async (_row, rec) => (await household(rec)).outcome, flush: async () => {} };

    if (kind === 'residents') return this.residentImporter(trx, townId, grids, knownTags, tagByLabel, tally);

    // Party members: organisations and communities are named; residents are found by ID number.
    const orgRows = await trx
      .selectFrom('party_org')
      .innerJoin('region', 'region.id', 'party_org.region_id')
      .select(['party_org.id', 'party_org.name'])
      .where('party_org.town_id', '=', townId)
      .where('region.path', 'like', `${rootPath}%`)
      .execute();
    const orgs = uniqueIndex(orgRows.map((o) => [o.name, o.id]));
    const communities = uniqueIndex(
      (await trx.selectFrom('region').select(['id', 'name']).where('town_id', '=', townId).where('depth', '=', 1).execute()).map((r) => [
        r.name,
        r.id,
      ]),
    );
    const partyScope = new Scope('party.manage', [{ regionId: townId, path: rootPath }]);
    const member = async (rec: Map<string, string>): Promise<UpsertOutcome> => {
      const name = need(rec, 'name', '姓名', 40);
      const orgName = need(rec, 'org', '所属党组织', 60);
      const orgId = orgs.get(orgName);
      if (!orgId) throw cellError('所属党组织', `找不到党组织“${orgName}”（或重名）/ no such organisation`);
      const joinDate = dateCell(rec, 'joinDate', '入党日期', true)!;
      const fullDate = dateCell(rec, 'fullDate', '转正日期', false);
      const statusText = rec.get('status') ?? '';
      const status = /预备|probation/i.test(statusText) ? 'probationary' : 'full';
      const reportName = rec.get('reportRegion')?.trim();
      let communityReport = null;
      if (reportName) {
        const regionId = communities.get(reportName);
        if (!regionId) throw cellError('报到社区', `找不到村（社区）“${reportName}” / no such community`);
        communityReport = {
          regionId,
          reportedOn: dateCell(rec, 'reportedOn', '报到日期', true)!,
          workUnit: text(rec, 'workUnit', 60),
          pledgedServices: splitList(rec.get('pledgedServices') ?? ''),
        };
      }
      const idNumber = rec.get('idNumber')?.trim();
      let residentId: string | null = null;
      if (idNumber) {
        const r = await trx
          .selectFrom('resident')
          .select('id')
          .where('town_id', '=', townId)
          .where('id_hash', '=', this.people.protect.idHash(idNumber))
          .executeTakeFirst();
        if (!r) throw cellError('证件号码', '没有登记该证件号码的居民，请先导入居民 / no resident with this ID number');
        residentId = r.id;
        const existing = await trx
          .selectFrom('party_member')
          .select(['id', 'org_id', 'status'])
          .where('resident_id', '=', r.id)
          .executeTakeFirst();
        if (existing) {
          if (existing.org_id === orgId && existing.status === status) return 'unchanged';
          await trx
            .updateTable('party_member')
            .set({ org_id: orgId, status, updated_at: new Date() })
            .where('id', '=', existing.id)
            .execute();
          return 'updated';
        }
      } else {
        const same = await trx
          .selectFrom('party_member')
          .select('id')
          .where('org_id', '=', orgId)
          .where('name', '=', name)
          .where('join_date', '=', joinDate)
          .executeTakeFirst();
        if (same) return 'unchanged';
      }
      await this.party.insertMember(trx, partyScope, { orgId, residentId, name, joinDate, fullDate, status, communityReport });
      return 'created';
    };
    return { row: (_row, rec) => member(rec), flush: async () => {} };
  }

  /**
   * Residents go in batches: each row is validated and sealed as it is read; every BATCH rows,
   * their households and residents are looked up with one query each and the new ones inserted
   * with one multi-row INSERT each. Known people take the row-by-row update path.
   */
  private residentImporter(
    trx: Kysely<DB>,
    townId: string,
    grids: (cell: string) => string,
    knownTags: Map<string, string>,
    tagByLabel: Map<string, string>,
    tally: Tally,
  ): RowImporter {
    const BATCH = 500;
    const seenIds = new Set<string>();
    const households = new Map<string, Pick<HouseholdRow, 'id' | 'town_id' | 'region_id'>>();
    const people = this.people;
    type Values = Awaited<ReturnType<PeopleService['residentValues']>>;
    let pending: Array<{
      row: number;
      input: ResidentInput;
      values: Values;
      household: HouseholdInput;
      key: string;
      hash: string;
      idHash: string | null;
    }> = [];

    const flush = async () => {
      const batch = pending;
      pending = [];
      if (batch.length === 0) return;
      // Households: known ones from the cache or one lookup; new ones in one INSERT.
      const unknown = new Map<string, (typeof batch)[number]>();
      for (const p of batch) if (!households.has(p.key) && !unknown.has(p.key)) unknown.set(p.key, p);
      const found = await this.people.findHouseholdsByKeys(
        trx,
        townId,
        [...unknown.values()].map((p) => p.hash),
        [...unknown.values()].map((p) => p.household.householdNo).filter((x): x is string => !!x),
      );
      const byHash = new Map(found.map((h) => [h.address_hash, h]));
      const byNo = new Map(found.filter((h) => h.household_no).map((h) => [h.household_no!, h]));
      const fresh: Array<ReturnType<PeopleService['householdValues']>> = [];
      const freshKeys: string[] = [];
      for (const [key, p] of unknown) {
        const existing = (p.household.householdNo ? byNo.get(p.household.householdNo) : undefined) ?? byHash.get(p.hash);
        if (existing) {
          if (existing.region_id !== p.household.regionId || p.household.location)
            await this.people.upsertHousehold(trx, p.household, existing);
          households.set(key, { id: existing.id, town_id: townId, region_id: p.household.regionId });
        } else {
          fresh.push(this.people.householdValues(p.household));
          freshKeys.push(key);
        }
      }
      const inserted = await this.people.insertHouseholds(trx, fresh);
      inserted.forEach((h, i) => households.set(freshKeys[i]!, { id: h.id, town_id: townId, region_id: fresh[i]!.region_id }));

      // Residents: one lookup by ID number for the batch, then one INSERT for the new ones.
      const existing = new Map(
        (
          await this.people.findResidentsByIdHash(
            trx,
            townId,
            batch.map((p) => p.idHash).filter((x): x is string => !!x),
          )
        ).map((r) => [r.id_hash!, r]),
      );
      const rows: Array<Parameters<PeopleService['insertResidents']>[1][number]> = [];
      for (const p of batch) {
        const h = households.get(p.key)!;
        try {
          const known = p.idHash ? (existing.get(p.idHash) ?? null) : undefined;
          if (known === null) {
            rows.push({ ...p.values, town_id: townId, household_id: h.id, region_id: h.region_id } as (typeof rows)[number]);
          } else tally.ok((await this.people.upsertResident(trx, h, p.input, knownTags, known)).outcome);
        } catch (err) {
          tally.fail(p.row, err);
        }
      }
      const created = await this.people.insertResidents(trx, rows);
      for (let i = 0; i < created; i++) tally.ok('created');
    };

    return {
      async row(row, rec) {
        const input = residentInput(rec, tagByLabel);
        const household = householdInputOf(rec, townId, grids);
        // Validated and sealed now, so a bad row is reported under its own number.
        const values = await people.residentValues(
          trx,
          townId,
          { ...input, idNumber: input.idNumber ?? null, mobile: input.mobile ?? null },
          undefined,
          knownTags,
        );
        let idHash: string | null = null;
        if (input.idNumber) {
          const key = input.idNumber.toUpperCase();
          if (seenIds.has(key)) throw cellError('证件号码', '与本表前面的行证件号码重复 / duplicate ID number in this sheet');
          idHash = values.id_hash ?? null;
          seenIds.add(key);
        }
        const hash = people.protect.address(townId, household).address.hash;
        pending.push({ row, input, values, household, key: householdKey(household), hash, idHash });
        if (pending.length >= BATCH) await flush();
        return null;
      },
      flush,
    };
  }
}

interface Tally {
  ok(outcome: UpsertOutcome): void;
  fail(row: number, err: unknown): void;
}

interface RowImporter {
  /** Handle one row: its outcome, or null when it is queued for the next flush. */
  row(row: number, rec: Map<string, string>): Promise<UpsertOutcome | null>;
  flush(): Promise<void>;
}

// ------------------------------------------------------------------ cells

function householdInputOf(rec: Map<string, string>, townId: string, grids: (cell: string) => string): HouseholdInput {
  const regionId = grids(rec.get('grid') ?? '');
  const address = need(rec, 'address', '地址', 200);
  const lng = optionalNumber(rec, 'lng', '经度', -180, 180);
  const lat = optionalNumber(rec, 'lat', '纬度', -90, 90);
  if ((lng === null) !== (lat === null)) throw cellError('经度', '经度和纬度须同时填写 / give both longitude and latitude');
  return {
    townId,
    regionId,
    householdNo: text(rec, 'householdNo', 40),
    address,
    building: text(rec, 'building', 20),
    unit: text(rec, 'unit', 20),
    room: text(rec, 'room', 20),
    location: lng !== null && lat !== null ? { lng, lat } : null,
  };
}

function householdKey(h: HouseholdInput): string {
  return h.householdNo ? `no:${h.householdNo}` : `addr:${JSON.stringify([h.address, h.building, h.unit, h.room])}`;
}

class CellError extends Error {
  constructor(
    readonly column: string,
    message: string,
  ) {
    super(message);
  }
}

function cellError(column: string, message: string): CellError {
  return new CellError(column, message);
}

function rowError(row: number, err: unknown, locale: Locale): RowError {
  if (err instanceof CellError) {
    // Cell messages are written "中文 / English": answer in the caller's language.
    const [zh, en] = err.message.split(' / ');
    return { row, column: err.column, message: (locale === 'en' ? en : zh) ?? err.message };
  }
  if (err instanceof AppError) {
    const e = ERRORS[err.code];
    const column = COLUMN_OF_CODE[err.code] ?? null;
    const detail = err.details?.[0]?.message;
    return { row, column, message: `${locale === 'en' ? e.en : e.zh}${detail ? `（${detail}）` : ''}` };
  }
  throw err;
}

const COLUMN_OF_CODE: Partial<Record<keyof typeof ERRORS, string>> = {
  ID_NUMBER_INVALID: '证件号码',
  ID_NUMBER_TAKEN: '证件号码',
  MOBILE_INVALID: '联系电话',
  GUARDIAN_CONSENT_REQUIRED: '监护人',
  CARE_TAG_UNKNOWN: '关爱标签',
  PARTY_MEMBER_DATES: '转正日期',
  PARTY_MEMBER_EXISTS: '证件号码',
};

function text(rec: Map<string, string>, key: string, max: number): string | null {
  const v = rec.get(key)?.trim() ?? '';
  if (!v) return null;
  if ([...v].length > max) throw cellError(key, `内容过长（最多 ${max} 字）/ too long`);
  return v;
}

function need(rec: Map<string, string>, key: string, header: string, max: number): string {
  const v = rec.get(key)?.trim() ?? '';
  if (!v) throw cellError(header, `${header}不能为空 / required`);
  if ([...v].length > max) throw cellError(header, `内容过长（最多 ${max} 字）/ too long`);
  return v;
}

function optionalNumber(rec: Map<string, string>, key: string, header: string, min: number, max: number): number | null {
  const v = rec.get(key)?.trim() ?? '';
  if (!v) return null;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw cellError(header, `${header}不是有效数字 / not a valid number`);
  return n;
}

function dateCell(rec: Map<string, string>, key: string, header: string, required: boolean): string | null {
  const v = (rec.get(key) ?? '').trim();
  if (!v) {
    if (required) throw cellError(header, `${header}不能为空 / required`);
    return null;
  }
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(v) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (!m) throw cellError(header, `${header}格式应为 YYYY-MM-DD / expected YYYY-MM-DD`);
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso)
    throw cellError(header, `${header}不是有效日期 / not a valid date`);
  return iso;
}

function splitList(v: string): string[] {
  return v
    .split(/[、,，;；\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function yes(v: string | undefined): boolean {
  return /^(是|y|yes|true|1|√)$/i.test((v ?? '').trim());
}

function byLabel<T extends string>(values: readonly T[], labels: Record<T, { zh: string; en: string }>, v: string): T | undefined {
  const s = v.trim();
  return values.find((x) => x === s || labels[x].zh === s || labels[x].en.toLowerCase() === s.toLowerCase());
}

function residentInput(rec: Map<string, string>, tagByLabel: Map<string, string>): ResidentInput {
  const name = need(rec, 'name', '姓名', 40);
  const sexText = (rec.get('sex') ?? '').trim();
  const sex: Sex | undefined = /^(男|male|m)$/i.test(sexText) ? 'male' : /^(女|female|f)$/i.test(sexText) ? 'female' : undefined;
  if (sexText && !sex) throw cellError('性别', '性别应为“男”或“女” / expected 男 or 女');
  const idTypeText = rec.get('idType') ?? '';
  const idType: IdType | undefined = idTypeText
    ? byLabel(ID_TYPES, ID_TYPE_LABELS, idTypeText.replace('身份证', '居民身份证').replace('居民居民', '居民'))
    : undefined;
  if (idTypeText && !idType) throw cellError('证件类型', `无法识别的证件类型“${idTypeText}” / unknown document type`);
  const idNumber = (rec.get('idNumber') ?? '').replace(/\s/g, '');
  if (/^\d+(\.\d+)?e\+?\d+$/i.test(idNumber))
    throw cellError('证件号码', '证件号码被 Excel 转成了科学计数法，请把该列设为文本 / the number was stored as a number');
  const psText = rec.get('politicalStatus') ?? '';
  const politicalStatus: PoliticalStatus | undefined = psText
    ? byLabel(POLITICAL_STATUSES, POLITICAL_STATUS_LABELS, psText.replace(/^党员$/, '中共党员').replace(/^团员$/, '共青团员'))
    : undefined;
  if (psText && !politicalStatus) throw cellError('政治面貌', `无法识别的政治面貌“${psText}” / unknown political status`);
  const tagText = rec.get('careTags') ?? '';
  const careTags = splitList(tagText).map((t) => {
    const code = tagByLabel.get(t);
    if (!code) throw cellError('关爱标签', `本镇没有关爱标签“${t}” / unknown care tag`);
    return code;
  });
  const guardianName = text(rec, 'guardianName', 40);
  const consentedOn = dateCell(rec, 'guardianConsentedOn', '监护同意日期', false);
  return {
    name,
    sex,
    birthDate: dateCell(rec, 'birthDate', '出生日期', false),
    idType: idType ?? 'resident_id',
    idNumber: idNumber || null,
    mobile: (rec.get('mobile') ?? '').trim() || null,
    ethnicity: text(rec, 'ethnicity', 20),
    politicalStatus,
    newCitizen: yes(rec.get('newCitizen')),
    relationToHead: text(rec, 'relationToHead', 20),
    careTags,
    notes: text(rec, 'notes', 1000),
    guardianConsent:
      guardianName && consentedOn ? { guardianName, relation: text(rec, 'guardianRelation', 20) ?? '监护人', consentedOn } : null,
  };
}

/** name → id where the name is unique; a repeated name maps to nothing (the row must be clearer). */
function uniqueIndex(pairs: Array<[string, string]>): Map<string, string> {
  const seen = new Map<string, string | null>();
  for (const [k, v] of pairs) seen.set(k, seen.has(k) ? null : v);
  return new Map([...seen].filter((e): e is [string, string] => e[1] !== null));
}

/**
 * Resolve a "所属网格" cell to a node under the import root: the names from the community down,
 * separated by / (or spaces, ＞, -), or any unique tail of that path (just the grid's name when
 * no other node of that name lies under the root).
 */
async function gridLookup(db: Kysely<DB>, townId: string, rootPath: string): Promise<(cell: string) => string> {
  const nodes = await db.selectFrom('region').select(['id', 'name', 'path', 'depth']).where('town_id', '=', townId).execute();
  const names = new Map(nodes.map((n) => [n.id, n.name]));
  const index = new Map<string, string | null>();
  for (const n of nodes) {
    if (!n.path.startsWith(rootPath) || n.depth === 0) continue;
    const chain = n.path
      .split('/')
      .filter(Boolean)
      .slice(1)
      .map((id) => names.get(id)!);
    for (let i = 0; i < chain.length; i++) {
      const key = chain.slice(i).join('/');
      index.set(key, index.has(key) && index.get(key) !== n.id ? null : n.id);
    }
  }
  return (cell: string) => {
    const key = cell
      .trim()
      .split(/\s*[/／>＞\\]\s*|\s+/)
      .filter(Boolean)
      .join('/');
    if (!key) throw cellError('所属网格', '所属网格不能为空 / required');
    const id = index.get(key);
    if (id === undefined) throw cellError('所属网格', `导入范围内找不到网格“${cell}” / no such grid in this region`);
    if (id === null) throw cellError('所属网格', `“${cell}”有重名，请从村（社区）写起 / ambiguous, write the full path`);
    return id;
  };
}
