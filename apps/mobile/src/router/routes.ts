import type { RouteRecordRaw } from 'vue-router';
import TabLayout from '../layouts/tab-layout.vue';
import HomeView from '../views/home/index.vue';
import LoginView from '../views/auth/login.vue';
export type { Tab } from './meta';

// The first screens (login, or the tab layout with home) are in the entry chunk, so that the app
// also opens offline from the service worker's cache; every other page loads on demand.
export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: LoginView, meta: { public: true, title: 'login.submit' } },
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
