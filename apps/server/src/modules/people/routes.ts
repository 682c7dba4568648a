import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CareTagList,
  CreateHouseholdBody,
  CreateResidentBody,
  Household,
  HouseholdListQuery,
  HouseholdPage,
  IdParams,
  MoveBody,
  MoveRecord,
  Ok,
  PutCareTagsBody,
  Resident,
  ResidentListQuery,
  ResidentPage,
  RevealQuery,
  Revealed,
  UpdateHouseholdBody,
  UpdateResidentBody,
  MapLayers,
  MapQuery,
} from '@tongxin/shared/schemas';
import type { Config } from '../../config.js';
import { contextOf, scopeOf } from '../../platform/context.js';
import type { PeopleService } from './service.js';

const read = { access: { permission: 'people.read' as const } };
const manage = { access: { permission: 'people.manage' as const } };
const reveal = { access: { permission: 'people.reveal' as const } };
const townManage = { access: { permission: 'town.manage' as const } };
const tags = ['people'];
const Moves = Type.Object({ items: Type.Array(MoveRecord) });

export function peopleRoutes(service: PeopleService, config: Config): FastifyPluginAsyncTypebox {
  return async (app) => {
    // ---------------------------------------------------------- care tags
    app.get(
      '/towns/:id/care-tags',
      { config: read, schema: { tags, summary: '关爱标签 Care tags of a town', params: IdParams, response: { 200: CareTagList } } },
      (req) => service.careTags(scopeOf(req), req.params.id),
    );
    app.put(
      '/towns/:id/care-tags',
      {
        config: townManage,
        schema: { tags, summary: '设置关爱标签 Set care tags', params: IdParams, body: PutCareTagsBody, response: { 200: CareTagList } },
      },
      (req) => service.putCareTags(contextOf(req), scopeOf(req), req.params.id, req.body),
    );

    // ---------------------------------------------------------- households
    app.get(
      '/households',
      {
        config: read,
        schema: { tags, summary: '住户列表 List households', querystring: HouseholdListQuery, response: { 200: HouseholdPage } },
      },
      (req) => service.listHouseholds(contextOf(req), scopeOf(req), req.query),
    );
    app.post(
      '/households',
      { config: manage, schema: { tags, summary: '新增住户 Create a household', body: CreateHouseholdBody, response: { 201: Household } } },
      async (req, reply) => reply.status(201).send(await service.createHousehold(contextOf(req), scopeOf(req), req.body)),
    );
    app.get(
      '/households/:id',
      { config: read, schema: { tags, summary: '住户详情 Get a household', params: IdParams, response: { 200: Household } } },
      (req) => service.getHousehold(contextOf(req), scopeOf(req), req.params.id),
    );
    app.patch(
      '/households/:id',
      {
        config: manage,
        schema: { tags, summary: '修改住户 Update a household', params: IdParams, body: UpdateHouseholdBody, response: { 200: Household } },
      },
      (req) => service.updateHousehold(contextOf(req), scopeOf(req), req.params.id, req.body),
    );
    app.delete(
      '/households/:id',
      { config: manage, schema: { tags, summary: '删除住户 Delete a household', params: IdParams, response: { 200: Ok } } },
      async (req) => {
        await service.deleteHousehold(contextOf(req), scopeOf(req), req.params.id);
        return { ok: true as const };
      },
    );
    app.post(
      '/households/:id/move',
      {
        config: manage,
        schema: { tags, summary: '住户迁移 Move a household', params: IdParams, body: MoveBody, response: { 200: Household } },
      },
      (req) => service.moveHousehold(contextOf(req), scopeOf(req), req.params.id, req.body),
    );
    app.get(
      '/households/:id/moves',
      { config: read, schema: { tags, summary: '迁移记录 Moves of a household', params: IdParams, response: { 200: Moves } } },
      (req) => service.householdMoves(scopeOf(req), req.params.id),
    );
    app.get(
      '/households/:id/reveal',
      {
        config: reveal,
        schema: {
          tags,
          summary: '查看明文（记审计） Reveal (audited)',
          params: IdParams,
          querystring: RevealQuery,
          response: { 200: Revealed },
        },
      },
      (req) => service.revealHousehold(contextOf(req), scopeOf(req), req.params.id, req.query.fields),
    );

    // ---------------------------------------------------------- residents
    app.get(
      '/residents',
      {
        config: read,
        schema: { tags, summary: '居民列表 List residents', querystring: ResidentListQuery, response: { 200: ResidentPage } },
      },
      (req) => service.listResidents(contextOf(req), scopeOf(req), req.query),
    );
    app.post(
      '/residents',
      { config: manage, schema: { tags, summary: '新增居民 Create a resident', body: CreateResidentBody, response: { 201: Resident } } },
      async (req, reply) => reply.status(201).send(await service.createResident(contextOf(req), scopeOf(req), req.body)),
    );
    app.get(
      '/residents/:id',
      { config: read, schema: { tags, summary: '居民详情 Get a resident', params: IdParams, response: { 200: Resident } } },
      (req) => service.getResident(contextOf(req), scopeOf(req), req.params.id),
    );
    app.patch(
      '/residents/:id',
      {
        config: manage,
        schema: { tags, summary: '修改居民 Update a resident', params: IdParams, body: UpdateResidentBody, response: { 200: Resident } },
      },
      (req) => service.updateResident(contextOf(req), scopeOf(req), req.params.id, req.body),
    );
    app.delete(
      '/residents/:id',
      { config: manage, schema: { tags, summary: '删除居民 Delete a resident', params: IdParams, response: { 200: Ok } } },
      async (req) => {
        await service.deleteResident(contextOf(req), scopeOf(req), req.params.id);
        return { ok: true as const };
      },
    );
    app.post(
      '/residents/:id/move',
      {
        config: manage,
        schema: { tags, summary: '居民迁移 Move a resident', params: IdParams, body: MoveBody, response: { 200: Resident } },
      },
      (req) => service.moveResident(contextOf(req), scopeOf(req), req.params.id, req.body),
    );
    app.get(
      '/residents/:id/moves',
      { config: read, schema: { tags, summary: '迁移记录 Moves of a resident', params: IdParams, response: { 200: Moves } } },
      (req) => service.residentMoves(scopeOf(req), req.params.id),
    );
    app.get(
      '/residents/:id/reveal',
      {
        config: reveal,
        schema: {
          tags,
          summary: '查看明文（记审计） Reveal (audited)',
          params: IdParams,
          querystring: RevealQuery,
          response: { 200: Revealed },
        },
      },
      (req) => service.revealResident(contextOf(req), scopeOf(req), req.params.id, req.query.fields),
    );

    // ---------------------------------------------------------- map
    app.get(
      '/map',
      { config: read, schema: { tags, summary: '网格地图 Grid map layers', querystring: MapQuery, response: { 200: MapLayers } } },
      (req) =>
        service.map(contextOf(req), scopeOf(req), req.query.regionId, {
          url: config.mapTileUrl,
          crs: config.mapTileCrs,
          attribution: config.mapAttribution,
        }),
    );
  };
}
