import { createApp } from 'vue';
import { createPinia } from 'pinia';
import 'vant/es/style/base.css';
import './styles/theme.css';
import './styles/base.css';
import App from './app.vue';
import { i18n } from './locales';
import { router } from './router';
import { onUnauthorized } from './api/http';
import { usePreferencesStore } from './stores/preferences';
import { useSessionStore } from './stores/session';
import { useInboxStore } from './stores/inbox';
import { registerServiceWorker } from './pwa/register-service-worker';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia).use(i18n);
usePreferencesStore().init();

// A 401 anywhere means the session has ended (expired, logged out elsewhere, password changed).
onUnauthorized(() => {
  const session = useSessionStore();
  if (!session.me) return; // nobody was logged in: the route guard already handles it
  session.clear();
  const current = router.currentRoute.value;
  if (!current.meta.public) void router.replace({ name: 'login', query: { redirect: current.fullPath } });
});

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') void useInboxStore().refreshUnread();
});

app.use(router);
void router.isReady().then(() => app.mount('#app'));

if (import.meta.env.PROD) registerServiceWorker();
