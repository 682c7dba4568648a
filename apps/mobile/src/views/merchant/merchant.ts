import type { CatalogKind, CatalogStatus } from '@tongxin/shared';
import type { CatalogItem, CreateCatalogItemBody, UpdateCatalogItemBody } from '@tongxin/shared/schemas';

/** The server's bounds on an item (CreateCatalogItemBody). */
export const TITLE_MAX = 60;
export const DESCRIPTION_MAX = 1000;
export const COLLECT_AT_MAX = 120;
export const PRICE_MAX = 1_000_000;
export const STOCK_MAX = 100_000;
export const LIMIT_MAX = 100;
export const CAPACITY_MAX = 500;
export const SLOTS_MAX = 200;

/** One venue slot as typed: a day, a start and end time of day (the phone's time zone), places. */
export interface SlotForm {
  date: string;
  start: string;
  end: string;
  capacity: string;
}

/** The item form, as typed (numbers are text until sent). */
export interface ItemForm {
  kind: CatalogKind;
  title: string;
  description: string;
  price: string;
  /** New item: units on offer. Editing: units added (positive) or taken off (negative). */
  stock: string;
  perPersonLimit: string;
  validFrom: string;
  validUntil: string;
  collectAt: string;
  slots: SlotForm[];
}

/** The i18n keys (under `merchant.problem.`) of what is wrong with a field. */
export type ItemProblem =
  | 'required'
  | 'tooLong'
  | 'wholeNumber'
  | 'priceRange'
  | 'stockRange'
  | 'restockRange'
  | 'restockBelowZero'
  | 'limitRange'
  | 'dateOrder'
  | 'slotsRequired'
  | 'slotIncomplete'
  | 'slotOrder'
  | 'slotPast'
  | 'capacityRange';

export type ItemProblems = Partial<Record<keyof ItemForm, ItemProblem>>;

/** YYYY-MM-DD of a Date in the phone's time zone. */
export function isoDay(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** A day some months on (the end of the month when it has fewer days). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const last = new Date(y, m - 1 + months + 1, 0).getDate();
  return isoDay(new Date(y, m - 1 + months, Math.min(d, last)));
}

/** A day some days on. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return isoDay(new Date(y, m - 1, d + days));
}

export function newItemForm(opts: { today: string; collectAt?: string }): ItemForm {
  return {
    kind: 'service',
    title: '',
    description: '',
    price: '',
    stock: '',
    perPersonLimit: '1',
    validFrom: opts.today,
    validUntil: addMonths(opts.today, 6),
    collectAt: opts.collectAt ?? '',
    slots: [],
  };
}

/** The form for editing an item: its values, and nothing added yet (stock change 0, no new slots). */
export function formOfItem(item: CatalogItem): ItemForm {
  return {
    kind: item.kind,
    title: item.title,
    description: item.description,
    price: String(item.price),
    stock: '0',
    perPersonLimit: String(item.perPersonLimit),
    validFrom: item.validFrom,
    validUntil: item.validUntil,
    collectAt: item.collectAt,
    slots: [],
  };
}

export function newSlot(day: string, after?: SlotForm): SlotForm {
  return after ? { ...after } : { date: day, start: '09:00', end: '11:00', capacity: '1' };
}

const halfWidth = (text: string) => text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/－/g, '-');

/** A whole number as typed ("20", "２０", "-3" when `signed`), or null. */
export function wholeNumber(text: string, signed = false): number | null {
  const s = halfWidth(text.trim());
  if (!(signed ? /^[-+]?\d{1,7}$/ : /^\d{1,7}$/).test(s)) return null;
  return Number(s);
}

/** A venue slot → what the server takes: instants (the phone's wall clock, as the merchant means it). */
export function slotInput(s: SlotForm): { startsAt: string; endsAt: string; capacity: number } {
  return {
    startsAt: new Date(`${s.date}T${s.start}`).toISOString(),
    endsAt: new Date(`${s.date}T${s.end}`).toISOString(),
    capacity: wholeNumber(s.capacity) ?? 1,
  };
}

function slotProblem(slots: SlotForm[], now: Date): ItemProblem | undefined {
  for (const s of slots) {
    if (!s.date || !s.start || !s.end) return 'slotIncomplete';
    const capacity = wholeNumber(s.capacity);
    if (capacity === null || capacity < 1 || capacity > CAPACITY_MAX) return 'capacityRange';
    const { startsAt, endsAt } = slotInput(s);
    if (Number.isNaN(Date.parse(startsAt)) || Number.isNaN(Date.parse(endsAt))) return 'slotIncomplete';
    if (endsAt <= startsAt) return 'slotOrder';
    if (new Date(startsAt) <= now) return 'slotPast';
  }
  return undefined;
}

/**
 * What is wrong, field by field; empty when the form can be sent. `mode` 'edit': the stock field is
 * a change (may be negative, but not below the `stockNow` on the shelf), slots are only the ones being
 * added, and the first day is fixed.
 */
