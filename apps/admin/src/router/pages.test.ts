import { describe, expect, it } from 'vitest';
import type { Permission } from '@tongxin/shared';
import { menuSections } from './pages';

describe('menu sections', () => {
  it('puts ungrouped pages first and hides empty groups', () => {
    const can = (p: Permission) => ['region.read', 'people.read', 'party.read'].includes(p);
    const sections = menuSections(can);
    expect(sections.map((s) => s.group)).toEqual([null, 'people', 'party']);
    expect(sections[1]!.pages.map((p) => p.name)).toEqual(['regions', 'households', 'residents', 'grid-duties', 'map']);
  });

  it('gives team leaders the volunteer section, before administration', () => {
    const can = (p: Permission) => ['region.read', 'volunteer.read', 'account.read'].includes(p);
    const sections = menuSections(can);
    expect(sections.map((s) => s.group)).toEqual([null, 'people', 'volunteer', 'system']);
    expect(sections[2]!.pages.map((p) => p.name)).toEqual(['volunteers', 'teams', 'pairings']);
  });

  it('shows the activity pages, next to the teams, to those who manage activities', () => {
    const can = (p: Permission) => ['region.read', 'volunteer.read', 'activity.manage'].includes(p);
    const volunteer = menuSections(can).find((s) => s.group === 'volunteer');
    expect(volunteer?.pages.map((p) => p.name)).toEqual(['volunteers', 'teams', 'pairings', 'activities', 'activity-calendar', 'hours']);
  });

  it('gives handlers the help board, the community its review queue and town admins the categories', () => {
    const grid = (p: Permission) => ['region.read', 'people.read', 'volunteer.read', 'help.manage'].includes(p);
    expect(menuSections(grid).map((s) => s.group)).toEqual([null, 'people', 'volunteer', 'help']);
    expect(
      menuSections(grid)
        .find((s) => s.group === 'help')
        ?.pages.map((p) => p.path),
    ).toEqual(['help']);
    const community = (p: Permission) => ['region.read', 'help.manage', 'help.confirm'].includes(p);
    expect(
      menuSections(community)
        .find((s) => s.group === 'help')
        ?.pages.map((p) => p.name),
    ).toEqual(['help', 'help-review']);
    const town = (p: Permission) => ['region.read', 'help.manage', 'help.confirm', 'town.manage'].includes(p);
    const sections = menuSections(town);
    expect(sections.map((s) => s.group)).toEqual([null, 'people', 'help', 'system']);
    expect(sections[2]!.pages.map((p) => p.path)).toEqual(['help', 'help/review', 'help/categories']);
  });

  it('gives whoever reads the points bank its section, before administration', () => {
    const community = (p: Permission) => ['region.read', 'help.manage', 'points.read', 'points.manage', 'account.read'].includes(p);
    const sections = menuSections(community);
    expect(sections.map((s) => s.group)).toEqual([null, 'people', 'help', 'points', 'system']);
    expect(sections[3]!.pages.map((p) => p.path)).toEqual([
      'points/rules',
      'points/accounts',
      'points/adjustments',
      'points/merchants',
      'points/catalog',
      'points/redemptions',
    ]);
    const auditor = (p: Permission) => ['region.read', 'account.read', 'audit.read', 'points.read'].includes(p);
    expect(menuSections(auditor).map((s) => s.group)).toEqual([null, 'people', 'points', 'system']);
    const resident = (p: Permission) => p === 'region.read';
    expect(menuSections(resident).some((s) => s.group === 'points')).toBe(false);
  });

  it("puts the party members' points next to the party pages, for whoever reads party data", () => {
    const grid = (p: Permission) => ['region.read', 'people.read', 'party.read'].includes(p);
    expect(
      menuSections(grid)
        .find((s) => s.group === 'party')
        ?.pages.map((p) => p.path),
    ).toEqual(['party-orgs', 'party-members', 'party-points', 'party-points/items']);
    const auditor = (p: Permission) => ['region.read', 'account.read', 'audit.read', 'points.read'].includes(p);
    expect(menuSections(auditor).some((s) => s.group === 'party')).toBe(false);
  });
});
