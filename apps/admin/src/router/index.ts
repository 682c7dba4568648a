import { createRouter, createWebHistory, type Router } from 'vue-router';
import { routes } from './routes';
import { installGuards } from './guards';

export function createAppRouter(): Router {
  const router = createRouter({
    history: createWebHistory('/'),
    routes,
    scrollBehavior: () => ({ top: 0 }),
  });
  installGuards(router);
  return router;
}
