import type { Permission } from '@tongxin/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from './auth/actor.js';
import { scopeFor } from './auth/actor.js';
import { CSRF_HEADER, SESSION_COOKIE, resolveSession } from './auth/sessions.js';
import { attachSessionCache, SessionCache } from './auth/session-cache.js';
import type { Database, Listen } from './db/index.js';
import { AppError } from './errors.js';
import type { Scope } from './scope.js';

/**
 * Every /api route declares who may call it:
 * - 'public': anyone (login, health);
 * - 'authenticated': any signed-in person, acting on their own records only;
 * - { permission }: a signed-in person holding a role that carries the permission; the request
 *   then carries the Scope that permission reaches, and repositories filter by it.
 */
export type Access = 'public' | 'authenticated' | { permission: Permission };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor | null;
    scope: Scope | null;
  }
}

export interface RegisteredRoute {
  method: string;
  url: string;
  access: Access;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `listen` (the database handle's) carries the invalidations of the session cache across instances. */
export function registerAccessControl(app: FastifyInstance, db: Database, routes: RegisteredRoute[], listen: Listen): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('scope', null);
  const sessions = new SessionCache();
  attachSessionCache(db, sessions);
  app.addHook('onReady', () => sessions.start(listen));
  app.addHook('onClose', () => sessions.close());

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    const access = (route.config as { access?: Access } | undefined)?.access;
    if (!access) throw new Error(`Route ${String(route.method)} ${route.url} must declare config.access`);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routes.push({ method, url: route.url, access });
    }
  });

  app.addHook('onRequest', async (request: FastifyRequest) => {
    const access = request.routeOptions.config.access;
    if (!access || access === 'public') return;
    const token = request.cookies[SESSION_COOKIE];
    const actor = token ? await resolveSession(db, token, sessions) : null;
    if (!actor) throw new AppError('AUTH_REQUIRED');
    // Cookie-authenticated writes must echo the CSRF token that only our own pages can read.
    if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== actor.csrfToken) {
      throw new AppError('CSRF_FAILED');
    }
    request.actor = actor;
    if (typeof access === 'object') {
      const scope = scopeFor(actor, access.permission);
      if (scope.isEmpty) throw new AppError('FORBIDDEN');
      request.scope = scope;
    }
  });
}
