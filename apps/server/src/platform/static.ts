import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Config } from '../config.js';
import { errorBody, localeOf } from './errors.js';

/**
 * The console at `/` and the phone app at `/m/`, both single-page apps with history routing:
 * unknown paths under them get their index.html; unknown /api paths get ROUTE_NOT_FOUND.
 */
export async function registerStatic(app: FastifyInstance, config: Config): Promise<void> {
  const admin = existsSync(join(config.adminDist, 'index.html'));
  const mobile = existsSync(join(config.mobileDist, 'index.html'));
  // Vite names assets by content hash: they may be cached for good. Everything else (index.html,
  // the service worker, the manifest) is revalidated so a new release reaches people at once.
  const setHeaders = (reply: FastifyReply, path: string) => {
    reply.header('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
  };
  const common = { wildcard: false, cacheControl: false, setHeaders } as const;
  if (admin) await app.register(fastifyStatic, { root: config.adminDist, prefix: '/', index: 'index.html', ...common });
  if (mobile) {
    await app.register(fastifyStatic, { root: config.mobileDist, prefix: '/m/', decorateReply: !admin, ...common });
    app.get('/m', { schema: { hide: true } }, (_req, reply) => reply.redirect('/m/'));
  }

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (path.startsWith('/api/') || path === '/api' || request.method !== 'GET') {
      return reply.status(404).send(errorBody('ROUTE_NOT_FOUND', localeOf(request)));
    }
    // Assets that do not exist are real 404s, not the app shell.
    if (/\.[a-z0-9]+$/i.test(path)) return reply.status(404).type('text/plain').send('Not found');
    if (path.startsWith('/m/') && mobile) return reply.type('text/html').sendFile('index.html', config.mobileDist);
    if (admin && !path.startsWith('/m/')) return reply.type('text/html').sendFile('index.html', config.adminDist);
    return reply
      .status(404)
      .type('text/plain; charset=utf-8')
      .send('前端尚未构建：请先运行 npm run build。The front ends are not built yet: run npm run build.');
  });
}
