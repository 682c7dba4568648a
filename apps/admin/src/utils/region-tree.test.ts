import { describe, expect, it } from 'vitest';
import type { Region } from '@tongxin/shared/schemas';
import {
  buildRegionTree,
  countByDepth,
  filterRegionTree,
  initialExpandedIds,
  regionPathNames,
  subtreeIds,
  withArabicNumerals,
} from './region-tree';

const LEVELS = ['镇（街道）', '村（社区）', '经济社（小区）', '网格'];
function region(id: string, parentId: string | null, depth: number, name: string, code: string | null = null): Region {
  return {
    id,
    townId: 't',
    parentId,
    depth,
    levelName: LEVELS[depth]!,
    name,
    code,
    boundary: null,
    centre: null,
    childCount: 0,
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

// As the server sends it: flat, ordered by id path, so siblings come in no useful order.
const flat: Region[] = [
  region('t', null, 0, '青樵镇'),
  region('c2', 't', 1, '新田村'),
  region('c1', 't', 1, '上金湾社区'),
  region('s1', 'c1', 2, '金湾花园小区'),
  region('g10', 's1', 3, '第十网格'),
  region('g2', 's1', 3, '第二网格'),
  region('g1', 's1', 3, '第一网格'),
];

describe('buildRegionTree', () => {
  it('nests children under their parents', () => {
    const [root, ...others] = buildRegionTree(flat);
    expect(others).toEqual([]);
    expect(root!.name).toBe('青樵镇');
    const c1 = root!.children.find((c) => c.id === 'c1')!;
    expect(c1.children.map((c) => c.name)).toEqual(['金湾花园小区']);
    expect(c1.children[0]!.children).toHaveLength(3);
  });

  it('orders numbered siblings as people count them', () => {
    const grids = buildRegionTree(flat)[0]!.children.find((c) => c.id === 'c1')!.children[0]!.children;
    expect(grids.map((g) => g.name)).toEqual(['第一网格', '第二网格', '第十网格']);
  });

  it('orders by division code when both siblings have one', () => {
    const tree = buildRegionTree([
      region('t', null, 0, '镇'),
      region('b', 't', 1, '甲村', '440605124002'),
      region('a', 't', 1, '乙村', '440605124001'),
    ]);
    expect(tree[0]!.children.map((c) => c.name)).toEqual(['乙村', '甲村']);
  });

  it('makes a root of every node whose parent is out of sight (a community admin’s scope)', () => {
    const tree = buildRegionTree(flat.filter((r) => r.id !== 't'));
    expect(tree.map((r) => r.id).sort()).toEqual(['c1', 'c2']);
  });

  it('returns an empty forest for no regions and does not mutate its input', () => {
    expect(buildRegionTree([])).toEqual([]);
    const copy = structuredClone(flat);
    buildRegionTree(flat);
    expect(flat).toEqual(copy);
  });
});

describe('helpers', () => {
  const byId = new Map(flat.map((r) => [r.id, r]));

  it('names the path from the top down', () => {
    expect(regionPathNames('g2', byId)).toEqual(['青樵镇', '上金湾社区', '金湾花园小区', '第二网格']);
    expect(regionPathNames('missing', byId)).toEqual([]);
  });

  it('collects a subtree', () => {
    const c1 = buildRegionTree(flat)[0]!.children.find((c) => c.id === 'c1')!;
    expect([...subtreeIds(c1)].sort()).toEqual(['c1', 'g1', 'g10', 'g2', 's1']);
  });

  it('counts regions per level', () => {
    expect(countByDepth(flat)).toEqual([
      { depth: 0, levelName: '镇（街道）', count: 1 },
      { depth: 1, levelName: '村（社区）', count: 2 },
      { depth: 2, levelName: '经济社（小区）', count: 1 },
      { depth: 3, levelName: '网格', count: 3 },
    ]);
  });

  it('filters by name and keeps the ancestors of matches', () => {
    const filtered = filterRegionTree(buildRegionTree(flat), '第二');
    expect(filtered[0]!.children.map((c) => c.name)).toEqual(['上金湾社区']);
    expect(filtered[0]!.children[0]!.children[0]!.children.map((c) => c.name)).toEqual(['第二网格']);
    expect(filterRegionTree(buildRegionTree(flat), '  ')).toHaveLength(1);
  });

  it('expands the top two visible levels at first', () => {
    expect(initialExpandedIds(flat).sort()).toEqual(['c1', 'c2', 't']);
    expect(initialExpandedIds(flat.filter((r) => r.depth >= 2)).sort()).toEqual(['g1', 'g10', 'g2', 's1']);
    expect(initialExpandedIds([])).toEqual([]);
  });

  it('reads Chinese numerals', () => {
    expect(withArabicNumerals('第十一网格')).toBe('第11网格');
    expect(withArabicNumerals('第二十网格')).toBe('第20网格');
    expect(withArabicNumerals('一百零五号')).toBe('105号');
    expect(withArabicNumerals('金湾花园小区')).toBe('金湾花园小区');
  });
});
