import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { RegionFigures, RegionFiguresQuery } from '@tongxin/shared/schemas';
import { contextOf, scopeOf } from '../../platform/context.js';
import type { FiguresService } from './service.js';

export function figuresRoutes(service: FiguresService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/figures',
      {
        config: { access: { permission: 'figures.read' } },
        schema: {
          tags: ['figures'],
          summary: '区域数据 Figures for a region and period',
          querystring: RegionFiguresQuery,
          response: { 200: RegionFigures },
        },
      },
      (req) => service.figures(contextOf(req), scopeOf(req), req.query),
    );
  };
}
