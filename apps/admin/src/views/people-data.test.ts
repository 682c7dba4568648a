import { describe, expect, it } from 'vitest';
import type { GridDutyAssignment, Household, PartyMember, PartyOrg, Resident } from '@tongxin/shared/schemas';
import { createHouseholdBody, emptyHouseholdForm, householdQuery, householdToForm, updateHouseholdBody } from './households/data';
import {
  createResidentBody,
  emptyResidentForm,
  idNumberFacts,
  needsGuardian,
  residentQuery,
  residentToForm,
  updateResidentBody,
} from './residents/data';
import {
  buildOrgTree,
  childKinds,
  createMemberBody,
  emptyMemberFilters,
  emptyMemberForm,
  memberQuery,
  memberToForm,
  updateMemberBody,
  warningCount,
} from './party/data';
import { dutyBody, groupByDuty } from './grid-duties/data';
import { allPoints, boundsOf, polygonToDisplay, toDisplay } from './map/data';
import { checkImportFile, importKinds, resultTone } from './imports/data';
import { careTagProblems, nextCareTagCode } from './town/data';

const household: Household = {
  id: 'h1',
  townId: 't',
  regionId: 'g1',
  regionPath: ['青樵镇', '上金湾社区', '第一网格'],
  householdNo: null,
  addressMasked: '上金湾路****',
  building: '3栋',
  unit: null,
  roomMasked: '1***',
  location: { lng: 113.3, lat: 22.2 },
  headName: '张三',
  residentCount: 2,
  careTags: [],
  lastContactOn: null,
  version: 4,
  createdAt: '2026-01-01T00:00:00.000Z',
};

describe('households page', () => {
  it('leaves empty filters out of the query', () => {
    expect(householdQuery({ regionId: '', q: '  ', careTag: '' })).toEqual({ regionId: undefined, q: undefined, careTag: undefined });
    expect(householdQuery({ regionId: 'r', q: ' 金湾 ', careTag: 'veteran' })).toEqual({ regionId: 'r', q: '金湾', careTag: 'veteran' });
  });

  it('creates without a grid when a location is given, and blanks become null', () => {
    const body = createHouseholdBody({ ...emptyHouseholdForm(), address: ' 上金湾路 18 号 ', lng: 113.3, lat: 22.2 });
    expect(body).toEqual({
      householdNo: null,
      address: '上金湾路 18 号',
      building: null,
      unit: null,
      room: null,
      location: { lng: 113.3, lat: 22.2 },
    });
  });

  it('sends only what changed on edit; masked fields left empty stay', () => {
    const form = householdToForm(household);
    expect(form.address).toBe('');
    expect(updateHouseholdBody(form, household)).toEqual({ version: 4 });
    expect(updateHouseholdBody({ ...form, unit: '2单元', room: '302', lng: null, lat: null }, household)).toEqual({
      version: 4,
      unit: '2单元',
      room: '302',
      location: null,
    });
  });
});

const resident: Resident = {
  id: 'r1',
  townId: 't',
  householdId: 'h1',
  householdAddressMasked: '上金湾路****',
  regionId: 'g1',
  regionPath: ['青樵镇'],
  name: '张三',
  nameInitials: 'zs',
  sex: 'male',
  birthDate: '1949-12-31',
  age: 76,
  idType: 'resident_id',
  idNumberMasked: '110105********002X',
  mobileMasked: null,
  ethnicity: null,
  politicalStatus: 'masses',
  newCitizen: false,
  relationToHead: '户主',
  careTags: ['living_alone'],
  hasNotes: false,
  guardianConsent: null,
  partyMemberId: null,
  version: 2,
  createdAt: '2026-01-01T00:00:00.000Z',
};

