import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, NotificationListQuery, NotificationPage, NotificationPreferences, Ok } from '@tongxin/shared/schemas';
import { contextOf } from '../../platform/context.js';
import type { LiveHub } from '../../platform/notify/live.js';
import type { NotificationService } from './service.js';

const self = { access: 'authenticated' as const };
const tags = ['notifications'];
const HEARTBEAT_MS = 25_000;

export function notificationRoutes(service: NotificationService, live: LiveHub): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Open streams end when the server closes, so shutdown never waits on a phone's connection.
    const open = new Set<() => void>();
    app.addHook('onClose', async () => {
      for (const end of open) end();
    });

    app.get(
      '/notifications',
      {
        config: self,
        schema: { tags, summary: '我的消息 My inbox', querystring: NotificationListQuery, response: { 200: NotificationPage } },
      },
      (req) => service.inbox(contextOf(req), req.query),
    );
    app.post(
      '/notifications/:id/read',
      { config: self, schema: { tags, summary: '标为已读 Mark read', params: IdParams, response: { 200: Ok } } },
      async (req) => {
        await service.markRead(contextOf(req), req.params.id);
        return { ok: true as const };
      },
    );
    app.post(
      '/notifications/read-all',
      { config: self, schema: { tags, summary: '全部已读 Mark all read', response: { 200: Ok } } },
      async (req) => {
        await service.markAllRead(contextOf(req));
        return { ok: true as const };
      },
    );
    app.get(
      '/notifications/preferences',
      { config: self, schema: { tags, summary: '通知偏好 My notification preferences', response: { 200: NotificationPreferences } } },
      (req) => service.preferences(contextOf(req)),
    );
    app.put(
      '/notifications/preferences',
      {
        config: self,
        schema: {
          tags,
          summary: '修改通知偏好 Update notification preferences',
          body: NotificationPreferences,
          response: { 200: NotificationPreferences },
        },
      },
      (req) => service.updatePreferences(contextOf(req), req.body),
    );
    app.get(
      '/notifications/stream',
      {
        config: self,
        schema: {
          tags,
          summary: '实时消息 Live updates (Server-Sent Events: `notification`, `unread`, `change`)',
          produces: ['text/event-stream'],
        },
      },
      async (req, reply) => {
        const ctx = contextOf(req);
        const unread = await live.unreadCount(ctx.actor.accountId);
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        const write = (type: string, data: unknown) => res.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
        res.write('retry: 5000\n\n');
        write('unread', { unread });
        const unsubscribe = live.subscribe(ctx.actor.accountId, (e) => write(e.type, e.data));
        const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
        const end = () => {
          clearInterval(heartbeat);
          unsubscribe();
          open.delete(end);
          if (!res.writableEnded) res.end();
        };
        open.add(end);
        req.raw.on('close', end);
      },
    );
  };
}
