import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreateGridDutyBody,
  GridDutyAssignment,
  GridDutyList,
  GridDutyListQuery,
  HouseholdContact,
  HouseholdContactList,
  IdParams,
  LogContactBody,
  MyHouseholdDetail,
  MyHouseholdList,
  Ok,
} from '@tongxin/shared/schemas';
import { contextOf, scopeOf } from '../../platform/context.js';
import type { GridService } from './service.js';

const read = { access: { permission: 'people.read' as const } };
const manage = { access: { permission: 'grid.manage' as const } };
const own = { access: 'authenticated' as const };
const tags = ['grid'];

export function gridRoutes(service: GridService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/grid-duties',
      {
        config: read,
        schema: { tags, summary: '网格职责 List grid duties', querystring: GridDutyListQuery, response: { 200: GridDutyList } },
      },
      (req) => service.listDuties(scopeOf(req), req.query),
    );
    app.post(
      '/grid-duties',
      {
        config: manage,
        schema: { tags, summary: '指派网格职责 Assign a grid duty', body: CreateGridDutyBody, response: { 201: GridDutyAssignment } },
      },
      async (req, reply) => reply.status(201).send(await service.createDuty(contextOf(req), scopeOf(req), req.body)),
    );
    app.delete(
      '/grid-duties/:id',
      { config: manage, schema: { tags, summary: '撤销网格职责 Remove a grid duty', params: IdParams, response: { 200: Ok } } },
      async (req) => {
        await service.deleteDuty(contextOf(req), scopeOf(req), req.params.id);
        return { ok: true as const };
      },
    );
    app.get(
      '/households/:id/contacts',
      {
        config: read,
        schema: { tags, summary: '走访记录 Contacts with a household', params: IdParams, response: { 200: HouseholdContactList } },
      },
      (req) => service.householdContacts(contextOf(req), scopeOf(req), req.params.id),
    );

    // The phone: the households I serve or keep in touch with, and visits I log.
    app.get(
      '/me/households',
      { config: own, schema: { tags, summary: '我的网格户 My households', response: { 200: MyHouseholdList } } },
      (req) => service.myHouseholds(contextOf(req)),
    );
    app.get(
      '/me/households/:id',
      { config: own, schema: { tags, summary: '住户详情 One of my households', params: IdParams, response: { 200: MyHouseholdDetail } } },
      (req) => service.myHousehold(contextOf(req), req.params.id),
    );
    app.post(
      '/me/households/:id/contacts',
      {
        config: own,
        schema: {
          tags,
          summary: '记录走访 Log a contact or visit',
          params: IdParams,
          body: LogContactBody,
          response: { 201: HouseholdContact },
        },
      },
      async (req, reply) => reply.status(201).send(await service.logContact(contextOf(req), req.params.id, req.body)),
    );
  };
}
