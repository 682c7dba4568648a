import type { Component } from 'vue';
import type { Permission } from '@tongxin/shared';
import { Bell, Document, HomeFilled, OfficeBuilding, Place, User } from '@element-plus/icons-vue';

/**
 * The console's pages as data: path, title (i18n key), the permission needed to open them and the
 * menu icon. Routes (routes.ts), the left menu and the dashboard's quick links are all made from
 * this list, and it imports no view, so none of them import each other.
 */
export const PAGES = [
  { name: 'home', path: '', title: 'menu.home', icon: HomeFilled },
  { name: 'regions', path: 'regions', title: 'menu.regions', permission: 'region.read', icon: Place },
  { name: 'town', path: 'town', title: 'menu.town', permission: 'town.manage', icon: OfficeBuilding },
  { name: 'accounts', path: 'accounts', title: 'menu.accounts', permission: 'account.read', icon: User },
  { name: 'audit', path: 'audit', title: 'menu.audit', permission: 'audit.read', icon: Document },
  { name: 'notifications', path: 'notifications', title: 'menu.notifications', icon: Bell },
] as const satisfies ReadonlyArray<{ name: string; path: string; title: string; permission?: Permission; icon: Component }>;

export type PageName = (typeof PAGES)[number]['name'];
export type Page = (typeof PAGES)[number];

/** The pages this person may open, in menu order. */
export function menuPages(can: (p: Permission) => boolean): Page[] {
  return PAGES.filter((p) => !('permission' in p) || can(p.permission));
}
