import { describe, expect, it } from 'vitest';
import {
  allowedRegions,
  counterValues,
  emptyTeamFilters,
  kindCounts,
  kindRule,
  kindTaken,
  pioneerHeadquarters,
  servedRegion,
  sortMembers,
  teamQuery,
} from './data';

const regions = [
  { id: 'town', depth: 0 },
  { id: 'c1', depth: 1 },
  { id: 'c2', depth: 1 },
  { id: 'g1', depth: 2 },
];

describe('volunteer teams page', () => {
  it('lets the kind decide the fields and the region a team may serve', () => {
    expect(kindRule('headquarters')).toEqual({ regionDepth: 0, organiser: false, parent: false });
    expect(kindRule('pioneer_headquarters').regionDepth).toBe(0);
    expect(kindRule('community')).toEqual({ regionDepth: 1, organiser: false, parent: false });
    expect(kindRule('professional')).toEqual({ regionDepth: null, organiser: true, parent: false });
    expect(kindRule('pioneer')).toEqual({ regionDepth: null, organiser: false, parent: true });
    expect(allowedRegions('headquarters', regions).map((r) => r.id)).toEqual(['town']);
    expect(allowedRegions('community', regions).map((r) => r.id)).toEqual(['c1', 'c2']);
    expect(allowedRegions('professional', regions)).toHaveLength(4);
  });

  it('knows which once-only kinds are taken, and finds the pioneer headquarters', () => {
    const teams = [
      { id: 'a', kind: 'headquarters' as const, regionId: 'town' },
      { id: 'b', kind: 'community' as const, regionId: 'c1' },
      { id: 'c', kind: 'professional' as const, regionId: 'town' },
      { id: 'd', kind: 'pioneer_headquarters' as const, regionId: 'town' },
    ];
    expect(kindTaken('headquarters', 'town', teams)).toBe(true);
    expect(kindTaken('community', 'c1', teams)).toBe(true);
    expect(kindTaken('community', 'c2', teams)).toBe(false);
    expect(kindTaken('professional', 'town', teams)).toBe(false);
    expect(pioneerHeadquarters(teams)?.id).toBe('d');
    expect(pioneerHeadquarters([])).toBeNull();
  });

  it('counts the “1+33+X” shape, the pioneer teams together', () => {
    const kinds = ['headquarters', 'community', 'community', 'professional', 'pioneer_headquarters', 'pioneer'] as const;
    const teams = kinds.map((kind) => ({ kind }));
    expect(kindCounts(teams)).toEqual({ headquarters: 1, community: 2, professional: 1, pioneer_headquarters: 1, pioneer: 1 });
    expect(counterValues(teams)).toEqual({ headquarters: 1, community: 2, professional: 1, pioneer: 2 });
    expect(counterValues([])).toEqual({ headquarters: 0, community: 0, professional: 0, pioneer: 0 });
  });

  it('turns the filters into the list query and shows the region without the town', () => {
    expect(teamQuery(emptyTeamFilters())).toEqual({ kind: undefined, regionId: undefined, q: undefined });
    expect(teamQuery({ kind: 'community', regionId: 'r1', q: ' 上金湾 ' })).toEqual({ kind: 'community', regionId: 'r1', q: '上金湾' });
    expect(servedRegion({ regionPath: ['青樵镇', '上金湾社区'] })).toBe('上金湾社区');
    expect(servedRegion({ regionPath: ['青樵镇'] })).toBe('青樵镇');
  });

  it('lists pending members first, then active, then the others', () => {
    const m = (id: string, status: 'pending' | 'active' | 'left' | 'rejected', appliedAt: string) => ({ id, status, appliedAt });
    const sorted = sortMembers([
      m('a', 'active', '2026-01-02'),
      m('b', 'left', '2026-01-01'),
      m('c', 'pending', '2026-01-03'),
      m('d', 'active', '2026-01-01'),
    ]);
    expect(sorted.map((x) => x.id)).toEqual(['c', 'd', 'a', 'b']);
  });
});
