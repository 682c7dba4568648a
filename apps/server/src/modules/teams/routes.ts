import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreateTeamBody,
  IdParams,
  MyTeams,
  Ok,
  Team,
  TeamList,
  TeamListQuery,
  TeamMember,
  TeamMemberList,
  TeamMemberParams,
  UpdateTeamBody,
} from '@tongxin/shared/schemas';
import { contextOf, scopeOf } from '../../platform/context.js';
import type { TeamService } from './service.js';

const read = { access: { permission: 'volunteer.read' as const } };
const manage = { access: { permission: 'volunteer.manage' as const } };
const own = { access: 'authenticated' as const };
const tags = ['teams'];

export function teamRoutes(service: TeamService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/teams',
      { config: read, schema: { tags, summary: '志愿服务队 List teams', querystring: TeamListQuery, response: { 200: TeamList } } },
      (req) => service.list(scopeOf(req), req.query),
    );
    app.post(
      '/teams',
      { config: manage, schema: { tags, summary: '新建队伍 Create a team', body: CreateTeamBody, response: { 201: Team } } },
      async (req, reply) => reply.status(201).send(await service.create(contextOf(req), scopeOf(req), req.body)),
    );
    app.get(
      '/teams/:id',
      { config: read, schema: { tags, summary: '队伍详情 Get a team', params: IdParams, response: { 200: Team } } },
      (req) => service.get(scopeOf(req), req.params.id),
    );
    app.patch(
      '/teams/:id',
      {
        config: manage,
        schema: { tags, summary: '修改队伍 Update a team', params: IdParams, body: UpdateTeamBody, response: { 200: Team } },
      },
      (req) => service.update(contextOf(req), scopeOf(req), req.params.id, req.body),
    );
    app.delete(
      '/teams/:id',
      { config: manage, schema: { tags, summary: '删除队伍 Delete a team', params: IdParams, response: { 200: Ok } } },
      async (req) => {
        await service.remove(contextOf(req), scopeOf(req), req.params.id);
        return { ok: true as const };
      },
    );
    app.get(
      '/teams/:id/members',
      { config: read, schema: { tags, summary: '队员 Members of a team', params: IdParams, response: { 200: TeamMemberList } } },
      (req) => service.members(scopeOf(req), req.params.id),
    );
    app.post(
      '/teams/:id/join',
      { config: own, schema: { tags, summary: '申请加入 Ask to join a team', params: IdParams, response: { 201: TeamMember } } },
      async (req, reply) => reply.status(201).send(await service.join(contextOf(req), req.params.id)),
    );
    app.post(
      '/teams/:id/leave',
      { config: own, schema: { tags, summary: '退出队伍 Leave a team', params: IdParams, response: { 200: TeamMember } } },
      (req) => service.leave(contextOf(req), req.params.id),
    );
    // The team's leader or a volunteer manager of its region decides; the service checks which.
    app.post(
      '/teams/:id/members/:memberId/approve',
      { config: own, schema: { tags, summary: '同意入队 Approve a member', params: TeamMemberParams, response: { 200: TeamMember } } },
      (req) => service.decide(contextOf(req), req.params.id, req.params.memberId, true),
    );
    app.post(
      '/teams/:id/members/:memberId/reject',
      { config: own, schema: { tags, summary: '拒绝入队 Reject a member', params: TeamMemberParams, response: { 200: TeamMember } } },
      (req) => service.decide(contextOf(req), req.params.id, req.params.memberId, false),
    );
    // Any signed-in person of the town sees its teams (names, kinds, whom they serve): a volunteer
    // needs them to choose one to join. Members are not listed here.
    app.get(
      '/teams/directory',
      { config: own, schema: { tags, summary: '可加入的队伍 Teams of my town', querystring: TeamListQuery, response: { 200: TeamList } } },
      (req) => service.directory(contextOf(req), req.query),
    );
    app.get('/me/teams', { config: own, schema: { tags, summary: '我的队伍 My teams', response: { 200: MyTeams } } }, (req) =>
      service.mine(contextOf(req)),
    );
  };
}
