import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AuditPage, AuditQuery } from '@tongxin/shared/schemas';
import { scopeOf } from '../../platform/context.js';
import type { AuditService } from './service.js';

export function auditRoutes(service: AuditService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/audit',
      {
        config: { access: { permission: 'audit.read' } },
        schema: { tags: ['audit'], summary: '审计日志 Read the audit log', querystring: AuditQuery, response: { 200: AuditPage } },
      },
      (req) => service.list(scopeOf(req), req.query),
    );
  };
}
