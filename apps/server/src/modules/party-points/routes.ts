import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CreatePartyPointsEntryBody,
  IdParams,
  MyPartyPoints,
  PartyPointsEntry,
  PartyPointsItem,
  PartyPointsItemList,
  PartyPointsItemParams,
  PartyPointsMember,
  PartyPointsNotice,
  PartyPointsNoticeList,
  PartyPointsRanking,
  PartyPointsRankingQuery,
  PartyPointsYearQuery,
  PublishPartyPointsBody,
  ReverseBody,
  UpdatePartyPointsItemBody,
} from '@tongxin/shared/schemas';
import { contextOf, scopeOf } from '../../platform/context.js';
import type { PartyPointsService } from './service.js';

const own = { access: 'authenticated' as const };
const read = { access: { permission: 'party.read' as const } };
const manage = { access: { permission: 'party.manage' as const } };
const townManage = { access: { permission: 'town.manage' as const } };
const tags = ['party-points'];

export function partyPointsRoutes(service: PartyPointsService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/party-points/items',
      // The town's rules are no secret: every member's page explains its lines with them.
      { config: own, schema: { tags, summary: '党员积分项目 Items and weights', response: { 200: PartyPointsItemList } } },
      (req) => service.items(contextOf(req).actor.townId),
    );
    app.patch(
      '/party-points/items/:code',
      {
        config: townManage,
        schema: {
          tags,
          summary: '设置积分项目 Edit an item',
          params: PartyPointsItemParams,
          body: UpdatePartyPointsItemBody,
          response: { 200: PartyPointsItem },
        },
      },
      (req) => service.updateItem(contextOf(req), scopeOf(req), req.params.code, req.body),
    );
    app.get(
      '/party-points/ranking',
      {
        config: read,
        schema: { tags, summary: '先锋指数排名 Ranking', querystring: PartyPointsRankingQuery, response: { 200: PartyPointsRanking } },
      },
      (req) => service.ranking(contextOf(req), scopeOf(req), req.query),
    );
    app.get(
      '/party-points/members/:id',
      {
        config: read,
        schema: {
          tags,
          summary: '党员年度积分 A member’s year',
          params: IdParams,
          querystring: PartyPointsYearQuery,
          response: { 200: PartyPointsMember },
        },
      },
      (req) => service.member(scopeOf(req), req.params.id, req.query.year),
    );
    app.post(
      '/party-points/entries',
      {
        config: manage,
        schema: { tags, summary: '登记加分或扣分 Enter points', body: CreatePartyPointsEntryBody, response: { 201: PartyPointsEntry } },
      },
      async (req, reply) => reply.status(201).send(await service.addEntry(contextOf(req), scopeOf(req), req.body)),
    );
    app.post(
      '/party-points/entries/:id/reverse',
      {
        config: manage,
        schema: {
          tags,
          summary: '冲正 Reverse an entry',
          params: Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) }),
          body: ReverseBody,
          response: { 200: PartyPointsEntry },
        },
      },
      (req) => service.reverseEntry(contextOf(req), scopeOf(req), req.params.id, req.body.reason),
    );
    app.post(
      '/party-points/notices',
      {
        config: manage,
        schema: {
          tags,
          summary: '公示年度排名 Publish a branch ranking',
          body: PublishPartyPointsBody,
          response: { 201: PartyPointsNotice },
        },
      },
      async (req, reply) => reply.status(201).send(await service.publish(contextOf(req), scopeOf(req), req.body)),
    );
    app.get(
      '/party-points/notices',
      {
        config: read,
        schema: {
          tags,
          summary: '公示记录 Notices of an organisation',
          querystring: Type.Object({ orgId: IdParams.properties.id }),
          response: { 200: PartyPointsNoticeList },
        },
      },
      (req) => service.notices(scopeOf(req), req.query.orgId),
    );
    app.get(
      '/party-points/me',
      {
        config: own,
        schema: { tags, summary: '我的党员积分 My party points', querystring: PartyPointsYearQuery, response: { 200: MyPartyPoints } },
      },
      (req) => service.mine(contextOf(req), req.query.year),
    );
    app.get(
      '/party-points/notices/mine',
      { config: own, schema: { tags, summary: '本支部公示 Notices of my branch', response: { 200: PartyPointsNoticeList } } },
      (req) => service.myNotices(contextOf(req)),
    );
  };
}
