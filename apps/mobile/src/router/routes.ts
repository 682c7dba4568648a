import type { RouteComponent, RouteRecordRaw } from 'vue-router';
import { loadHelpMessages } from '../locales';
import TabLayout from '../layouts/tab-layout.vue';
import HomeView from '../views/home/index.vue';
import LoginView from '../views/auth/login.vue';
export type { Tab } from './meta';

/** A help-request page and its messages load together (neither is in the first screen's bundle). */
const withHelpMessages =
  (load: () => Promise<RouteComponent>): (() => Promise<RouteComponent>) =>
  () =>
    Promise.all([load(), loadHelpMessages()]).then(([view]) => view);

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
