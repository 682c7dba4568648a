import type { Locale } from '@tongxin/shared';
import type { Account, Household, PartyMember, Resident } from '@tongxin/shared/schemas';
import { currentLocale } from '../locales';

/** One choice in a remote-select. */
export interface RemoteOption {
  value: string;
  label: string;
}

/** The label of an enum value from one of the shared `*_LABELS` tables, in the UI language. */
export function enumLabel<K extends string>(
  labels: Record<K, { zh: string; en: string }>,
  value: K,
  locale: Locale = currentLocale(),
): string {
  const entry = labels[value];
  if (!entry) return value;
  return locale === 'en' ? entry.en : entry.zh;
}

/** Options for an el-select from a shared labels table, in the table's order. */
export function enumOptions<K extends string>(
  values: readonly K[],
  labels: Record<K, { zh: string; en: string }>,
  locale: Locale = currentLocale(),
): Array<{ value: K; label: string }> {
  return values.map((value) => ({ value, label: enumLabel(labels, value, locale) }));
}

/** ["青樵镇","上金湾社区","第一网格"] → { name: "第一网格", parent: "青樵镇 / 上金湾社区" } */
export function regionLeaf(path: readonly string[]): { name: string; parent: string } {
  return { name: path[path.length - 1] ?? '', parent: path.slice(0, -1).join(' / ') };
}

/**
 * "3栋 2单元 1***" from the parts a household has; a bare number gets its word ("3" → "3栋") when
 * `words` are given.
 */
export function householdUnitText(
  h: Pick<Household, 'building' | 'unit' | 'roomMasked'>,
  words?: { building: (n: string) => string; unit: (n: string) => string },
): string {
  const word = (v: string | null, f?: (n: string) => string) => (v && f && /^\d+$/.test(v) ? f(v) : v);
  return [word(h.building, words?.building), word(h.unit, words?.unit), h.roomMasked].filter((x): x is string => !!x).join(' ');
}

/** One line naming a household in pickers: masked address, building/unit/room, grid. */
export function householdLabel(h: Pick<Household, 'addressMasked' | 'building' | 'unit' | 'roomMasked' | 'regionPath'>): string {
  const unit = householdUnitText(h);
  const grid = regionLeaf(h.regionPath).name;
  return [h.addressMasked + (unit ? ` ${unit}` : ''), grid].filter(Boolean).join(' · ');
}

export function residentLabel(r: Pick<Resident, 'name' | 'idNumberMasked' | 'householdAddressMasked'>): string {
  return [r.name, r.idNumberMasked, r.householdAddressMasked].filter(Boolean).join(' · ');
}

export function accountLabel(a: Pick<Account, 'name' | 'mobileMasked'>): string {
  return `${a.name} · ${a.mobileMasked}`;
}

export function partyMemberLabel(m: Pick<PartyMember, 'name' | 'orgName'>): string {
  return `${m.name} · ${m.orgName}`;
}

/** A trimmed text field for the API: '' becomes null (clear it). */
export function textOrNull(value: string | null | undefined): string | null {
  const v = (value ?? '').trim();
  return v ? v : null;
}

/** Today as YYYY-MM-DD in local time (date pickers and default dates). */
export function today(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}
