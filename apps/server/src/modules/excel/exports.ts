import { ID_TYPE_LABELS, POLITICAL_STATUS_LABELS, SEX_LABELS, type IdType, type PoliticalStatus, type Sex } from '@tongxin/shared';
import type { HouseholdListQuery, PartyMemberListQuery, ResidentListQuery } from '@tongxin/shared/schemas';
import type { Database } from '../../platform/db/index.js';
import type { RequestContext } from '../../platform/context.js';
import type { Scope } from '../../platform/scope.js';
import { recordAudit } from '../../platform/audit.js';
import { writeSheet } from '../../platform/xlsx.js';
import type { PeopleService } from '../people/index.js';
import type { PartyService } from '../party/index.js';

const BATCH = 500;

/**
 * Filtered lists out to .xlsx, streamed page by page. Every sheet opens with a watermark line
 * naming who exported it and when; protected values leave masked, and each export is audited.
 */
export class ExportService {
  constructor(
    private readonly db: Database,
    private readonly people: PeopleService,
    private readonly party: PartyService,
  ) {}

  private watermark(ctx: RequestContext): string {
    const at = new Intl.DateTimeFormat('zh-CN', {
      timeZone: 'Asia/Shanghai',
      dateStyle: 'short',
      timeStyle: 'medium',
      hour12: false,
    }).format(new Date());
    return `导出人：${ctx.actor.name}（账号 ${ctx.actor.accountId.slice(0, 8)}） 导出时间：${at} · 含个人信息，仅限工作使用，严禁外传`;
  }

  async residents(ctx: RequestContext, scope: Scope, query: Omit<ResidentListQuery, 'page' | 'pageSize'>) {
    // Refuse before the first byte: once streaming, an error can only cut the file short.
    if (query.regionId) await this.people.regionInScope(this.db, scope, query.regionId);
    const labels = await this.people.careTagCodes(this.db, ctx.actor.townId);
    const sheet = await writeSheet({
      sheetName: '居民',
      watermark: this.watermark(ctx),
      columns: [
        { header: '所属网格', key: 'grid', width: 36 },
        { header: '住址', key: 'address', width: 24 },
        { header: '姓名', key: 'name' },
        { header: '性别', key: 'sex', width: 6 },
        { header: '出生日期', key: 'birthDate', width: 12 },
        { header: '证件类型', key: 'idType' },
        { header: '证件号码', key: 'idNumber', width: 22 },
        { header: '联系电话', key: 'mobile' },
        { header: '民族', key: 'ethnicity', width: 8 },
        { header: '政治面貌', key: 'politicalStatus' },
        { header: '新市民', key: 'newCitizen', width: 8 },
        { header: '与户主关系', key: 'relationToHead' },
        { header: '关爱标签', key: 'careTags', width: 20 },
      ],
    });
    let count = 0;
    const quiet = { ...ctx, actor: null };
    const done = (async () => {
      for (let page = 1; ; page++) {
        const { items } = await this.people.listResidents(quiet, scope, { ...query, page, pageSize: BATCH });
        for (const r of items) {
          sheet.add({
            grid: r.regionPath.slice(1).join('/'),
            address: r.householdAddressMasked,
            name: r.name,
            sex: SEX_LABELS[r.sex as Sex].zh,
            birthDate: r.birthDate,
            idType: ID_TYPE_LABELS[r.idType as IdType].zh,
            idNumber: r.idNumberMasked,
            mobile: r.mobileMasked,
            ethnicity: r.ethnicity,
            politicalStatus: POLITICAL_STATUS_LABELS[r.politicalStatus as PoliticalStatus].zh,
            newCitizen: r.newCitizen ? '是' : '否',
            relationToHead: r.relationToHead,
            careTags: r.careTags.map((c) => labels.get(c) ?? c).join('、'),
          });
        }
        count += items.length;
        if (items.length < BATCH) break;
      }
      await sheet.end();
      await recordAudit(this.db, ctx, {
        action: 'export.residents',
        entity: 'resident',
        townId: ctx.actor.townId,
        after: { count, filter: query },
      });
    })();
    done.catch((err: unknown) => sheet.stream.destroy(err as Error));
    return sheet.stream;
  }

