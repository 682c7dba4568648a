import { describe, expect, it } from 'vitest';
import type { CatalogSlot } from '@tongxin/shared/schemas';
import {
  amountTone,
  clampQuantity,
  codeFromVerifyScan,
  codeInput,
  formatAmount,
  formatCode,
  hoursOf,
  kindLabel,
  maxQuantity,
  newIdempotencyKey,
  redeemBlock,
  redemptionStatusLabel,
  slotFree,
  slotsByDay,
  txnLabel,
  verifyUrl,
} from './points';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('redemption codes', () => {
  it('are shown in two groups of four', () => {
    expect(formatCode('12345678')).toBe('1234 5678');
    expect(formatCode('00000001')).toBe('0000 0001');
    // A masked or odd code is shown as it came.
    expect(formatCode('12****78')).toBe('12****78');
  });

  it('keep only digits as typed, at most eight, full-width ones too', () => {
    expect(codeInput('1234 5678')).toBe('12345678');
    expect(codeInput('１２３４-５６７８9')).toBe('12345678');
    expect(codeInput('ab12')).toBe('12');
  });

  it('come out of a scan: the bare code or the verify link', () => {
    expect(codeFromVerifyScan('12345678')).toBe('12345678');
    expect(codeFromVerifyScan(' 1234 5678 ')).toBe('12345678');
    expect(codeFromVerifyScan('https://tx.example.cn/m/merchant/verify?code=87654321')).toBe('87654321');
    expect(codeFromVerifyScan('/m/merchant/verify?code=87654321&x=1')).toBe('87654321');
    // Not ours: another app's QR, a check-in code, a short number.
    expect(codeFromVerifyScan('https://example.com/?c=abc')).toBeNull();
    expect(codeFromVerifyScan('/m/check-in?c=123.456.mac')).toBeNull();
    expect(codeFromVerifyScan('1234567')).toBeNull();
    expect(codeFromVerifyScan('')).toBeNull();
  });

  it('make the verify link the QR holds, which reads back to the code', () => {
    const url = verifyUrl('https://tx.example.cn', '/m/', '01234567');
    expect(url).toBe('https://tx.example.cn/m/merchant/verify?code=01234567');
    expect(verifyUrl('http://10.0.0.5:3000', '/m', '01234567')).toBe('http://10.0.0.5:3000/m/merchant/verify?code=01234567');
    expect(codeFromVerifyScan(url)).toBe('01234567');
  });
});

describe('amounts', () => {
  it('carry their sign: plus for points in, a true minus for points out', () => {
    expect(formatAmount(20)).toBe('+20');
    expect(formatAmount(-15)).toBe('\u221215');
    expect(formatAmount(0)).toBe('0');
    expect([amountTone(5), amountTone(-5), amountTone(0)]).toEqual(['in', 'out', 'zero']);
  });

  it('hours of service from minutes, one decimal at most', () => {
    expect(hoursOf(120)).toBe('2');
    expect(hoursOf(150)).toBe('2.5');
    expect(hoursOf(0)).toBe('0');
    expect(hoursOf(100)).toBe('1.7');
  });

  it('labels come from shared, in both languages', () => {
    expect(txnLabel('hold', 'zh-CN')).toBe('兑换（冻结）');
    expect(txnLabel('earn', 'en')).toBe('Earned');
    expect(kindLabel('venue', 'zh-CN')).toBe('换场地');
    expect(redemptionStatusLabel('verified', 'zh-CN')).toBe('已核销');
  });
});

