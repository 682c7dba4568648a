import { describe, expect, it } from 'vitest';
import type { CatalogItem } from '@tongxin/shared/schemas';
import {
  addMonths,
  canWithdraw,
  checkItemForm,
  createBody,
  formOfItem,
  needsReview,
  newItemForm,
  slotInput,
  stockAfter,
  updateBody,
  wholeNumber,
  type ItemForm,
} from './merchant';

const NOW = new Date('2026-11-24T00:00:00');

function filled(over: Partial<ItemForm> = {}): ItemForm {
  return {
    ...newItemForm({ today: '2026-11-24', collectAt: '金湾路 18 号' }),
    title: '免费理发一次',
    price: '20',
    stock: '30',
    ...over,
  };
}

const item: CatalogItem = {
  id: '00000000-0000-4000-8000-000000000001',
  merchantId: '00000000-0000-4000-8000-000000000002',
  merchantName: '志伟爱心理发店',
  kind: 'service',
  title: '免费理发一次',
  description: '男女剪发均可',
  price: 20,
  stock: 30,
  perPersonLimit: 2,
  validFrom: '2026-11-24',
  validUntil: '2027-05-23',
  collectAt: '志伟爱心理发店',
  lat: null,
  lng: null,
  distanceM: null,
  photoUrl: null,
  status: 'listed',
  moderationReason: null,
  remainingForMe: null,
  slots: [],
  createdAt: '2026-11-23T00:00:00Z',
};

describe('the item form', () => {
  it('starts today, valid six months, collected at the shop', () => {
    const form = newItemForm({ today: '2026-11-24', collectAt: '金湾路 18 号' });
    expect(form).toMatchObject({
      kind: 'service',
      validFrom: '2026-11-24',
      validUntil: '2027-05-24',
      perPersonLimit: '1',
      collectAt: '金湾路 18 号',
    });
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
  });

  it('reads whole numbers as people type them', () => {
    expect(wholeNumber('20')).toBe(20);
    expect(wholeNumber('２０')).toBe(20);
    expect(wholeNumber('2.5')).toBeNull();
    expect(wholeNumber('-3')).toBeNull();
    expect(wholeNumber('-3', true)).toBe(-3);
    expect(wholeNumber('+10', true)).toBe(10);
  });

  it('refuses what the server refuses, field by field', () => {
    expect(checkItemForm(filled(), 'new', NOW)).toEqual({});
    expect(checkItemForm(filled({ title: ' ', price: '', stock: '' }), 'new', NOW)).toEqual({
      title: 'required',
      price: 'required',
      stock: 'required',
    });
    expect(checkItemForm(filled({ price: '0' }), 'new', NOW).price).toBe('priceRange');
    expect(checkItemForm(filled({ price: '1.5' }), 'new', NOW).price).toBe('wholeNumber');
    expect(checkItemForm(filled({ perPersonLimit: '101' }), 'new', NOW).perPersonLimit).toBe('limitRange');
    expect(checkItemForm(filled({ validUntil: '2026-11-01' }), 'new', NOW).validUntil).toBe('dateOrder');
    expect(checkItemForm(filled({ title: '长'.repeat(61) }), 'new', NOW).title).toBe('tooLong');
  });

  it('venue time needs slots, each whole and in the future', () => {
    const venue = filled({ kind: 'venue', stock: '' });
    expect(checkItemForm(venue, 'new', NOW).slots).toBe('slotsRequired');
    const slot = { date: '2026-11-25', start: '09:00', end: '11:00', capacity: '1' };
    expect(checkItemForm({ ...venue, slots: [slot] }, 'new', NOW)).toEqual({});
    expect(checkItemForm({ ...venue, slots: [{ ...slot, end: '08:00' }] }, 'new', NOW).slots).toBe('slotOrder');
    expect(checkItemForm({ ...venue, slots: [{ ...slot, date: '2026-11-20' }] }, 'new', NOW).slots).toBe('slotPast');
    expect(checkItemForm({ ...venue, slots: [{ ...slot, capacity: '0' }] }, 'new', NOW).slots).toBe('capacityRange');
    expect(checkItemForm({ ...venue, slots: [{ ...slot, start: '' }] }, 'new', NOW).slots).toBe('slotIncomplete');
    // Editing: no new slots is fine.
    expect(checkItemForm(venue, 'edit', NOW).slots).toBeUndefined();
  });

  it('sends a new item as the server takes it', () => {
    expect(createBody(filled({ description: '  需预约 ' }), 'photo-1')).toEqual({
      kind: 'service',
      title: '免费理发一次',
      description: '需预约',
      price: 20,
      stock: 30,
      perPersonLimit: 1,
      validFrom: '2026-11-24',
      validUntil: '2027-05-24',
      collectAt: '金湾路 18 号',
      photoId: 'photo-1',
    });
    const venue = createBody(filled({ kind: 'venue', slots: [{ date: '2026-11-25', start: '09:00', end: '11:00', capacity: '2' }] }), null);
    expect(venue.stock).toBeUndefined();
    expect(venue.photoId).toBeUndefined();
    expect(venue.slots).toEqual([slotInput({ date: '2026-11-25', start: '09:00', end: '11:00', capacity: '2' })]);
    expect(new Date(venue.slots![0]!.startsAt).getHours()).toBe(9);
  });
});

describe('editing an item', () => {
  it('sends only what changed, and says when it goes back to review', () => {
    const form = formOfItem(item);
    expect(updateBody(form, item)).toEqual({ body: {}, review: false });
    expect(updateBody({ ...form, stock: '+10', collectAt: '前台' }, item)).toEqual({
      body: { restock: 10, collectAt: '前台' },
      review: false,
    });
    expect(updateBody({ ...form, price: '25' }, item)).toEqual({ body: { price: 25 }, review: true });
    expect(updateBody({ ...form, title: '理发' }, { ...item, status: 'pending' }).review).toBe(false);
    expect(needsReview({ description: '新介绍' }, 'rejected')).toBe(true);
  });

  it('restocks up and down, never below the shelf', () => {
    const form = formOfItem(item);
    expect(checkItemForm({ ...form, stock: '-5' }, 'edit', NOW, 30)).toEqual({});
    expect(checkItemForm({ ...form, stock: '-31' }, 'edit', NOW, 30).stock).toBe('restockBelowZero');
    expect(checkItemForm({ ...form, stock: 'abc' }, 'edit', NOW, 30).stock).toBe('wholeNumber');
    expect(stockAfter(30, '-5')).toBe(25);
    expect(stockAfter(30, '+7')).toBe(37);
    expect(stockAfter(3, '-9')).toBe(0);
  });

  it('may be withdrawn while waiting or listed', () => {
    expect(['pending', 'listed', 'rejected', 'withdrawn'].map((s) => canWithdraw(s as CatalogItem['status']))).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});