describe('residents page', () => {
  it('reads birth date and sex from a valid resident ID number only', () => {
    expect(idNumberFacts('resident_id', '11010519491231002X')).toEqual({ birthDate: '1949-12-31', sex: 'female' });
    expect(idNumberFacts('resident_id', '110105194912310021')).toBeNull(); // wrong check digit
    expect(idNumberFacts('passport', '11010519491231002X')).toBeNull();
  });

  it('asks for a guardian below 14', () => {
    const on = new Date(2026, 5, 1);
    expect(needsGuardian('2012-06-02', on)).toBe(true);
    expect(needsGuardian('2012-06-01', on)).toBe(false);
    expect(needsGuardian('', on)).toBe(false);
  });

  it('builds the create body with normalised numbers', () => {
    const body = createResidentBody({
      ...emptyResidentForm('h1'),
      name: ' 李四 ',
      idNumber: '11010519491231002x',
      mobile: '138 0013 8000',
      careTags: ['veteran'],
    });
    expect(body).toMatchObject({ householdId: 'h1', name: '李四', idNumber: '11010519491231002X', mobile: '13800138000' });
    expect(body.guardianConsent).toBeNull();
    expect(body.ethnicity).toBeNull();
  });

  it('sends only the changed fields on edit', () => {
    const form = residentToForm(resident);
    expect(updateResidentBody(form, resident)).toEqual({ version: 2 });
    expect(updateResidentBody({ ...form, careTags: [], mobile: '13800138000' }, resident)).toEqual({
      version: 2,
      careTags: [],
      mobile: '13800138000',
    });
  });

  it('filters by household when asked', () => {
    expect(residentQuery({ regionId: '', householdId: 'h1', q: 'zs', careTag: '', politicalStatus: '' })).toEqual({
      regionId: undefined,
      householdId: 'h1',
      q: 'zs',
      careTag: undefined,
      politicalStatus: undefined,
    });
  });
});

const org = (id: string, parentId: string | null, kind: PartyOrg['kind'], name: string, warnings = 0): PartyOrg => ({
  id,
  townId: 't',
  parentId,
  kind,
  name,
  regionId: 'r',
  regionPath: [],
  secretaryMemberId: null,
  secretaryName: null,
  memberCount: 0,
  fullMemberCount: 0,
  warnings: Array.from({ length: warnings }, (_, i) => ({ code: `W${i}`, message: 'w' })),
});

describe('party pages', () => {
  it('nests organisations, committees before branches, orphans at the top', () => {
    const tree = buildOrgTree([
      org('b2', 'c', 'branch', '第二党支部', 1),
      org('g', 'c', 'general_branch', '党总支'),
      org('b1', 'c', 'branch', '第一党支部'),
      org('c', null, 'committee', '镇党委'),
      org('x', 'missing', 'branch', '外部支部'),
    ]);
    expect(tree.map((n) => n.id)).toEqual(['c', 'x']);
    expect(tree[0]!.children.map((n) => n.name)).toEqual(['党总支', '第一党支部', '第二党支部']);
    expect(warningCount(tree[0]!)).toBe(1);
  });

  it('offers only the kinds allowed below a parent', () => {
    expect(childKinds(null)).toEqual(['committee', 'general_branch', 'branch']);
    expect(childKinds({ kind: 'branch' })).toEqual(['group']);
    expect(childKinds({ kind: 'group' })).toEqual([]);
  });

  it('turns the quick filters into the query', () => {
    expect(memberQuery({ ...emptyMemberFilters(), communityReported: true, glory: true })).toMatchObject({
      communityReported: true,
      minTenure: 50,
    });
    expect(memberQuery(emptyMemberFilters())).toMatchObject({ communityReported: undefined, minTenure: undefined });
  });

  it('links a new member to one of resident, account or name', () => {
    const base = { ...emptyMemberForm('o1'), residentId: 'r1', accountId: 'a1', name: '王五', joinDate: '2000-07-01' };
    expect(createMemberBody(base)).toMatchObject({ orgId: 'o1', residentId: 'r1' });
    expect(createMemberBody(base)).not.toHaveProperty('accountId');
    expect(createMemberBody({ ...base, link: 'name', status: 'probationary', fullDate: '2001-07-01' })).toMatchObject({
      name: '王五',
      fullDate: null,
    });
  });

  it('sends the dual report only when it changed', () => {
    const member: PartyMember = {
      id: 'm',
      townId: 't',
      orgId: 'o1',
      orgName: '支部',
      name: '王五',
      residentId: 'r1',
      accountId: null,
      mobileMasked: null,
      joinDate: '1970-07-01',
      fullDate: '1971-07-01',
      status: 'full',
      tenureYears: 55,
      communityReport: { regionId: 'c1', regionPath: [], reportedOn: '2024-01-01', workUnit: null, pledgedServices: ['环境整治'] },
      contactHouseholdCount: 0,
      createdAt: '2026-01-01T00:00:00.000Z',
    };
    const form = memberToForm(member);
    expect(updateMemberBody(form, member)).toEqual({});
    expect(updateMemberBody({ ...form, communityReport: false }, member)).toEqual({ communityReport: null });
  });
});

