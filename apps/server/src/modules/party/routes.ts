import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ContactLinksBody,
  CreatePartyMemberBody,
  CreatePartyOrgBody,
  HouseholdPage,
  IdParams,
  Ok,
  PartyMember,
  PartyMemberListQuery,
  PartyMemberPage,
  PartyOrg,
  PartyOrgList,
  PartyOrgListQuery,
  UpdatePartyMemberBody,
  UpdatePartyOrgBody,
} from '@tongxin/shared/schemas';
import { contextOf, scopeOf } from '../../platform/context.js';
import type { PartyService } from './service.js';

const read = { access: { permission: 'party.read' as const } };
const manage = { access: { permission: 'party.manage' as const } };
const grid = { access: { permission: 'grid.manage' as const } };
const tags = ['party'];

export function partyRoutes(service: PartyService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/party-orgs',
      {
        config: read,
        schema: { tags, summary: '党组织 List party organisations', querystring: PartyOrgListQuery, response: { 200: PartyOrgList } },
      },
      (req) => service.listOrgs(scopeOf(req), req.query.regionId),
    );
    app.post(
      '/party-orgs',
      {
        config: manage,
        schema: { tags, summary: '新建党组织 Create a party organisation', body: CreatePartyOrgBody, response: { 201: PartyOrg } },
      },
      async (req, reply) => reply.status(201).send(await service.createOrg(contextOf(req), scopeOf(req), req.body)),
    );
    app.patch(
      '/party-orgs/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: '修改党组织 Update a party organisation',
          params: IdParams,
          body: UpdatePartyOrgBody,
          response: { 200: PartyOrg },
        },
      },
      (req) => service.updateOrg(contextOf(req), scopeOf(req), req.params.id, req.body),
    );
    app.delete(
      '/party-orgs/:id',
      { config: manage, schema: { tags, summary: '删除党组织 Delete a party organisation', params: IdParams, response: { 200: Ok } } },
      async (req) => {
        await service.deleteOrg(contextOf(req), scopeOf(req), req.params.id);
        return { ok: true as const };
      },
    );

    app.get(
      '/party-members',
      {
        config: read,
        schema: { tags, summary: '党员列表 List party members', querystring: PartyMemberListQuery, response: { 200: PartyMemberPage } },
      },
      (req) => service.listMembers(scopeOf(req), req.query),
    );
    app.post(
      '/party-members',
      {
        config: manage,
        schema: { tags, summary: '登记党员 Register a party member', body: CreatePartyMemberBody, response: { 201: PartyMember } },
      },
      async (req, reply) => reply.status(201).send(await service.createMember(contextOf(req), scopeOf(req), req.body)),
    );
    app.get(
      '/party-members/:id',
      { config: read, schema: { tags, summary: '党员详情 Get a party member', params: IdParams, response: { 200: PartyMember } } },
      (req) => service.getMember(scopeOf(req), req.params.id),
    );
    app.patch(
      '/party-members/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: '修改党员 Update a party member',
          params: IdParams,
          body: UpdatePartyMemberBody,
          response: { 200: PartyMember },
        },
      },
      (req) => service.updateMember(contextOf(req), scopeOf(req), req.params.id, req.body),
    );
    app.delete(
      '/party-members/:id',
      { config: manage, schema: { tags, summary: '删除党员 Remove a party member', params: IdParams, response: { 200: Ok } } },
      async (req) => {
        await service.deleteMember(contextOf(req), scopeOf(req), req.params.id);
        return { ok: true as const };
      },
    );
    app.get(
      '/party-members/:id/contact-households',
      {
        config: read,
        schema: { tags, summary: '联系户 Households a member keeps in touch with', params: IdParams, response: { 200: HouseholdPage } },
      },
      (req) => service.contactHouseholds(contextOf(req), scopeOf(req), req.params.id),
    );
    app.put(
      '/party-members/:id/contact-households',
      {
        config: grid,
        schema: { tags, summary: '分配联系户 Assign households (户联系)', params: IdParams, body: ContactLinksBody, response: { 200: Ok } },
      },
      async (req) => {
        await service.setContactHouseholds(contextOf(req), scopeOf(req), req.params.id, req.body);
        return { ok: true as const };
      },
    );
  };
}
