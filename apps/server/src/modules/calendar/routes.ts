import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { CalendarLink, CalendarTokenParams, IdParams } from '@tongxin/shared/schemas';
import type { Config } from '../../config.js';
import { contextOf, scopeOf } from '../../platform/context.js';
import type { CalendarService } from './service.js';

const own = { access: 'authenticated' as const };
const manage = { access: { permission: 'activity.manage' as const } };
const tags = ['calendar'];

/**
 * Links are absolute: a calendar app stores them. The origin is the one the caller reached us
 * on (behind a proxy, TRUST_PROXY makes that the public one).
 */
function originOf(req: FastifyRequest): string {
  return `${req.protocol}://${req.host || 'localhost'}`;
}

export function calendarRoutes(service: CalendarService, config: Config): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/me/calendar',
      {
        config: own,
        schema: { tags, summary: '我的日历订阅链接 My calendar link', response: { 200: CalendarLink } },
      },
      (req) => service.myLink(contextOf(req), originOf(req)),
    );
    app.post(
      '/me/calendar/rotate',
      {
        config: own,
        schema: { tags, summary: '重置我的日历链接 New calendar link (the old one stops working)', response: { 200: CalendarLink } },
      },
      (req) => service.rotateMine(contextOf(req), originOf(req)),
    );
    app.get(
      '/regions/:id/calendar',
      {
        config: manage,
        schema: { tags, summary: '社区活动日历链接 Community calendar link', params: IdParams, response: { 200: CalendarLink } },
      },
      (req) => service.communityLink(contextOf(req), scopeOf(req), req.params.id, originOf(req)),
    );
    app.post(
      '/regions/:id/calendar/rotate',
      {
        config: manage,
        schema: {
          tags,
          summary: '重置社区日历链接 New community calendar link',
          params: IdParams,
          response: { 200: CalendarLink },
        },
      },
      (req) => service.rotateCommunity(contextOf(req), scopeOf(req), req.params.id, originOf(req)),
    );
    app.get(
      '/calendar/:token',
      {
        // The secret link is the credential. Calendar apps poll it, and the big ones fetch for
        // many subscribers from a few addresses, so the per-address limit is wider than login's.
        config: { access: 'public', rateLimit: { max: config.loginRateLimit * 6, timeWindow: '1 minute' } },
        schema: {
          tags,
          summary: 'iCalendar 订阅 Calendar feed (text/calendar)',
          security: [],
          params: CalendarTokenParams,
          produces: ['text/calendar'],
        },
      },
      async (req, reply) => {
        const body = await service.feed(req.params.token, originOf(req));
        return reply
          .header('cache-control', 'private, max-age=300')
          .header('content-disposition', 'inline; filename="tongxin.ics"')
          .type('text/calendar; charset=utf-8')
          .send(body);
      },
    );
  };
}
