import type { Router } from 'vue-router';
import { useSessionStore } from '../stores/session';
import { i18n } from '../locales';

/** i18n title of a page, for <title>. */
export function documentTitle(titleKey: string | undefined): string {
  const t = i18n.global.t;
  return titleKey ? `${t(titleKey)} · ${t('app.brand')}` : t('app.title');
}

/**
 * Unauthenticated → /login?redirect=…; logged in → away from /login; a page needing a permission
 * the person lacks → the dashboard. The session is restored from the cookie on first navigation.
 */
export function installGuards(router: Router): void {
  router.beforeEach(async (to) => {
    const session = useSessionStore();
    await session.restore();
    if (to.meta.public) {
      if (to.name === 'login' && session.loggedIn) {
        const redirect = typeof to.query.redirect === 'string' ? to.query.redirect : '/';
        return redirect.startsWith('/') && !redirect.startsWith('//') ? redirect : '/';
      }
      return true;
    }
    if (!session.loggedIn) return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
    if (to.meta.permission && !session.can(to.meta.permission)) return { name: 'home' };
    return true;
  });
  router.afterEach((to) => {
    document.title = documentTitle(to.meta.title);
  });
}
