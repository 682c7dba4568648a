import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { applyLocale, currentLocale, i18n } from './locales';
import { createAppRouter } from './router';
import { setUnauthorizedHandler } from './api/http';
import { applyLargeText, useSessionStore } from './stores/session';
import './styles/index.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(i18n);
const router = createAppRouter();
app.use(router);

const session = useSessionStore(pinia);
applyLocale(currentLocale());
applyLargeText(session.largeText);

// A 401 in the middle of work: the session ended elsewhere (expired, password changed, logout).
setUnauthorizedHandler(() => {
  if (!session.loggedIn) return;
  session.clear();
  const current = router.currentRoute.value;
  if (current.name !== 'login') void router.push({ name: 'login', query: { redirect: current.fullPath } });
});

app.mount('#app');
