import {
  CATALOG_KIND_LABELS,
  POINTS_TXN_LABELS,
  REDEMPTION_STATUS_LABELS,
  type CatalogKind,
  type Locale,
  type PointsTxnKind,
  type RedemptionStatus,
} from '@tongxin/shared';
import type { CatalogItem, CatalogSlot } from '@tongxin/shared/schemas';
import { formatClock } from '../activities/activities';

export { formatDistance } from '../activities/activities';

const lang = (locale: Locale) => (locale === 'en' ? 'en' : 'zh');

export const txnLabel = (kind: PointsTxnKind, locale: Locale): string => POINTS_TXN_LABELS[kind][lang(locale)];
export const kindLabel = (kind: CatalogKind, locale: Locale): string => CATALOG_KIND_LABELS[kind][lang(locale)];
export const redemptionStatusLabel = (status: RedemptionStatus, locale: Locale): string => REDEMPTION_STATUS_LABELS[status][lang(locale)];

const KIND_ICONS: Record<CatalogKind, string> = {
  service: 'service-o',
  training: 'certificate',
  venue: 'wap-home-o',
  goods: 'shopping-cart-o',
};
/** The Vant icon of a catalogue kind (换服务, 换培训, 换场地, 换实惠). */
export const kindIcon = (kind: CatalogKind): string => KIND_ICONS[kind];

/** Redemption codes are 8 digits. */
export const CODE_LENGTH = 8;
const CODE = /^\d{8}$/;

/** "12345678" → "1234 5678": easier to read out and to compare at the counter. */
export function formatCode(code: string): string {
  return CODE.test(code) ? `${code.slice(0, 4)} ${code.slice(4)}` : code;
}

/** Full-width digits (１２３) as a Chinese keyboard may type them → ASCII. */
const halfWidth = (text: string) => text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));

/** What someone typed in the code box → digits only, at most 8 (spaces, dashes and the rest dropped). */
export function codeInput(typed: string): string {
  return halfWidth(typed).replace(/\D/g, '').slice(0, CODE_LENGTH);
}

/**
 * What a scan (or a pasted text) says → the 8-digit code, or null: either the bare code (spaces
 * allowed, "1234 5678") or the verify link a redemption's QR holds (`…/merchant/verify?code=12345678`).
 */
export function codeFromVerifyScan(text: string): string | null {
  const raw = halfWidth(text.trim());
  if (!raw) return null;
  if (/^https?:\/\//i.test(raw) || raw.startsWith('/')) {
    try {
      const code = new URL(raw, 'http://local.invalid').searchParams.get('code')?.replace(/\s/g, '') ?? '';
      return CODE.test(code) ? code : null;
    } catch {
      return null;
    }
  }
  const bare = raw.replace(/[\s-]/g, '');
  return CODE.test(bare) ? bare : null;
}

/**
 * The link a redemption's QR code holds: the merchant's phone camera opens the verify page with the
 * code filled in. `base` is the phone app's base path ('/m/').
 */
export function verifyUrl(origin: string, base: string, code: string): string {
  const path = `${base.endsWith('/') ? base : `${base}/`}merchant/verify`;
  return `${origin}${path}?code=${encodeURIComponent(code)}`;
}

/** "+20" / "−15" (a true minus sign, as a bank statement prints it); 0 as "0". */
export function formatAmount(amount: number): string {
  if (amount > 0) return `+${amount}`;
  if (amount < 0) return `\u2212${Math.abs(amount)}`;
  return '0';
}

/** Colour of an amount: points in (green), out (red), or none. */
export const amountTone = (amount: number): 'in' | 'out' | 'zero' => (amount > 0 ? 'in' : amount < 0 ? 'out' : 'zero');

/** Free places in a venue slot. */
export const slotFree = (slot: Pick<CatalogSlot, 'capacity' | 'taken'>): number => Math.max(0, slot.capacity - slot.taken);

/**
 * How many of an item I may redeem at once: my limit left (remainingForMe; the item's per-person
 * limit when the server did not say), and no more than the shelf holds — for venue time, the free
 * places of the chosen slot (0 until one is chosen).
 */
export function maxQuantity(
  item: Pick<CatalogItem, 'kind' | 'stock' | 'perPersonLimit' | 'remainingForMe'>,
  slot: Pick<CatalogSlot, 'capacity' | 'taken'> | null = null,
): number {
  const mine = item.remainingForMe ?? item.perPersonLimit;
  const shelf = item.kind === 'venue' ? (slot ? slotFree(slot) : 0) : item.stock;
  return Math.max(0, Math.min(mine, shelf));
}

/** A quantity kept within 1..max (0 when nothing may be taken); non-numbers count as 1. */
export function clampQuantity(n: number, max: number): number {
  if (max < 1) return 0;
  const whole = Number.isFinite(n) ? Math.floor(n) : 1;
  return Math.min(max, Math.max(1, whole));
}

/** Why an item cannot be redeemed now, or null: the i18n key under `points.`. */
export type RedeemBlock = 'soldOut' | 'limitReached' | 'notEnough' | 'pickSlot' | null;

export function redeemBlock(
  item: Pick<CatalogItem, 'kind' | 'stock' | 'perPersonLimit' | 'remainingForMe' | 'price'>,
  slot: Pick<CatalogSlot, 'capacity' | 'taken'> | null,
  balance: number | null,
): RedeemBlock {
  if (item.remainingForMe === 0) return 'limitReached';
  if (item.stock === 0) return 'soldOut';
  if (item.kind === 'venue' && !slot) return 'pickSlot';
  if (balance !== null && balance < item.price) return 'notEnough';
  return null;
}

/** Minutes of service → hours with at most one decimal ("2", "2.5"). */
export const hoursOf = (minutes: number): string => (Math.round((minutes / 60) * 10) / 10).toString();

/** A local calendar day of an instant in the phone's (or the given) time zone: "2026-11-25". */
export function localDay(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}

/** Venue slots grouped by day, in time order, for the slot picker; past slots left out. */
export function slotsByDay(
  slots: readonly CatalogSlot[],
  opts: { now?: Date; timeZone?: string } = {},
): Array<{ day: string; slots: Array<CatalogSlot & { clock: string }> }> {
  const now = (opts.now ?? new Date()).getTime();
  const days = new Map<string, Array<CatalogSlot & { clock: string }>>();
  for (const s of [...slots].sort((a, b) => a.startsAt.localeCompare(b.startsAt))) {
    if (new Date(s.startsAt).getTime() <= now) continue;
    const day = localDay(s.startsAt, opts.timeZone);
    const clock = `${formatClock(s.startsAt, opts.timeZone)}–${formatClock(s.endsAt, opts.timeZone)}`;
    days.set(day, [...(days.get(day) ?? []), { ...s, clock }]);
  }
  return [...days].map(([day, list]) => ({ day, slots: list }));
}

/**
 * A random v4 UUID for the Idempotency-Key header. `crypto.randomUUID` exists only on https (and
 * localhost); a phone on the town's http intranet still has `getRandomValues`.
 */
export function newIdempotencyKey(source: Pick<Crypto, 'getRandomValues'> & { randomUUID?: () => string } = crypto): string {
  if (typeof source.randomUUID === 'function') {
    try {
      return source.randomUUID();
    } catch {
      // not a secure context: fall through
    }
  }
  const b = source.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Server codes a redemption can fail with that mean "look again": the item is re-fetched. */
export const STALE_ITEM_CODES = ['CATALOG_OUT_OF_STOCK', 'CATALOG_LIMIT_REACHED', 'CATALOG_SLOT_FULL', 'CATALOG_NOT_AVAILABLE'];
