import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreatePairingBody,
  CreatePracticalMatterBody,
  EndPairingBody,
  IdParams,
  MentorCandidateList,
  MentorCandidateQuery,
  Ok,
  Pairing,
  PairingCoverage,
  PairingCoverageQuery,
  PairingList,
  PairingListQuery,
  PairingMonthParams,
  PairingQuarterParams,
  PracticalMatter,
  PracticalMatterList,
  PracticalMatterListQuery,
  PutMonthlyThemeBody,
  PutQuarterListBody,
  UpdatePairingBody,
  UpdatePracticalMatterBody,
} from '@tongxin/shared/schemas';
import { contextOf, scopeOf } from '../../platform/context.js';
import type { PairingService } from './service.js';

const read = { access: { permission: 'volunteer.read' as const } };
const manage = { access: { permission: 'volunteer.manage' as const } };
const tags = ['pairings'];

export function pairingRoutes(service: PairingService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/pairings',
      { config: read, schema: { tags, summary: '三结对 List pairings', querystring: PairingListQuery, response: { 200: PairingList } } },
      (req) => service.list(contextOf(req), scopeOf(req), req.query),
    );
    app.get(
      '/pairings/coverage',
      {
        config: read,
        schema: {
          tags,
          summary: '结对覆盖与“四个一” Coverage and duties per community',
          querystring: PairingCoverageQuery,
          response: { 200: PairingCoverage },
        },
      },
      (req) => service.coverage(contextOf(req), scopeOf(req), req.query),
    );
    app.get(
      '/pairings/mentor-candidates',
      {
        config: manage,
        schema: {
          tags,
          summary: '可选导师 Accounts to choose a mentor from',
          querystring: MentorCandidateQuery,
          response: { 200: MentorCandidateList },
        },
      },
      (req) => service.mentorCandidates(scopeOf(req), req.query),
    );
    app.post(
      '/pairings',
      { config: manage, schema: { tags, summary: '新建结对 Create a pairing', body: CreatePairingBody, response: { 201: Pairing } } },
      async (req, reply) => reply.status(201).send(await service.create(contextOf(req), scopeOf(req), req.body)),
    );
    app.get(
      '/pairings/:id',
      { config: read, schema: { tags, summary: '结对详情 Get a pairing', params: IdParams, response: { 200: Pairing } } },
      (req) => service.get(scopeOf(req), req.params.id),
    );
    app.patch(
      '/pairings/:id',
      {
        config: manage,
        schema: { tags, summary: '修改结对 Update a pairing', params: IdParams, body: UpdatePairingBody, response: { 200: Pairing } },
      },
      (req) => service.update(contextOf(req), scopeOf(req), req.params.id, req.body),
    );
    app.post(
      '/pairings/:id/end',
      {
        config: manage,
        schema: { tags, summary: '结束结对 End a pairing', params: IdParams, body: EndPairingBody, response: { 200: Pairing } },
        // The body is optional (the end date defaults to today): no body validates as {}.
        preValidation: async (req) => {
          req.body ??= {};
        },
      },
      (req) => service.end(contextOf(req), scopeOf(req), req.params.id, req.body),
    );
    app.delete(
      '/pairings/:id',
      { config: manage, schema: { tags, summary: '删除结对 Delete a pairing', params: IdParams, response: { 200: Ok } } },
      async (req) => {
        await service.remove(contextOf(req), scopeOf(req), req.params.id);
        return { ok: true as const };
      },
    );
    app.put(
      '/pairings/:id/themes/:month',
      {
        config: manage,
        schema: {
          tags,
          summary: '一月一主题 Set the theme of a month',
          params: PairingMonthParams,
          body: PutMonthlyThemeBody,
          response: { 200: Pairing },
        },
      },
      (req) => service.putTheme(contextOf(req), scopeOf(req), req.params.id, req.params.month, req.body.theme),
    );
    app.delete(
      '/pairings/:id/themes/:month',
      {
        config: manage,
        schema: { tags, summary: '删除月主题 Remove a month’s theme', params: PairingMonthParams, response: { 200: Pairing } },
      },
      (req) => service.deleteTheme(contextOf(req), scopeOf(req), req.params.id, req.params.month),
    );
    app.put(
      '/pairings/:id/lists/:quarter',
      {
        config: manage,
        schema: {
          tags,
          summary: '需求及服务清单 Set the needs-and-services list of a quarter',
          params: PairingQuarterParams,
          body: PutQuarterListBody,
          response: { 200: Pairing },
        },
      },
      (req) => service.putList(contextOf(req), scopeOf(req), req.params.id, req.params.quarter, req.body),
    );
    app.delete(
      '/pairings/:id/lists/:quarter',
      {
        config: manage,
        schema: { tags, summary: '删除季度清单 Remove a quarter’s list', params: PairingQuarterParams, response: { 200: Pairing } },
      },
      (req) => service.deleteList(contextOf(req), scopeOf(req), req.params.id, req.params.quarter),
    );

    app.get(
      '/practical-matters',
      {
        config: read,
        schema: {
          tags,
          summary: '急难愁盼实事 List practical matters',
          querystring: PracticalMatterListQuery,
          response: { 200: PracticalMatterList },
        },
      },
      (req) => service.listMatters(scopeOf(req), req.query),
    );
    app.post(
      '/practical-matters',
      {
        config: manage,
        schema: {
          tags,
          summary: '登记实事 Record a practical matter',
          body: CreatePracticalMatterBody,
          response: { 201: PracticalMatter },
        },
      },
      async (req, reply) => reply.status(201).send(await service.createMatter(contextOf(req), scopeOf(req), req.body)),
    );
    app.patch(
      '/practical-matters/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: '修改实事 Update a practical matter',
          params: IdParams,
          body: UpdatePracticalMatterBody,
          response: { 200: PracticalMatter },
        },
      },
      (req) => service.updateMatter(contextOf(req), scopeOf(req), req.params.id, req.body),
    );
    app.delete(
      '/practical-matters/:id',
      { config: manage, schema: { tags, summary: '删除实事 Delete a practical matter', params: IdParams, response: { 200: Ok } } },
      async (req) => {
        await service.removeMatter(contextOf(req), scopeOf(req), req.params.id);
        return { ok: true as const };
      },
    );
  };
}
