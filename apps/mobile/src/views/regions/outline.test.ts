import { describe, expect, it } from 'vitest';
import type { Region } from '@tongxin/shared/schemas';
import { compareRegions, naturalName, parseChineseNumber, toOutline } from './outline';

let n = 0;
function region(name: string, parentId: string | null, depth: number, extra: Partial<Region> = {}): Region {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    townId: 'town',
    parentId,
    depth,
    levelName: ['镇（街道）', '村（社区）', '经济社（小区）', '网格'][depth] ?? '微网格',
    name,
    code: null,
    boundary: null,
    centre: null,
    childCount: 0,
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

describe('parseChineseNumber', () => {
  it.each([
    ['一', 1],
    ['十', 10],
    ['十一', 11],
    ['二十', 20],
    ['二十三', 23],
    ['一百零五', 105],
    ['两', 2],
  ])('%s → %i', (text, value) => expect(parseChineseNumber(text)).toBe(value));
});

describe('compareRegions', () => {
  it('counts grids the way people do', () => {
    const names = ['第十网格', '第二网格', '第一网格', '第十一网格', '第三网格'];
    const sorted = names.map((name) => ({ name, code: null })).sort(compareRegions);
    expect(sorted.map((r) => r.name)).toEqual(['第一网格', '第二网格', '第三网格', '第十网格', '第十一网格']);
    expect(naturalName('第十二网格')).toBe('第12网格');
  });

  it('puts official division codes first, in code order', () => {
    const a = { name: '新田村', code: '440605124002' };
    const b = { name: '上金湾社区', code: '440605124001' };
    const c = { name: '安置点', code: null };
    expect([a, c, b].sort(compareRegions)).toEqual([b, a, c]);
  });
});

describe('toOutline', () => {
  it('indents each node under its parent with the names above it', () => {
    const community = region('上金湾社区', 'town-root', 1, { code: '440605124001' });
    const garden = region('金湾花园小区', community.id, 2);
    const village = region('金湾新村', community.id, 2);
    const second = region('第二网格', garden.id, 3);
    const first = region('第一网格', garden.id, 3);
    // Server order is by id path, not by name: shuffle to prove the outline does not rely on it.
    const rows = toOutline([second, village, community, first, garden], new Map([[community.id, ['青樵镇']]]));

    expect(rows.map((r) => `${'  '.repeat(r.level)}${r.region.name}`)).toEqual([
      '上金湾社区',
      '  金湾花园小区',
      '    第一网格',
      '    第二网格',
      '  金湾新村',
    ]);
    expect(rows[2]!.trail).toEqual(['青樵镇', '上金湾社区', '金湾花园小区']);
    expect(rows[0]!.trail).toEqual(['青樵镇']);
  });

  it('treats nodes whose parent is out of sight as tops (several grants)', () => {
    const gridA = region('第一网格', 'hidden-a', 3);
    const gridB = region('第二网格', 'hidden-b', 3);
    const micro = region('一号楼', gridB.id, 4);
    const rows = toOutline([micro, gridB, gridA]);
    expect(rows.map((r) => [r.region.name, r.level])).toEqual([
      ['第一网格', 0],
      ['第二网格', 0],
      ['一号楼', 1],
    ]);
  });

  it('is empty for no regions', () => {
    expect(toOutline([])).toEqual([]);
  });
});
