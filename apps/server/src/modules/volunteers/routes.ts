import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ApplyVolunteerBody,
  IdParams,
  MyVolunteer,
  RegisterVolunteerBody,
  RegistrationPlaces,
  RejectVolunteerBody,
  Volunteer,
  VolunteerListQuery,
  VolunteerPage,
} from '@tongxin/shared/schemas';
import type { Config } from '../../config.js';
import { contextOf, scopeOf } from '../../platform/context.js';
import type { VolunteerService } from './service.js';

const read = { access: { permission: 'volunteer.read' as const } };
const manage = { access: { permission: 'volunteer.manage' as const } };
const tags = ['volunteers'];

export function volunteerRoutes(service: VolunteerService, config: Config): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/volunteers/register',
      {
        // Anyone may register; like login, it is rate-limited per address.
        config: { access: 'public', rateLimit: { max: config.loginRateLimit, timeWindow: '1 minute' } },
        schema: {
          tags,
          summary: '注册志愿者 Register as a volunteer',
          security: [],
          body: RegisterVolunteerBody,
          response: { 201: Volunteer },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await service.register({ ip: req.ip ?? null, requestId: String(req.id), actor: null }, req.body)),
    );
    app.get(
      '/volunteers/places',
      {
        config: { access: 'public' },
        schema: { tags, summary: '可注册的村（社区） Where one can register', security: [], response: { 200: RegistrationPlaces } },
      },
      () => service.places(),
    );
    app.get(
      '/me/volunteer',
      { config: { access: 'authenticated' }, schema: { tags, summary: '我的志愿者注册 My registration', response: { 200: MyVolunteer } } },
      (req) => service.me(contextOf(req)),
    );
    app.post(
      '/me/volunteer',
      {
        config: { access: 'authenticated' },
        schema: { tags, summary: '申请成为志愿者 Apply as a volunteer', body: ApplyVolunteerBody, response: { 201: Volunteer } },
      },
      async (req, reply) => reply.status(201).send(await service.applyAsMe(contextOf(req), req.body)),
    );
    app.get(
      '/volunteers',
      {
        config: read,
        schema: { tags, summary: '志愿者名册 List volunteers', querystring: VolunteerListQuery, response: { 200: VolunteerPage } },
      },
      (req) => service.list(scopeOf(req), req.query),
    );
    app.get(
      '/volunteers/:id',
      { config: read, schema: { tags, summary: '志愿者详情 Get a volunteer', params: IdParams, response: { 200: Volunteer } } },
      (req) => service.get(scopeOf(req), req.params.id),
    );
    app.post(
      '/volunteers/:id/approve',
      { config: manage, schema: { tags, summary: '审核通过 Approve', params: IdParams, response: { 200: Volunteer } } },
      (req) => service.approve(contextOf(req), scopeOf(req), req.params.id),
    );
    app.post(
      '/volunteers/:id/reject',
      {
        config: manage,
        schema: {
          tags,
          summary: '审核不通过 Reject with a reason',
          params: IdParams,
          body: RejectVolunteerBody,
          response: { 200: Volunteer },
        },
      },
      (req) => service.reject(contextOf(req), scopeOf(req), req.params.id, req.body),
    );
  };
}