export function checkItemForm(form: ItemForm, mode: 'new' | 'edit', now: Date = new Date(), stockNow = Infinity): ItemProblems {
  const p: ItemProblems = {};
  const title = form.title.trim();
  if (!title) p.title = 'required';
  else if ([...title].length > TITLE_MAX) p.title = 'tooLong';
  if ([...form.description.trim()].length > DESCRIPTION_MAX) p.description = 'tooLong';
  const price = wholeNumber(form.price);
  if (!form.price.trim()) p.price = 'required';
  else if (price === null) p.price = 'wholeNumber';
  else if (price < 1 || price > PRICE_MAX) p.price = 'priceRange';
  if (form.kind !== 'venue') {
    if (mode === 'new') {
      const stock = wholeNumber(form.stock);
      if (!form.stock.trim()) p.stock = 'required';
      else if (stock === null) p.stock = 'wholeNumber';
      else if (stock > STOCK_MAX) p.stock = 'stockRange';
    } else if (form.stock.trim()) {
      const change = wholeNumber(form.stock, true);
      if (change === null) p.stock = 'wholeNumber';
      else if (Math.abs(change) > STOCK_MAX) p.stock = 'restockRange';
      else if (change < -stockNow) p.stock = 'restockBelowZero';
    }
  }
  const limit = wholeNumber(form.perPersonLimit);
  if (!form.perPersonLimit.trim()) p.perPersonLimit = 'required';
  else if (limit === null || limit < 1 || limit > LIMIT_MAX) p.perPersonLimit = 'limitRange';
  if (!form.validFrom) p.validFrom = 'required';
  if (!form.validUntil) p.validUntil = 'required';
  else if (form.validFrom && form.validUntil < form.validFrom) p.validUntil = 'dateOrder';
  const collectAt = form.collectAt.trim();
  if (!collectAt) p.collectAt = 'required';
  else if ([...collectAt].length > COLLECT_AT_MAX) p.collectAt = 'tooLong';
  if (form.kind === 'venue') {
    if (mode === 'new' && form.slots.length === 0) p.slots = 'slotsRequired';
    else p.slots = slotProblem(form.slots, now);
    if (!p.slots) delete p.slots;
  }
  return p;
}

/** POST /merchant/items. Call after checkItemForm found nothing. */
export function createBody(form: ItemForm, photoId: string | null): CreateCatalogItemBody {
  const body: CreateCatalogItemBody = {
    kind: form.kind,
    title: form.title.trim(),
    description: form.description.trim(),
    price: wholeNumber(form.price) ?? 1,
    perPersonLimit: wholeNumber(form.perPersonLimit) ?? 1,
    validFrom: form.validFrom,
    validUntil: form.validUntil,
    collectAt: form.collectAt.trim(),
  };
  if (form.kind === 'venue') body.slots = form.slots.map(slotInput);
  else body.stock = wholeNumber(form.stock) ?? 0;
  if (photoId) body.photoId = photoId;
  return body;
}

/**
 * PATCH /merchant/items/:id: only what changed. `review` says whether the change sends the item
 * back to the town for a look (title, price or description of an item already decided on).
 */
export function updateBody(form: ItemForm, item: CatalogItem): { body: UpdateCatalogItemBody; review: boolean } {
  const body: UpdateCatalogItemBody = {};
  const title = form.title.trim();
  if (title !== item.title) body.title = title;
  const description = form.description.trim();
  if (description !== item.description) body.description = description;
  const price = wholeNumber(form.price);
  if (price !== null && price !== item.price) body.price = price;
  const limit = wholeNumber(form.perPersonLimit);
  if (limit !== null && limit !== item.perPersonLimit) body.perPersonLimit = limit;
  if (form.validUntil !== item.validUntil) body.validUntil = form.validUntil;
  const collectAt = form.collectAt.trim();
  if (collectAt !== item.collectAt) body.collectAt = collectAt;
  if (item.kind !== 'venue') {
    const change = form.stock.trim() ? wholeNumber(form.stock, true) : 0;
    if (change) body.restock = change;
  } else if (form.slots.length) body.addSlots = form.slots.map(slotInput);
  return { body, review: needsReview(body, item.status) };
}

/** Title, price and description are what a volunteer decides by: changing them asks the town again. */
export function needsReview(body: UpdateCatalogItemBody, status: CatalogStatus): boolean {
  return status !== 'pending' && (body.title !== undefined || body.price !== undefined || body.description !== undefined);
}

/** Stock after a change typed in the edit form (never shown below zero). */
export function stockAfter(stock: number, change: string): number {
  return Math.max(0, stock + (wholeNumber(change, true) ?? 0));
}

/** What a merchant may still do with an item. */
export const canWithdraw = (status: CatalogStatus): boolean => status === 'pending' || status === 'listed';
export const canRestock = (status: CatalogStatus): boolean => status === 'pending' || status === 'listed';
