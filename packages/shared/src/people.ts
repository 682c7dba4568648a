/**
 * People on the grid: the enums, validation rules and masks both sides use (domain-rules §6–8).
 */

export const SEXES = ['male', 'female'] as const;
export type Sex = (typeof SEXES)[number];
export const SEX_LABELS: Record<Sex, { zh: string; en: string }> = {
  male: { zh: '男', en: 'Male' },
  female: { zh: '女', en: 'Female' },
};

export const ID_TYPES = ['resident_id', 'hk_macao_permit', 'taiwan_permit', 'passport', 'foreign_permanent', 'other'] as const;
export type IdType = (typeof ID_TYPES)[number];
export const ID_TYPE_LABELS: Record<IdType, { zh: string; en: string }> = {
  resident_id: { zh: '居民身份证', en: 'Resident ID card' },
  hk_macao_permit: { zh: '港澳居民居住证', en: 'HK/Macao residence permit' },
  taiwan_permit: { zh: '台湾居民居住证', en: 'Taiwan residence permit' },
  passport: { zh: '护照', en: 'Passport' },
  foreign_permanent: { zh: '外国人永久居留身份证', en: 'Foreign permanent residence ID' },
  other: { zh: '其他证件', en: 'Other document' },
};

export const POLITICAL_STATUSES = ['party_member', 'probationary_member', 'league_member', 'other_party', 'masses'] as const;
export type PoliticalStatus = (typeof POLITICAL_STATUSES)[number];
export const POLITICAL_STATUS_LABELS: Record<PoliticalStatus, { zh: string; en: string }> = {
  party_member: { zh: '中共党员', en: 'CPC member' },
  probationary_member: { zh: '中共预备党员', en: 'Probationary CPC member' },
  league_member: { zh: '共青团员', en: 'CYL member' },
  other_party: { zh: '民主党派', en: 'Other party' },
  masses: { zh: '群众', en: 'Masses' },
};

/** The care tags a new town starts with; each town may rename, add and remove its own. */
export const DEFAULT_CARE_TAGS: ReadonlyArray<{ code: string; label: string }> = [
  { code: 'living_alone', label: '独居老人' },
  { code: 'empty_nest', label: '空巢老人' },
  { code: 'left_behind_child', label: '留守儿童' },
  { code: 'disabled', label: '残疾人' },
  { code: 'low_income', label: '低保户' },
  { code: 'extreme_poverty', label: '特困人员' },
  { code: 'serious_illness', label: '重病患者' },
  { code: 'veteran', label: '退役军人' },
];
export const CARE_TAG_CODE_PATTERN = '^[a-z][a-z0-9_]{0,31}$';

export const PARTY_ORG_KINDS = ['committee', 'general_branch', 'branch', 'group'] as const;
export type PartyOrgKind = (typeof PARTY_ORG_KINDS)[number];
export const PARTY_ORG_KIND_LABELS: Record<PartyOrgKind, { zh: string; en: string }> = {
  committee: { zh: '党委', en: 'Party committee' },
  general_branch: { zh: '党总支', en: 'General branch' },
  branch: { zh: '党支部', en: 'Branch' },
  group: { zh: '党小组', en: 'Party group' },
};
/** Which kinds may sit under which: a committee holds general branches or branches, and so on. */
export const PARTY_ORG_CHILDREN: Record<PartyOrgKind, readonly PartyOrgKind[]> = {
  committee: ['committee', 'general_branch', 'branch'],
  general_branch: ['branch'],
  branch: ['group'],
  group: [],
};

export const PARTY_MEMBER_STATUSES = ['full', 'probationary'] as const;
export type PartyMemberStatus = (typeof PARTY_MEMBER_STATUSES)[number];

