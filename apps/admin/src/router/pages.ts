import type { Component } from 'vue';
import type { Permission } from '@tongxin/shared';
import {
  Avatar,
  Bell,
  Calendar,
  Collection,
  Connection,
  Document,
  DocumentChecked,
  Flag,
  Guide,
  Headset,
  House,
  HomeFilled,
  MapLocation,
  Medal,
  Memo,
  OfficeBuilding,
  Operation,
  Place,
  Present,
  Promotion,
  SetUp,
  Shop,
  Stamp,
  Stopwatch,
  Tickets,
  TrendCharts,
  Upload,
  User,
  UserFilled,
  Wallet,
} from '@element-plus/icons-vue';

/** Menu sections; a page without one sits at the top of the menu. */
export const MENU_GROUPS = ['people', 'party', 'volunteer', 'help', 'points', 'system'] as const;
export type MenuGroup = (typeof MENU_GROUPS)[number];

/**
 * The console's pages as data: path, title (i18n key), the permission needed to open them, the
 * menu icon and section. Routes (routes.ts), the left menu and the dashboard's quick links are all
 * made from this list, and it imports no view, so none of them import each other.
 */
export const PAGES = [
  { name: 'home', path: '', title: 'menu.home', icon: HomeFilled },
  { name: 'notifications', path: 'notifications', title: 'menu.notifications', icon: Bell },
  { name: 'regions', path: 'regions', title: 'menu.regions', permission: 'region.read', icon: Place, group: 'people' },
  { name: 'households', path: 'households', title: 'menu.households', permission: 'people.read', icon: House, group: 'people' },
  { name: 'residents', path: 'residents', title: 'menu.residents', permission: 'people.read', icon: UserFilled, group: 'people' },
  { name: 'grid-duties', path: 'grid-duties', title: 'menu.gridDuties', permission: 'people.read', icon: Guide, group: 'people' },
  { name: 'map', path: 'map', title: 'menu.map', permission: 'people.read', icon: MapLocation, group: 'people' },
  { name: 'imports', path: 'imports', title: 'menu.imports', permission: 'people.manage', icon: Upload, group: 'people' },
  { name: 'party-orgs', path: 'party-orgs', title: 'menu.partyOrgs', permission: 'party.read', icon: Flag, group: 'party' },
  { name: 'party-members', path: 'party-members', title: 'menu.partyMembers', permission: 'party.read', icon: Avatar, group: 'party' },
  { name: 'party-points', path: 'party-points', title: 'menu.partyPoints', permission: 'party.read', icon: TrendCharts, group: 'party' },
  {
    name: 'party-points-items',
    path: 'party-points/items',
    title: 'menu.partyPointsItems',
    permission: 'party.read',
    icon: Operation,
    group: 'party',
  },
  { name: 'volunteers', path: 'volunteers', title: 'menu.volunteers', permission: 'volunteer.read', icon: Medal, group: 'volunteer' },
  { name: 'teams', path: 'teams', title: 'menu.teams', permission: 'volunteer.read', icon: Collection, group: 'volunteer' },
  { name: 'pairings', path: 'pairings', title: 'menu.pairings', permission: 'volunteer.read', icon: Connection, group: 'volunteer' },
  { name: 'activities', path: 'activities', title: 'menu.activities', permission: 'activity.manage', icon: Promotion, group: 'volunteer' },
  {
    name: 'activity-calendar',
    path: 'activity-calendar',
    title: 'menu.activityCalendar',
    permission: 'activity.manage',
    icon: Calendar,
    group: 'volunteer',
  },
  { name: 'hours', path: 'hours', title: 'menu.hours', permission: 'activity.manage', icon: Stopwatch, group: 'volunteer' },
  { name: 'help', path: 'help', title: 'menu.help', permission: 'help.manage', icon: Headset, group: 'help' },
  { name: 'help-review', path: 'help/review', title: 'menu.helpReview', permission: 'help.confirm', icon: Stamp, group: 'help' },
  {
    name: 'help-categories',
    path: 'help/categories',
    title: 'menu.helpCategories',
    permission: 'town.manage',
    icon: SetUp,
    group: 'help',
  },
  { name: 'points-rules', path: 'points/rules', title: 'menu.pointsRules', permission: 'points.read', icon: Memo, group: 'points' },
  {
    name: 'points-accounts',
    path: 'points/accounts',
    title: 'menu.pointsAccounts',
    permission: 'points.read',
    icon: Wallet,
    group: 'points',
  },
  {
    name: 'points-adjustments',
    path: 'points/adjustments',
    title: 'menu.pointsAdjustments',
    permission: 'points.read',
    icon: DocumentChecked,
    group: 'points',
  },
  { name: 'points-merchants', path: 'points/merchants', title: 'menu.merchants', permission: 'points.read', icon: Shop, group: 'points' },
  { name: 'points-catalog', path: 'points/catalog', title: 'menu.catalog', permission: 'points.read', icon: Present, group: 'points' },
  {
    name: 'points-redemptions',
    path: 'points/redemptions',
    title: 'menu.redemptions',
    permission: 'points.read',
    icon: Tickets,
    group: 'points',
  },
  { name: 'town', path: 'town', title: 'menu.town', permission: 'town.manage', icon: OfficeBuilding, group: 'system' },
  { name: 'accounts', path: 'accounts', title: 'menu.accounts', permission: 'account.read', icon: User, group: 'system' },
  { name: 'audit', path: 'audit', title: 'menu.audit', permission: 'audit.read', icon: Document, group: 'system' },
] as const satisfies ReadonlyArray<{
  name: string;
  path: string;
  title: string;
  permission?: Permission;
  icon: Component;
  group?: MenuGroup;
}>;

export type PageName = (typeof PAGES)[number]['name'];
export type Page = (typeof PAGES)[number];

/** The pages this person may open, in menu order. */
export function menuPages(can: (p: Permission) => boolean): Page[] {
  return PAGES.filter((p) => !('permission' in p) || can(p.permission));
}

/** The menu in sections: the ungrouped pages first, then each group that has a page this person may open. */
export function menuSections(can: (p: Permission) => boolean): Array<{ group: MenuGroup | null; pages: Page[] }> {
  const pages = menuPages(can);
  const groupOf = (p: Page): MenuGroup | null => ('group' in p ? p.group : null);
  const sections: Array<{ group: MenuGroup | null; pages: Page[] }> = [{ group: null, pages: pages.filter((p) => !groupOf(p)) }];
  for (const group of MENU_GROUPS) sections.push({ group, pages: pages.filter((p) => groupOf(p) === group) });
  return sections.filter((s) => s.pages.length > 0);
}