describe('grid duties page', () => {
  it('names the holder by the duty', () => {
    expect(dutyBody('g', { duty: 'grid_worker', personId: 'a', building: '3栋', unit: '' })).toEqual({
      regionId: 'g',
      duty: 'grid_worker',
      accountId: 'a',
    });
    expect(dutyBody('g', { duty: 'unit_head', personId: 'r', building: '3栋', unit: '2单元' })).toEqual({
      regionId: 'g',
      duty: 'unit_head',
      residentId: 'r',
      building: '3栋',
      unit: '2单元',
    });
    expect(dutyBody('g', { duty: '', personId: 'r', building: '', unit: '' })).toBeNull();
  });

  it('groups assignments into the four sections', () => {
    const a = (id: string, duty: GridDutyAssignment['duty'], personName: string, building: string | null = null) =>
      ({ id, duty, personName, building, unit: null }) as GridDutyAssignment;
    const groups = groupByDuty([a('1', 'building_head', '乙', '10栋'), a('2', 'building_head', '甲', '2栋'), a('3', 'grid_worker', '丙')]);
    expect(groups.map((g) => g.items.length)).toEqual([1, 2, 0, 0]);
    expect(groups[1]!.items.map((x) => x.building)).toEqual(['2栋', '10栋']);
  });
});

describe('map page', () => {
  it('keeps WGS-84 for plain tiles and shifts for GCJ-02 ones', () => {
    expect(toDisplay([113.3, 22.2], 'wgs84')).toEqual([22.2, 113.3]);
    const [lat, lng] = toDisplay([113.3, 22.2], 'gcj02');
    expect(Math.abs(lat - 22.2)).toBeGreaterThan(0.001);
    expect(Math.abs(lng - 113.3)).toBeGreaterThan(0.001);
  });

  it('drops the closing point of rings and bounds everything', () => {
    const polygon = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [113.3, 22.2],
          [113.31, 22.2],
          [113.31, 22.21],
          [113.3, 22.2],
        ] as [number, number][],
      ],
    };
    expect(polygonToDisplay(polygon, 'wgs84')[0]).toHaveLength(3);
    const points = allPoints(
      [{ id: 'r', name: 'g', depth: 3, boundary: polygon, centre: null }],
      [{ id: 'h', addressMasked: 'x', location: { lng: 113.32, lat: 22.19 }, careTagCount: 1 }],
      'wgs84',
    );
    expect(boundsOf(points)).toEqual([
      [22.19, 113.3],
      [22.21, 113.32],
    ]);
    expect(boundsOf([])).toBeNull();
  });
});

describe('import page', () => {
  it('offers the kinds the person may import', () => {
    expect(importKinds((p) => p === 'people.manage')).toEqual(['households', 'residents']);
  });

  it('accepts only non-empty .xlsx files within the cap', () => {
    expect(checkImportFile({ name: '居民.xlsx', size: 1000 })).toBeNull();
    expect(checkImportFile({ name: '居民.xls', size: 1000 })).toBe('validation.xlsxType');
    expect(checkImportFile({ name: 'a.xlsx', size: 0 })).toBe('validation.xlsxType');
    expect(checkImportFile({ name: 'a.xlsx', size: 2 * 1024 * 1024 }, 1)).toBe('validation.xlsxSize');
  });

  it('tells a clean, a partial and a rolled-back import apart', () => {
    expect(resultTone({ failed: 0, rolledBack: false })).toBe('success');
    expect(resultTone({ failed: 2, rolledBack: false })).toBe('warning');
    expect(resultTone({ failed: 2, rolledBack: true })).toBe('error');
  });
});

describe('care tag settings', () => {
  it('flags bad and repeated codes and empty labels', () => {
    const problems = careTagProblems([
      { code: 'veteran', label: '退役军人', saved: true },
      { code: 'veteran', label: ' ', saved: false },
      { code: 'Bad-Code', label: '标签', saved: false },
    ]);
    expect(problems).toEqual([
      { code: 'town.careTagCodeTaken', label: null },
      { code: 'town.careTagCodeTaken', label: 'town.careTagLabelRequired' },
      { code: 'town.careTagCodeInvalid', label: null },
    ]);
  });

  it('finds a free code for a new tag', () => {
    expect(nextCareTagCode([{ code: 'custom_1' }, { code: 'custom_3' }])).toBe('custom_2');
  });
});

describe('household unit text', () => {
  it('names bare numbers and keeps written ones', async () => {
    const { householdUnitText } = await import('../utils/people');
    const words = { building: (n: string) => `${n}栋`, unit: (n: string) => `${n}单元` };
    expect(householdUnitText({ building: '2', unit: '1', roomMasked: '**1' }, words)).toBe('2栋 1单元 **1');
    expect(householdUnitText({ building: 'A座', unit: null, roomMasked: null }, words)).toBe('A座');
    expect(householdUnitText({ building: '2', unit: '1', roomMasked: null })).toBe('2 1');
  });
});