export const GRID_DUTIES = ['grid_worker', 'building_head', 'unit_head', 'party_center_household'] as const;
export type GridDuty = (typeof GRID_DUTIES)[number];
export const GRID_DUTY_LABELS: Record<GridDuty, { zh: string; en: string }> = {
  grid_worker: { zh: '网格员', en: 'Grid worker' },
  building_head: { zh: '楼长', en: 'Building head' },
  unit_head: { zh: '单元长', en: 'Unit head' },
  party_center_household: { zh: '党员中心户', en: 'Party-member central household' },
};

export const CONTACT_WAYS = ['visit', 'phone', 'wechat', 'meeting', 'other'] as const;
export type ContactWay = (typeof CONTACT_WAYS)[number];
export const CONTACT_WAY_LABELS: Record<ContactWay, { zh: string; en: string }> = {
  visit: { zh: '入户走访', en: 'Home visit' },
  phone: { zh: '电话联系', en: 'Phone call' },
  wechat: { zh: '微信联系', en: 'WeChat' },
  meeting: { zh: '当面交流', en: 'Met in person' },
  other: { zh: '其他', en: 'Other' },
};

/** Residents younger than this need a recorded guardian consent (PIPL art. 31). */
export const GUARDIAN_CONSENT_AGE = 14;

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
  83, 91,
]);

export function normalizeIdNumber(input: string): string {
  return input.replace(/\s/g, '').toUpperCase();
}

/** The GB 11643-1999 check digit (ISO 7064 MOD 11-2) of the first 17 digits. */
export function idCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

export interface IdNumberFacts {
  birthDate: string;
  sex: Sex;
}

/**
 * Check an 18-digit resident ID number: province, a real birth date (leap years included, not in
 * the future), and the check digit. Returns the birth date and sex it encodes, or null.
 */
