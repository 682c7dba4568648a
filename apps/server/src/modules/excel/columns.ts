import type { ImportKind } from '@tongxin/shared/schemas';

/**
 * The columns of each import sheet, by their Chinese headers (what towns' sheets use today),
 * with the other names the same column goes by. `*` marks a required column in the template.
 */
export interface ColumnSpec {
  header: string;
  key: string;
  required?: boolean;
  aliases?: string[];
  example?: string;
  note?: string;
}

const HOUSEHOLD: ColumnSpec[] = [
  {
    header: '所属网格',
    key: 'grid',
    required: true,
    aliases: ['网格', '所在网格'],
    example: '上金湾社区/金湾花园小区/第一网格',
    note: '从村（社区）写到网格，用“/”分隔；在导入范围内唯一时也可只写网格名',
  },
  { header: '户编号', key: 'householdNo', aliases: ['户号'], example: 'QQ11001', note: '有户编号时按户编号识别同一户' },
  { header: '地址', key: 'address', required: true, aliases: ['住址', '家庭住址', '详细地址'], example: '青樵镇金湾路12号' },
  { header: '楼栋', key: 'building', aliases: ['栋', '楼号'], example: '3' },
  { header: '单元', key: 'unit', example: '2' },
  { header: '房号', key: 'room', aliases: ['门牌号', '室'], example: '501' },
];

const LOCATION: ColumnSpec[] = [
  { header: '经度', key: 'lng', example: '113.0421', note: 'WGS-84 坐标（GPS）；高德/腾讯坐标请先转换' },
  { header: '纬度', key: 'lat', example: '22.9338' },
];

const RESIDENT: ColumnSpec[] = [
  { header: '姓名', key: 'name', required: true, example: '陈志强' },
  { header: '性别', key: 'sex', example: '男', note: '男/女；有身份证号时按身份证号确定' },
  { header: '出生日期', key: 'birthDate', example: '1950-03-08', note: '有身份证号时按身份证号确定' },
  {
    header: '证件类型',
    key: 'idType',
    example: '居民身份证',
    note: '居民身份证、港澳居民居住证、台湾居民居住证、护照、外国人永久居留身份证、其他证件',
  },
  {
    header: '证件号码',
    key: 'idNumber',
    aliases: ['身份证号', '身份证号码', '公民身份号码'],
    example: '11010519491231002X',
    note: '请把单元格设为“文本”，否则 Excel 会截断 18 位号码',
  },
  { header: '联系电话', key: 'mobile', aliases: ['手机', '手机号', '手机号码', '联系方式'], example: '13800138000' },
  { header: '民族', key: 'ethnicity', example: '汉族' },
  { header: '政治面貌', key: 'politicalStatus', example: '群众', note: '中共党员、中共预备党员、共青团员、民主党派、群众' },
  { header: '新市民', key: 'newCitizen', aliases: ['是否新市民', '非户籍'], example: '否', note: '是/否' },
  { header: '与户主关系', key: 'relationToHead', aliases: ['与户主关系（本人/配偶/子女）'], example: '户主' },
  {
    header: '关爱标签',
    key: 'careTags',
    aliases: ['关爱对象类型', '特殊人群'],
    example: '独居老人',
    note: '本镇关爱标签的名称，多个用“、”或“,”分隔',
  },
  { header: '备注', key: 'notes', example: '' },
  { header: '监护人', key: 'guardianName', example: '', note: '不满 14 周岁的居民必填监护人、监护人关系和监护同意日期' },
  { header: '监护人关系', key: 'guardianRelation', example: '' },
  { header: '监护同意日期', key: 'guardianConsentedOn', example: '' },
];

const PARTY_MEMBER: ColumnSpec[] = [
  { header: '姓名', key: 'name', required: true, example: '陈志强' },
  {
    header: '证件号码',
    key: 'idNumber',
    aliases: ['身份证号', '身份证号码', '公民身份号码'],
    example: '11010519491231002X',
    note: '已登记的居民按证件号码关联',
  },
  { header: '所属党组织', key: 'org', required: true, aliases: ['所在支部', '所属支部', '党组织'], example: '上金湾社区党支部' },
  { header: '入党日期', key: 'joinDate', required: true, aliases: ['入党时间'], example: '1975-07-01' },
  { header: '转正日期', key: 'fullDate', aliases: ['转正时间'], example: '1976-07-01' },
  { header: '党员状态', key: 'status', aliases: ['党籍状态', '类别'], example: '正式党员', note: '正式党员/预备党员' },
  { header: '报到社区', key: 'reportRegion', aliases: ['双报到社区'], example: '', note: '在职党员双报到的村（社区）名称' },
  { header: '报到日期', key: 'reportedOn', example: '' },
  { header: '工作单位', key: 'workUnit', example: '' },
  { header: '承诺服务', key: 'pledgedServices', example: '', note: '多个用“、”分隔' },
];

export const IMPORT_COLUMNS: Record<ImportKind, ColumnSpec[]> = {
  households: [...HOUSEHOLD, ...LOCATION],
  residents: [...HOUSEHOLD, ...RESIDENT],
  party_members: PARTY_MEMBER,
};

export const IMPORT_SHEET_NAMES: Record<ImportKind, string> = {
  households: '住户',
  residents: '居民',
  party_members: '党员',
};

const INDEXES = new Map<ImportKind, Map<string, string>>();

/** Header text (and aliases) → column key. */
export function headerIndex(kind: ImportKind): Map<string, string> {
  const cached = INDEXES.get(kind);
  if (cached) return cached;
  const out = new Map<string, string>();
  INDEXES.set(kind, out);
  for (const c of IMPORT_COLUMNS[kind]) {
    out.set(c.header, c.key);
    for (const a of c.aliases ?? []) out.set(a, c.key);
  }
  return out;
}
