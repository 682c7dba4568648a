import type { Locale } from '@tongxin/shared';
import type { FastifyRequest } from 'fastify';
import type { Actor } from './auth/actor.js';
import type { Scope } from './scope.js';
import { AppError, localeOf } from './errors.js';

/** What a service needs to know about the request it serves, and nothing of HTTP. */
export interface RequestContext {
  actor: Actor;
  ip: string | null;
  requestId: string;
  locale: Locale;
}

export function contextOf(request: FastifyRequest): RequestContext {
  if (!request.actor) throw new AppError('AUTH_REQUIRED');
  return { actor: request.actor, ip: request.ip ?? null, requestId: String(request.id), locale: localeOf(request) };
}

/** The scope the route's declared permission gave this request. */
export function scopeOf(request: FastifyRequest): Scope {
  if (!request.scope) throw new Error(`route ${request.routeOptions.url} declares no permission but asks for a scope`);
  return request.scope;
}
