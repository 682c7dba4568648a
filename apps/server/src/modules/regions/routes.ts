import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreateRegionBody,
  IdParams,
  MoveRegionBody,
  Ok,
  Region,
  RegionList,
  RegionListQuery,
  Town,
  UpdateRegionBody,
  UpdateTownBody,
} from '@tongxin/shared/schemas';
import { contextOf, scopeOf } from '../../platform/context.js';
import type { RegionService } from './service.js';

const read = { access: { permission: 'region.read' as const } };
const manage = { access: { permission: 'region.manage' as const } };
const manageTown = { access: { permission: 'town.manage' as const } };
const tags = ['regions'];

export function regionRoutes(service: RegionService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/regions',
      { config: read, schema: { tags, summary: '区域列表 List regions', querystring: RegionListQuery, response: { 200: RegionList } } },
      (req) => service.list(scopeOf(req), req.query),
    );
    app.get(
      '/regions/:id',
      { config: read, schema: { tags, summary: '区域详情 Get a region', params: IdParams, response: { 200: Region } } },
      (req) => service.get(scopeOf(req), req.params.id),
    );
    app.post(
      '/regions',
      { config: manage, schema: { tags, summary: '新增区域 Create a region', body: CreateRegionBody, response: { 201: Region } } },
      async (req, reply) => reply.status(201).send(await service.create(contextOf(req), scopeOf(req), req.body)),
    );
    app.patch(
      '/regions/:id',
      {
        config: manage,
        schema: { tags, summary: '修改区域 Update a region', params: IdParams, body: UpdateRegionBody, response: { 200: Region } },
      },
      (req) => service.update(contextOf(req), scopeOf(req), req.params.id, req.body),
    );
    app.post(
      '/regions/:id/move',
      {
        config: manage,
        schema: { tags, summary: '移动区域 Move a region', params: IdParams, body: MoveRegionBody, response: { 200: Region } },
      },
      (req) => service.move(contextOf(req), scopeOf(req), req.params.id, req.body),
    );
    app.delete(
      '/regions/:id',
      { config: manage, schema: { tags, summary: '删除区域 Delete a region', params: IdParams, response: { 200: Ok } } },
      async (req) => {
        await service.remove(contextOf(req), scopeOf(req), req.params.id);
        return { ok: true as const };
      },
    );
    app.get(
      '/towns/:id',
      { config: manageTown, schema: { tags, summary: '镇设置 Get a town and its level names', params: IdParams, response: { 200: Town } } },
      (req) => service.getTown(scopeOf(req), req.params.id),
    );
    app.patch(
      '/towns/:id',
      {
        config: manageTown,
        schema: {
          tags,
          summary: '修改镇设置 Rename a town or its region levels',
          params: IdParams,
          body: UpdateTownBody,
          response: { 200: Town },
        },
      },
      (req) => service.updateTown(contextOf(req), scopeOf(req), req.params.id, req.body),
    );
  };
}