  async households(ctx: RequestContext, scope: Scope, query: Omit<HouseholdListQuery, 'page' | 'pageSize'>) {
    // Refuse before the first byte: once streaming, an error can only cut the file short.
    if (query.regionId) await this.people.regionInScope(this.db, scope, query.regionId);
    const labels = await this.people.careTagCodes(this.db, ctx.actor.townId);
    const sheet = await writeSheet({
      sheetName: '住户',
      watermark: this.watermark(ctx),
      columns: [
        { header: '所属网格', key: 'grid', width: 36 },
        { header: '户编号', key: 'householdNo' },
        { header: '地址', key: 'address', width: 24 },
        { header: '楼栋', key: 'building', width: 8 },
        { header: '单元', key: 'unit', width: 8 },
        { header: '户主', key: 'head' },
        { header: '人数', key: 'count', width: 6 },
        { header: '关爱标签', key: 'careTags', width: 20 },
        { header: '最近联系', key: 'lastContact', width: 12 },
      ],
    });
    let count = 0;
    const quiet = { ...ctx, actor: null };
    const done = (async () => {
      for (let page = 1; ; page++) {
        const { items } = await this.people.listHouseholds(quiet, scope, { ...query, page, pageSize: BATCH });
        for (const h of items) {
          sheet.add({
            grid: h.regionPath.slice(1).join('/'),
            householdNo: h.householdNo,
            address: h.addressMasked,
            building: h.building,
            unit: h.unit,
            head: h.headName,
            count: h.residentCount,
            careTags: h.careTags.map((c) => labels.get(c) ?? c).join('、'),
            lastContact: h.lastContactOn,
          });
        }
        count += items.length;
        if (items.length < BATCH) break;
      }
      await sheet.end();
      await recordAudit(this.db, ctx, {
        action: 'export.households',
        entity: 'household',
        townId: ctx.actor.townId,
        after: { count, filter: query },
      });
    })();
    done.catch((err: unknown) => sheet.stream.destroy(err as Error));
    return sheet.stream;
  }

  async partyMembers(ctx: RequestContext, scope: Scope, query: Omit<PartyMemberListQuery, 'page' | 'pageSize'>) {
    // Refuse before the first byte: once streaming, an error can only cut the file short.
    if (query.regionId) await this.people.regionInScope(this.db, scope, query.regionId);
    const sheet = await writeSheet({
      sheetName: '党员',
      watermark: this.watermark(ctx),
      columns: [
        { header: '姓名', key: 'name' },
        { header: '所属党组织', key: 'org', width: 24 },
        { header: '党员状态', key: 'status' },
        { header: '入党日期', key: 'joinDate', width: 12 },
        { header: '转正日期', key: 'fullDate', width: 12 },
        { header: '党龄', key: 'tenure', width: 6 },
        { header: '联系电话', key: 'mobile' },
        { header: '报到社区', key: 'report', width: 20 },
        { header: '报到日期', key: 'reportedOn', width: 12 },
        { header: '工作单位', key: 'workUnit', width: 20 },
        { header: '承诺服务', key: 'pledged', width: 20 },
        { header: '联系户数', key: 'contacts', width: 8 },
      ],
    });
    let count = 0;
    const done = (async () => {
      for (let page = 1; ; page++) {
        const { items } = await this.party.listMembers(scope, { ...query, page, pageSize: BATCH });
        for (const m of items) {
          sheet.add({
            name: m.name,
            org: m.orgName,
            status: m.status === 'full' ? '正式党员' : '预备党员',
            joinDate: m.joinDate,
            fullDate: m.fullDate,
            tenure: m.tenureYears,
            mobile: m.mobileMasked,
            report: m.communityReport?.regionPath.slice(1).join('/') ?? '',
            reportedOn: m.communityReport?.reportedOn ?? '',
            workUnit: m.communityReport?.workUnit ?? '',
            pledged: m.communityReport?.pledgedServices.join('、') ?? '',
            contacts: m.contactHouseholdCount,
          });
        }
        count += items.length;
        if (items.length < BATCH) break;
      }
      await sheet.end();
      await recordAudit(this.db, ctx, {
        action: 'export.party_members',
        entity: 'party_member',
        townId: ctx.actor.townId,
        after: { count, filter: query },
      });
    })();
    done.catch((err: unknown) => sheet.stream.destroy(err as Error));
    return sheet.stream;
  }
}
