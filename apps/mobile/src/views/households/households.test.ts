import { describe, expect, it } from 'vitest';
import type { HouseholdContact, MyHousehold } from '@tongxin/shared/schemas';
import {
  buildingUnit,
  careTagTone,
  contactAge,
  daysSince,
  groupByVia,
  localDate,
  matchesQuery,
  overdueCount,
  sortContacts,
} from './households';

let n = 0;
function household(extra: Partial<MyHousehold> = {}): MyHousehold {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    addressMasked: `金湾花园${n}栋****`,
    building: null,
    unit: null,
    roomMasked: null,
    regionName: '第一网格',
    headName: '张三',
    residentCount: 2,
    careTags: [],
    lastContactOn: null,
    via: 'grid',
    ...extra,
  };
}

function contact(contactedOn: string, createdAt: string): HouseholdContact {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    householdId: 'h',
    householdAddressMasked: '金湾花园****',
    contactedOn,
    way: 'visit',
    raised: null,
    followUp: 'none',
    loggedByName: '何晓东',
    partyMemberId: null,
    createdAt,
  };
}

describe('days since the last contact', () => {
  it('takes the phone’s calendar day, not UTC', () => {
    expect(localDate(new Date(2026, 2, 1, 7, 30))).toBe('2026-03-01');
    expect(localDate(new Date(2026, 11, 31, 23, 59))).toBe('2026-12-31');
  });

  it('counts calendar days, across months and leap days', () => {
    expect(daysSince('2026-03-01', '2026-03-01')).toBe(0);
    expect(daysSince('2026-02-28', '2026-03-01')).toBe(1);
    expect(daysSince('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysSince('2025-12-31', '2026-01-30')).toBe(30);
    expect(daysSince('2026-03-02', '2026-03-01')).toBe(0); // a phone whose clock is behind
  });

  it('calls 30 days or more without contact, or none ever, overdue', () => {
    expect(contactAge(null, '2026-03-01')).toEqual({ days: null, overdue: true });
    expect(contactAge('2026-02-01', '2026-03-01')).toEqual({ days: 28, overdue: false });
    expect(contactAge('2026-01-31', '2026-03-01')).toEqual({ days: 29, overdue: false });
    expect(contactAge('2026-01-30', '2026-03-01')).toEqual({ days: 30, overdue: true });
    expect(
      overdueCount([household(), household({ lastContactOn: '2026-02-20' }), household({ lastContactOn: '2025-01-01' })], '2026-03-01'),
    ).toBe(2);
  });
});

describe('care tags', () => {
  it('marks those who live alone, are gravely ill or left behind for the closest watch', () => {
    expect(careTagTone('独居老人')).toBe('alert');
    expect(careTagTone('重病患者')).toBe('alert');
    expect(careTagTone('留守儿童')).toBe('alert');
    expect(careTagTone('退役军人')).toBe('care');
    expect(careTagTone('低保户')).toBe('care');
  });
});

describe('the household list', () => {
  it('finds a household by address, head, building or care tag, spaces and case ignored', () => {
    const h = household({ addressMasked: '金湾花园小区****', headName: '李秀英', building: '3栋', unit: '2单元', careTags: ['独居老人'] });
    for (const q of ['', '金湾', '李秀', '3栋', '2 单元', '独居', '  秀英 ']) expect(matchesQuery(h, q), q).toBe(true);
    expect(matchesQuery(h, '新田')).toBe(false);
    expect(matchesQuery(household({ headName: null, addressMasked: 'Block A****' }), 'block a')).toBe(true);
  });

  it('groups my grid before my contact households, care tags first, then the longest without contact', () => {
    const plain = household({ lastContactOn: '2026-01-01' });
    const never = household();
    const alone = household({ careTags: ['独居老人'], lastContactOn: '2026-02-25' });
    const aloneOlder = household({ careTags: ['残疾人'], lastContactOn: '2026-02-01' });
    const recent = household({ lastContactOn: '2026-02-28' });
    const linked = household({ via: 'contact', lastContactOn: '2026-02-01' });
    const linkedNever = household({ via: 'contact' });
    const groups = groupByVia([linked, plain, recent, alone, never, linkedNever, aloneOlder]);
    expect(groups.map((g) => g.via)).toEqual(['grid', 'contact']);
    expect(groups[0]!.items).toEqual([aloneOlder, alone, never, plain, recent]);
    expect(groups[1]!.items).toEqual([linkedNever, linked]);
  });

  it('leaves out an empty group', () => {
    expect(groupByVia([household({ via: 'contact' })]).map((g) => g.via)).toEqual(['contact']);
    expect(groupByVia([])).toEqual([]);
  });

  it('says building and unit when known, with the word for bare numbers', () => {
    expect(buildingUnit({ building: '3栋', unit: '2单元' })).toBe('3栋 2单元');
    expect(buildingUnit({ building: '3', unit: '2' })).toBe('3栋 2单元');
    expect(buildingUnit({ building: '12A', unit: null })).toBe('12A栋');
    expect(buildingUnit({ building: 'A座', unit: '东单元' })).toBe('A座 东单元');
    expect(buildingUnit({ building: '3', unit: '2' }, 'en')).toBe('Bldg 3, Unit 2');
    expect(buildingUnit({ building: null, unit: ' ' })).toBe('');
  });
});

describe('the contact timeline', () => {
  it('puts the latest contact on top; on one day, the one logged last', () => {
    const a = contact('2026-02-01', '2026-02-01T10:00:00.000Z');
    const b = contact('2026-02-20', '2026-02-20T09:00:00.000Z');
    const c = contact('2026-02-20', '2026-02-20T15:00:00.000Z');
    const d = contact('2026-02-10', '2026-03-01T08:00:00.000Z'); // logged late, for an earlier day
    expect(sortContacts([a, b, c, d])).toEqual([c, b, d, a]);
  });
});
