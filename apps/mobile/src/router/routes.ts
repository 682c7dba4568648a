import type { RouteComponent, RouteRecordRaw } from 'vue-router';
import { loadHelpMessages, loadPartyPointsMessages, loadPointsMessages } from '../locales';
import TabLayout from '../layouts/tab-layout.vue';
import HomeView from '../views/home/index.vue';
import LoginView from '../views/auth/login.vue';
export type { Tab } from './meta';

/** A help-request page and its messages load together (neither is in the first screen's bundle). */
const withHelpMessages =
  (load: () => Promise<RouteComponent>): (() => Promise<RouteComponent>) =>
  () =>
    Promise.all([load(), loadHelpMessages()]).then(([view]) => view);

/** A points-bank or merchant page and its messages load together. */
const withPointsMessages =
  (load: () => Promise<RouteComponent>): (() => Promise<RouteComponent>) =>
  () =>
    Promise.all([load(), loadPointsMessages()]).then(([view]) => view);

/** A party-points page and its messages load together. */
const withPartyPointsMessages =
  (load: () => Promise<RouteComponent>): (() => Promise<RouteComponent>) =>
  () =>
    Promise.all([load(), loadPartyPointsMessages()]).then(([view]) => view);

// The first screens (login, or the tab layout with home) are in the entry chunk, so that the app
// also opens offline from the service worker's cache; every other page loads on demand.
export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: LoginView, meta: { public: true, title: 'login.submit' } },
  // Open to everyone: without a session the account is created with the registration.
  {
    path: '/volunteer/register',
    name: 'volunteer-register',
    component: () => import('../views/volunteer/register.vue'),
    meta: { public: true, title: 'volunteer.registerTitle' },
  },
  {
    path: '/',
    component: TabLayout,
    children: [
      { path: '', name: 'home', component: HomeView, meta: { tab: 'home', title: 'nav.home' } },
      {
        path: 'regions',
        name: 'regions',
        component: () => import('../views/regions/list.vue'),
        meta: { tab: 'home', title: 'regions.title' },
      },
      {
        path: 'households',
        name: 'households',
        component: () => import('../views/households/list.vue'),
        meta: { tab: 'home', title: 'households.title' },
      },
      {
        path: 'households/:id',
        name: 'household',
        component: () => import('../views/households/detail.vue'),
        meta: { tab: 'home', title: 'households.detail' },
      },
      {
        path: 'households/:id/contact',
        name: 'household-contact',
        component: () => import('../views/households/contact.vue'),
        meta: { tab: 'home', title: 'contact.title' },
      },
      {
        path: 'volunteer',
        name: 'volunteer',
        component: () => import('../views/volunteer/status.vue'),
        meta: { tab: 'home', title: 'volunteer.title' },
      },
      {
        path: 'teams',
        name: 'teams',
        component: () => import('../views/teams/list.vue'),
        meta: { tab: 'home', title: 'teams.title' },
      },
      {
        path: 'teams/:id',
        name: 'team',
        component: () => import('../views/teams/detail.vue'),
        meta: { tab: 'home', title: 'teams.detail' },
      },
      {
        path: 'activities',
        name: 'activities',
        component: () => import('../views/activities/list.vue'),
        meta: { tab: 'home', title: 'activities.title' },
      },
      {
        path: 'activities/mine',
        name: 'my-activities',
        component: () => import('../views/activities/mine.vue'),
        meta: { tab: 'home', title: 'myActivities.title' },
      },
      {
        path: 'activities/:occurrenceId',
        name: 'activity',
        component: () => import('../views/activities/detail.vue'),
        meta: { tab: 'home', title: 'activities.detail' },
      },
      {
        path: 'activities/:occurrenceId/qr',
        name: 'activity-qr',
        component: () => import('../views/activities/qr.vue'),
        meta: { tab: 'home', title: 'checkIn.qrTitle' },
      },
      // What the organiser's QR code opens (after the login page, which brings the code back here).
      {
        path: 'check-in',
        name: 'check-in',
        component: () => import('../views/activities/check-in.vue'),
        meta: { tab: 'home', title: 'checkIn.title' },
      },
      {
        path: 'record',
        name: 'record',
        component: () => import('../views/record/index.vue'),
        meta: { tab: 'home', title: 'record.title' },
      },
      // Help requests: ask, follow my requests, claim and serve them.
      {
        path: 'help/new',
        name: 'help-new',
        component: withHelpMessages(() => import('../views/help/new.vue')),
        meta: { tab: 'home', title: 'help.newTitle' },
      },
      {
        path: 'help/mine',
        name: 'help-mine',
        component: withHelpMessages(() => import('../views/help/mine.vue')),
        meta: { tab: 'home', title: 'help.mineTitle' },
      },
      {
        path: 'help/pool',
        name: 'help-pool',
        component: withHelpMessages(() => import('../views/help/pool.vue')),
        meta: { tab: 'home', title: 'help.poolTitle' },
      },
      {
        path: 'help/served',
        name: 'help-served',
        component: withHelpMessages(() => import('../views/help/served.vue')),
        meta: { tab: 'home', title: 'help.servedTitle' },
      },
      {
        path: 'help/:id',
        name: 'help',
        component: withHelpMessages(() => import('../views/help/detail.vue')),
        meta: { tab: 'home', title: 'help.detailTitle' },
      },
      // The points bank (积分银行): my points, the catalogue, my codes.
      {
        path: 'points',
        name: 'points',
        component: withPointsMessages(() => import('../views/points/index.vue')),
        meta: { tab: 'home', title: 'points.title' },
      },
      {
        path: 'points/statement',
        name: 'points-statement',
        component: withPointsMessages(() => import('../views/points/statement.vue')),
        meta: { tab: 'home', title: 'points.statementTitle' },
      },
      {
        path: 'points/rules',
        name: 'points-rules',
        component: withPointsMessages(() => import('../views/points/rules.vue')),
        meta: { tab: 'home', title: 'points.rulesTitle' },
      },
      {
        path: 'points/catalog',
        name: 'points-catalog',
        component: withPointsMessages(() => import('../views/points/catalog.vue')),
        meta: { tab: 'home', title: 'points.catalogTitle' },
      },
      {
        path: 'points/catalog/:id',
        name: 'points-item',
        component: withPointsMessages(() => import('../views/points/item.vue')),
        meta: { tab: 'home', title: 'points.itemTitle' },
      },
      {
        path: 'points/redemptions',
        name: 'points-redemptions',
        component: withPointsMessages(() => import('../views/points/redemptions.vue')),
        meta: { tab: 'home', title: 'points.redemptionsTitle' },
      },
      {
        path: 'points/redemptions/:id',
        name: 'points-redemption',
        component: withPointsMessages(() => import('../views/points/redemption.vue')),
        meta: { tab: 'home', title: 'points.redemptionTitle' },
      },
      // A merchant's own: verify codes (what a redemption's QR code opens), items, statement.
      {
        path: 'merchant',
        name: 'merchant',
        component: withPointsMessages(() => import('../views/merchant/index.vue')),
        meta: { tab: 'home', title: 'merchant.title' },
      },
      {
        path: 'merchant/verify',
        name: 'merchant-verify',
        component: withPointsMessages(() => import('../views/merchant/verify.vue')),
        meta: { tab: 'home', title: 'merchant.verifyTitle' },
      },
      {
        path: 'merchant/items',
        name: 'merchant-items',
        component: withPointsMessages(() => import('../views/merchant/items.vue')),
        meta: { tab: 'home', title: 'merchant.itemsTitle' },
      },
      // The item form's photo uses the help pages' uploader and its messages.
      {
        path: 'merchant/items/new',
        name: 'merchant-item-new',
        component: withPointsMessages(withHelpMessages(() => import('../views/merchant/item-form.vue'))),
        meta: { tab: 'home', title: 'merchant.newItem' },
      },
      {
        path: 'merchant/items/:id/edit',
        name: 'merchant-item-edit',
        component: withPointsMessages(withHelpMessages(() => import('../views/merchant/item-form.vue'))),
        meta: { tab: 'home', title: 'merchant.editItem' },
      },
      {
        path: 'merchant/statement',
        name: 'merchant-statement',
        component: withPointsMessages(() => import('../views/merchant/statement.vue')),
        meta: { tab: 'home', title: 'merchant.statementTitle' },
      },
      // 党员积分: my year and pioneer index, the branch ranking (a branch secretary), 公示.
      {
        path: 'party-points',
        name: 'party-points',
        component: withPartyPointsMessages(() => import('../views/party-points/index.vue')),
        meta: { tab: 'me', title: 'partyPoints.title' },
      },
      {
        path: 'party-points/notices/:id',
        name: 'party-points-notice',
        component: withPartyPointsMessages(() => import('../views/party-points/notice.vue')),
        meta: { tab: 'me', title: 'partyPoints.noticeDetailTitle' },
      },
      {
        path: 'messages',
        name: 'messages',
        component: () => import('../views/messages/inbox.vue'),
        meta: { tab: 'messages', title: 'messages.title' },
      },
      { path: 'me', name: 'me', component: () => import('../views/me/index.vue'), meta: { tab: 'me', title: 'me.title' } },
      {
        path: 'me/password',
        name: 'password',
        component: () => import('../views/me/password.vue'),
        meta: { tab: 'me', title: 'password.title' },
      },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('../views/not-found.vue'),
        meta: { title: 'notFound.title' },
      },
    ],
  },
];
