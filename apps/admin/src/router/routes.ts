import type { Component } from 'vue';
import type { RouteComponent, RouteRecordRaw } from 'vue-router';
import type { Permission } from '@tongxin/shared';
import { PAGES, type PageName } from './pages';

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title (also the menu label). */
    title?: string;
    /** Needed to open the page and to see its menu item. */
    permission?: Permission;
    icon?: Component;
    /** Reachable without a session. */
    public?: boolean;
  }
}

/** One lazily loaded chunk per page. */
const views: Record<PageName, () => Promise<RouteComponent>> = {
  home: () => import('../views/home/index.vue'),
  regions: () => import('../views/regions/list.vue'),
  town: () => import('../views/town/index.vue'),
  accounts: () => import('../views/accounts/list.vue'),
  audit: () => import('../views/audit/list.vue'),
  notifications: () => import('../views/notifications/list.vue'),
};

export const appRoutes: RouteRecordRaw[] = [
  ...PAGES.map((p) => ({
    path: p.path,
    name: p.name,
    component: views[p.name],
    meta: { title: p.title, permission: 'permission' in p ? p.permission : undefined, icon: p.icon },
  })),
  {
    path: ':pathMatch(.*)*',
    name: 'not-found',
    component: () => import('../views/error/not-found.vue'),
    meta: { title: 'error.notFound' },
  },
];

export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('../views/login/index.vue'), meta: { public: true } },
  { path: '/', component: () => import('../layouts/basic-layout.vue'), children: appRoutes },
];
