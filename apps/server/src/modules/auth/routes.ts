import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ChangePasswordBody, LoginBody, Me, Ok, UpdateMyPreferencesBody } from '@tongxin/shared/schemas';
import type { Config } from '../../config.js';
import { contextOf } from '../../platform/context.js';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../platform/auth/sessions.js';
import type { AuthService } from './service.js';

const tags = ['auth'];
const self = { access: 'authenticated' as const };

export function authRoutes(service: AuthService, config: Pick<Config, 'cookieSecure' | 'loginRateLimit'>): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/auth/login',
      {
        config: { access: 'public', rateLimit: { max: config.loginRateLimit, timeWindow: '1 minute' } },
        schema: { tags, summary: '登录 Log in with mobile number and password', security: [], body: LoginBody, response: { 200: Me } },
      },
      async (req, reply) => {
        const { me, session } = await service.login(req.body, {
          ip: req.ip ?? null,
          userAgent: req.headers['user-agent'] ?? null,
          requestId: String(req.id),
        });
        const base = { path: '/', sameSite: 'lax' as const, secure: config.cookieSecure, expires: session.expiresAt };
        reply.setCookie(SESSION_COOKIE, session.token, { ...base, httpOnly: true });
        // Readable by our own pages only (same origin), echoed back as x-csrf-token on writes.
        reply.setCookie(CSRF_COOKIE, session.csrfToken, { ...base, httpOnly: false });
        return me;
      },
    );
    app.post('/auth/logout', { config: self, schema: { tags, summary: '退出登录 Log out', response: { 200: Ok } } }, async (req, reply) => {
      await service.logout(contextOf(req));
      reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
      return { ok: true as const };
    });
    app.get('/auth/me', { config: self, schema: { tags, summary: '当前用户 Who am I', response: { 200: Me } } }, (req) =>
      service.me(contextOf(req)),
    );
    app.post(
      '/auth/password',
      { config: self, schema: { tags, summary: '修改密码 Change my password', body: ChangePasswordBody, response: { 200: Ok } } },
      async (req) => {
        await service.changePassword(contextOf(req), req.body);
        return { ok: true as const };
      },
    );
    app.patch(
      '/auth/me/preferences',
      { config: self, schema: { tags, summary: '个人偏好 Language and large text', body: UpdateMyPreferencesBody, response: { 200: Me } } },
      (req) => service.updatePreferences(contextOf(req), req.body),
    );
  };
}
