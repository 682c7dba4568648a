import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router';
import { showFailToast } from 'vant';
import 'vant/es/toast/style';
import { ApiError } from '@tongxin/shared/client';
import { i18n } from '../locales';
import { useSessionStore } from '../stores/session';
import { safeRedirect } from '../utils/redirect';
import { routes } from './routes';

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
});

router.beforeEach(async (to) => {
  const session = useSessionStore();
  let me = session.me;
  if (!me) {
    try {
      me = await session.restore();
    } catch (error) {
      // Offline or the server is down: say so, and let the login page be the place to retry.
      if (error instanceof ApiError) showFailToast(error.message);
      me = null;
    }
  }
  if (to.meta.public) return me && to.name === 'login' ? safeRedirect(to.query.redirect) : true;
  if (!me) return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  return true;
});

router.afterEach((to) => setTitle(to));

/** `<title>`: the page's name, then the app's. */
export function setTitle(route: RouteLocationNormalized = router.currentRoute.value): void {
  const { t } = i18n.global;
  const page = route.meta.title ? t(route.meta.title) : '';
  document.title = page ? `${page} · ${t('app.name')}` : t('app.name');
}
