import type { Locale } from '@tongxin/shared';
import type { HouseholdContact, MyHousehold } from '@tongxin/shared/schemas';

/** A household not contacted for this many days (or never) is due a visit. */
export const OVERDUE_DAYS = 30;

const DAY = 86_400_000;

/** The phone's calendar day as YYYY-MM-DD (not UTC: at 07:00 in Beijing it is already today). */
export function localDate(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY;
}

/** Whole calendar days from `date` to `today` (both YYYY-MM-DD); never negative. */
export function daysSince(date: string, today: string): number {
  const days = dayNumber(today) - dayNumber(date);
  return Number.isFinite(days) ? Math.max(0, Math.round(days)) : 0;
}

export interface ContactAge {
  /** Days since the last contact; null when there has been none. */
  days: number | null;
  overdue: boolean;
}

export function contactAge(lastContactOn: string | null, today: string): ContactAge {
  if (!lastContactOn) return { days: null, overdue: true };
  const days = daysSince(lastContactOn, today);
  return { days, overdue: days >= OVERDUE_DAYS };
}

/** Care tags that call for the closest watch get the strongest colour. */
const ALERT_TAGS = ['独居', '重病', '特困', '失能', '留守'];

export type CareTagTone = 'alert' | 'care';

export function careTagTone(label: string): CareTagTone {
  return ALERT_TAGS.some((word) => label.includes(word)) ? 'alert' : 'care';
}

const squash = (text: string) => text.replace(/\s+/g, '').toLowerCase();

/** Search box: address, building, unit, grid, head of household or a care tag, spaces ignored. */
export function matchesQuery(household: MyHousehold, query: string): boolean {
  const q = squash(query);
  if (!q) return true;
  const fields = [
    household.addressMasked,
    household.building,
    household.unit,
    household.regionName,
    household.headName,
    ...household.careTags,
  ];
  return fields.some((field) => field != null && squash(field).includes(q));
}

/**
 * The order a visit round follows: households with care tags first, then the longest without
 * contact (never contacted before all). The server sends this order already; sorting again keeps it
 * after a contact is logged here, and `Array.prototype.sort` is stable, so ties keep the server's order.
 */
export function compareForVisits(a: MyHousehold, b: MyHousehold): number {
  const care = Number(b.careTags.length > 0) - Number(a.careTags.length > 0);
  if (care) return care;
  if (a.lastContactOn === b.lastContactOn) return 0;
  if (a.lastContactOn === null) return -1;
  if (b.lastContactOn === null) return 1;
  return a.lastContactOn < b.lastContactOn ? -1 : 1;
}

export interface HouseholdGroup {
  via: MyHousehold['via'];
  items: MyHousehold[];
}

/** My grid's households, then the ones I keep in touch with as a party member; empty groups left out. */
export function groupByVia(items: readonly MyHousehold[]): HouseholdGroup[] {
  return (['grid', 'contact'] as const)
    .map((via) => ({ via, items: items.filter((h) => h.via === via).sort(compareForVisits) }))
    .filter((group) => group.items.length > 0);
}

export function overdueCount(items: readonly MyHousehold[], today: string): number {
  return items.filter((h) => contactAge(h.lastContactOn, today).overdue).length;
}

/** Timeline: the latest contact on top; of two on one day, the one logged last. */
export function sortContacts(contacts: readonly HouseholdContact[]): HouseholdContact[] {
  return [...contacts].sort((a, b) =>
    a.contactedOn !== b.contactedOn
      ? a.contactedOn < b.contactedOn
        ? 1
        : -1
      : a.createdAt < b.createdAt
        ? 1
        : a.createdAt > b.createdAt
          ? -1
          : 0,
  );
}

const NUMBER = /^\d+[A-Za-z]?$/;

/**
 * Building and unit as people say them: "3栋 2单元", "Bldg 3, Unit 2". Bare numbers (as imports
 * often have them) get the word; anything else ("A座", "东单元") is shown as written.
 */
export function buildingUnit(household: Pick<MyHousehold, 'building' | 'unit'>, locale: Locale = 'zh-CN'): string {
  const en = locale === 'en';
  const building = household.building?.trim();
  const unit = household.unit?.trim();
  const parts = [
    building && (NUMBER.test(building) ? (en ? `Bldg ${building}` : `${building}栋`) : building),
    unit && (NUMBER.test(unit) ? (en ? `Unit ${unit}` : `${unit}单元`) : unit),
  ].filter(Boolean);
  return parts.join(en ? ', ' : ' ');
}