export function parseIdNumber(input: string, today = new Date()): IdNumberFacts | null {
  const id = normalizeIdNumber(input);
  if (!/^[0-9]{17}[0-9X]$/.test(id)) return null;
  if (!PROVINCES.has(Number(id.slice(0, 2)))) return null;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1880 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  if (date.getTime() > today.getTime()) return null;
  if (idCheckDigit(id.slice(0, 17)) !== id[17]) return null;
  return { birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`, sex: Number(id[16]) % 2 === 1 ? 'male' : 'female' };
}

export function isIdNumber(input: string): boolean {
  return parseIdNumber(input) !== null;
}

/** 11010519491231002X → 110105********002X (region and last four kept). */
export function maskIdNumber(id: string): string {
  if (id.length <= 4) return '****';
  if (id.length < 10) return `${'*'.repeat(id.length - 4)}${id.slice(-4)}`;
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

/** An exact address is personal data: keep the first few characters, hide the rest. */
export function maskAddress(address: string): string {
  const chars = [...address];
  if (chars.length <= 4) return `${chars.slice(0, 1).join('')}***`;
  return `${chars.slice(0, Math.min(8, Math.ceil(chars.length / 2))).join('')}****`;
}

/** Whole years between a birth date (YYYY-MM-DD) and a day. */
export function ageOn(birthDate: string, on: Date = new Date()): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = on.getFullYear() - y;
  if (on.getMonth() + 1 < m || (on.getMonth() + 1 === m && on.getDate() < d)) age -= 1;
  return age;
}

/**
 * Party standing (党龄) counts from the day a member became full (转正); a probationary member has
 * none yet. Without a recorded full date, one year after joining stands in for it.
 */
export function partyTenureYears(
  member: { status: PartyMemberStatus; joinDate: string; fullDate?: string | null },
  on: Date = new Date(),
): number {
  if (member.status !== 'full') return 0;
  let from = member.fullDate;
  if (!from) {
    const [y, m, d] = member.joinDate.split('-');
    from = `${Number(y) + 1}-${m}-${d}`;
  }
  return Math.max(0, ageOn(from, on));
}

/** Branch size rules (domain-rules §7): they produce warnings, never blocks. */
export const PARTY_ORG_WARNINGS = {
  BRANCH_TOO_SMALL: {
    zh: '正式党员不足 3 人，应成立联合党支部',
    en: 'Fewer than 3 full members: a joint branch should be formed',
  },
  BRANCH_TOO_LARGE: {
    zh: '党支部党员一般不超过 50 人，可考虑设立党总支',
    en: 'A branch should not exceed 50 members; consider a general branch',
  },
  BRANCH_NEEDS_COMMITTEE: {
    zh: '正式党员 7 人以上，应设立支部委员会',
    en: '7 or more full members: the branch should elect a branch committee',
  },
  GENERAL_BRANCH_TOO_LARGE: {
    zh: '党员超过 100 人，可考虑设立基层党委',
    en: 'More than 100 members: consider a primary-level committee',
  },
} as const;
export type PartyOrgWarning = keyof typeof PARTY_ORG_WARNINGS;

export function partyOrgWarnings(kind: PartyOrgKind, counts: { members: number; full: number }): PartyOrgWarning[] {
  const out: PartyOrgWarning[] = [];
  if (kind === 'branch') {
    if (counts.full < 3) out.push('BRANCH_TOO_SMALL');
    if (counts.members > 50) out.push('BRANCH_TOO_LARGE');
    if (counts.full >= 7) out.push('BRANCH_NEEDS_COMMITTEE');
  }
  if (kind === 'general_branch' && counts.members > 100) out.push('GENERAL_BRANCH_TOO_LARGE');
  return out;
}

// ---------------------------------------------------------------- geography

/** [lng, lat] pairs, WGS-84 unless said otherwise. */
export type LngLat = [number, number];

function outOfChina(lng: number, lat: number): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function transformLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return r;
}

function transformLng(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return r;
}

/** WGS-84 → GCJ-02 (the offset Chinese tile providers such as AutoNavi use). */
export function wgs84ToGcj02([lng, lat]: LngLat): LngLat {
  if (outOfChina(lng, lat)) return [lng, lat];
  const a = 6378245.0;
  const ee = 0.006693421622965943;
  let dLat = transformLat(lng - 105, lat - 35);
  let dLng = transformLng(lng - 105, lat - 35);
  const radLat = (lat / 180) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - ee * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180) / (((a * (1 - ee)) / (magic * sqrtMagic)) * Math.PI);
  dLng = (dLng * 180) / ((a / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lng + dLng, lat + dLat];
}

/** GCJ-02 → WGS-84 by iteration (error below 1 cm inside China). */
export function gcj02ToWgs84([lng, lat]: LngLat): LngLat {
  if (outOfChina(lng, lat)) return [lng, lat];
  let w: LngLat = [lng, lat];
  for (let i = 0; i < 10; i++) {
    const g = wgs84ToGcj02(w);
    const dx = g[0] - lng;
    const dy = g[1] - lat;
    w = [w[0] - dx, w[1] - dy];
    if (Math.abs(dx) < 1e-10 && Math.abs(dy) < 1e-10) break;
  }
  return w;
}

export interface GeoPolygon {
  type: 'Polygon';
  coordinates: LngLat[][];
}
export interface GeoMultiPolygon {
  type: 'MultiPolygon';
  coordinates: LngLat[][][];
}

function inRing(point: LngLat, ring: LngLat[]): boolean {
  const [x, y] = point;
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Ray casting over a GeoJSON Polygon or MultiPolygon; holes (inner rings) excluded. */
export function pointInPolygon(point: LngLat, shape: GeoPolygon | GeoMultiPolygon | null | undefined): boolean {
  if (!shape) return false;
  const polygons = shape.type === 'Polygon' ? [shape.coordinates] : shape.type === 'MultiPolygon' ? shape.coordinates : [];
  return polygons.some((rings) => rings.length > 0 && inRing(point, rings[0]!) && !rings.slice(1).some((hole) => inRing(point, hole)));
}
