import type { Component } from 'vue';
import type { RouteComponent, RouteRecordRaw } from 'vue-router';
import type { Permission } from '@tongxin/shared';
import { loadActivityMessages, loadHelpMessages, loadPartyPointsMessages, loadPeopleMessages, loadPointsMessages } from '../locales';
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

/** A page that needs the people-on-the-grid messages: both load together. */
const withPeopleMessages =
  (load: () => Promise<RouteComponent>): (() => Promise<RouteComponent>) =>
  () =>
    Promise.all([load(), loadPeopleMessages()]).then(([view]) => view);

/** A page that needs the activity messages (activities, calendar, hours, the volunteer record). */
const withActivityMessages =
  (load: () => Promise<RouteComponent>): (() => Promise<RouteComponent>) =>
  () =>
    Promise.all([load(), loadActivityMessages()]).then(([view]) => view);

/** A help-request page (board, review queue, categories). */
const withHelpMessages =
  (load: () => Promise<RouteComponent>): (() => Promise<RouteComponent>) =>
  () =>
    Promise.all([load(), loadHelpMessages()]).then(([view]) => view);

/** A points-bank page (rules, accounts, approvals, merchants, catalogue, redemptions). */
const withPointsMessages =
  (load: () => Promise<RouteComponent>): (() => Promise<RouteComponent>) =>
  () =>
    Promise.all([load(), loadPointsMessages()]).then(([view]) => view);

/** A party members' points page (ranking, items and weights). */
const withPartyPointsMessages =
  (load: () => Promise<RouteComponent>): (() => Promise<RouteComponent>) =>
  () =>
    Promise.all([load(), loadPartyPointsMessages()]).then(([view]) => view);

/** One lazily loaded chunk per page. */
const views: Record<PageName, () => Promise<RouteComponent>> = {
  home: () => import('../views/home/index.vue'),
  regions: () => import('../views/regions/list.vue'),
  town: () => import('../views/town/index.vue'),
  accounts: () => import('../views/accounts/list.vue'),
  audit: () => import('../views/audit/list.vue'),
  notifications: () => import('../views/notifications/list.vue'),
  households: withPeopleMessages(() => import('../views/households/list.vue')),
  residents: withPeopleMessages(() => import('../views/residents/list.vue')),
  'grid-duties': withPeopleMessages(() => import('../views/grid-duties/list.vue')),
  map: withPeopleMessages(() => import('../views/map/index.vue')),
  imports: withPeopleMessages(() => import('../views/imports/index.vue')),
  'party-orgs': withPeopleMessages(() => import('../views/party/orgs.vue')),
  'party-members': withPeopleMessages(() => import('../views/party/members.vue')),
  'party-points': withPartyPointsMessages(() => import('../views/party-points/ranking.vue')),
  'party-points-items': withPartyPointsMessages(() => import('../views/party-points/items.vue')),
  volunteers: withPeopleMessages(withActivityMessages(() => import('../views/volunteers/list.vue'))),
  teams: withPeopleMessages(() => import('../views/teams/list.vue')),
  pairings: withPeopleMessages(() => import('../views/pairings/list.vue')),
  activities: withPeopleMessages(withActivityMessages(() => import('../views/activities/list.vue'))),
  'activity-calendar': withPeopleMessages(withActivityMessages(() => import('../views/activities/calendar.vue'))),
  hours: withPeopleMessages(withActivityMessages(() => import('../views/hours/list.vue'))),
  help: withPeopleMessages(withHelpMessages(() => import('../views/help/board.vue'))),
  'help-review': withPeopleMessages(withHelpMessages(() => import('../views/help/review.vue'))),
  'help-categories': withHelpMessages(() => import('../views/help/categories.vue')),
  'points-rules': withPointsMessages(() => import('../views/points/rules.vue')),
  'points-accounts': withPointsMessages(() => import('../views/points/accounts.vue')),
  'points-adjustments': withPointsMessages(() => import('../views/points/adjustments.vue')),
  'points-merchants': withPeopleMessages(withPointsMessages(() => import('../views/points/merchants.vue'))),
  'points-catalog': withPointsMessages(() => import('../views/points/catalog.vue')),
  'points-redemptions': withPointsMessages(() => import('../views/points/redemptions.vue')),
};

export const appRoutes: RouteRecordRaw[] = [
  ...PAGES.map((p) => ({
    path: p.path,
    name: p.name,
    component: views[p.name],
    meta: { title: p.title, permission: 'permission' in p ? p.permission : undefined, icon: p.icon },
  })),
  // A message's link to one request (/help/<id>) opens it on the board.
  { path: 'help/:id([0-9a-f-]{36})', redirect: (to) => ({ path: '/help', query: { id: String(to.params.id) } }) },
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