describe('quantity', () => {
  const goods = { kind: 'goods' as const, stock: 12, perPersonLimit: 2, remainingForMe: 2, price: 15 };
  const slot = (capacity: number, taken: number): CatalogSlot => ({
    id: 's',
    startsAt: '2026-11-25T01:00:00.000Z',
    endsAt: '2026-11-25T03:00:00.000Z',
    capacity,
    taken,
  });

  it('is bounded by my limit left and by the stock', () => {
    expect(maxQuantity(goods)).toBe(2);
    expect(maxQuantity({ ...goods, stock: 1 })).toBe(1);
    expect(maxQuantity({ ...goods, remainingForMe: 0 })).toBe(0);
    // The server said nothing about me (not a volunteer): the item's limit.
    expect(maxQuantity({ ...goods, remainingForMe: null, perPersonLimit: 3 })).toBe(3);
  });

  it('for venue time, by the free places of the chosen slot', () => {
    const venue = { ...goods, kind: 'venue' as const, stock: 28 };
    expect(maxQuantity(venue)).toBe(0);
    expect(maxQuantity(venue, slot(5, 4))).toBe(1);
    expect(maxQuantity(venue, slot(5, 0))).toBe(2);
    expect(slotFree(slot(1, 3))).toBe(0);
  });

  it('is kept within 1..max', () => {
    expect(clampQuantity(5, 2)).toBe(2);
    expect(clampQuantity(0, 2)).toBe(1);
    expect(clampQuantity(-3, 2)).toBe(1);
    expect(clampQuantity(Number.NaN, 2)).toBe(1);
    expect(clampQuantity(1.7, 4)).toBe(1);
    expect(clampQuantity(1, 0)).toBe(0);
  });

  it('says why an item cannot be redeemed', () => {
    expect(redeemBlock(goods, null, 50)).toBeNull();
    expect(redeemBlock({ ...goods, stock: 0 }, null, 50)).toBe('soldOut');
    expect(redeemBlock({ ...goods, remainingForMe: 0 }, null, 50)).toBe('limitReached');
    expect(redeemBlock(goods, null, 10)).toBe('notEnough');
    expect(redeemBlock(goods, null, null)).toBeNull();
    expect(redeemBlock({ ...goods, kind: 'venue' }, null, 50)).toBe('pickSlot');
    expect(redeemBlock({ ...goods, kind: 'venue' }, slot(1, 0), 50)).toBeNull();
  });
});

describe('venue slots', () => {
  it('are grouped by day in time order, past ones left out', () => {
    const s = (id: string, startsAt: string, endsAt: string): CatalogSlot => ({ id, startsAt, endsAt, capacity: 1, taken: 0 });
    const days = slotsByDay(
      [
        s('b', '2026-11-25T06:30:00.000Z', '2026-11-25T08:30:00.000Z'),
        s('a', '2026-11-25T01:00:00.000Z', '2026-11-25T03:00:00.000Z'),
        s('c', '2026-11-26T01:00:00.000Z', '2026-11-26T03:00:00.000Z'),
        s('old', '2026-11-20T01:00:00.000Z', '2026-11-20T03:00:00.000Z'),
      ],
      { now: new Date('2026-11-24T00:00:00Z'), timeZone: 'Asia/Shanghai' },
    );
    expect(days.map((d) => d.day)).toEqual(['2026-11-25', '2026-11-26']);
    expect(days[0]!.slots.map((x) => [x.id, x.clock])).toEqual([
      ['a', '09:00–11:00'],
      ['b', '14:30–16:30'],
    ]);
  });
});

describe('Idempotency-Key', () => {
  it('is a v4 UUID, from randomUUID where there is one', () => {
    expect(newIdempotencyKey({ randomUUID: () => 'from-browser', getRandomValues: crypto.getRandomValues.bind(crypto) })).toBe(
      'from-browser',
    );
  });

  it('is made from getRandomValues on an http intranet (no randomUUID)', () => {
    const key = newIdempotencyKey({ getRandomValues: crypto.getRandomValues.bind(crypto) } as Crypto);
    expect(key).toMatch(UUID);
    expect(newIdempotencyKey({ getRandomValues: crypto.getRandomValues.bind(crypto) } as Crypto)).not.toBe(key);
  });
});
