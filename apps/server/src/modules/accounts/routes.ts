import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  Account,
  AccountListQuery,
  AccountPage,
  CreateAccountBody,
  GrantBody,
  GrantParams,
  IdParams,
  Ok,
  ResetPasswordBody,
  UpdateAccountBody,
} from '@tongxin/shared/schemas';
import { contextOf, scopeOf } from '../../platform/context.js';
import type { AccountService } from './service.js';

const read = { access: { permission: 'account.read' as const } };
const manage = { access: { permission: 'account.manage' as const } };
const tags = ['accounts'];

export function accountRoutes(service: AccountService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/accounts',
      { config: read, schema: { tags, summary: '账号列表 List accounts', querystring: AccountListQuery, response: { 200: AccountPage } } },
      (req) => service.list(scopeOf(req), req.query),
    );
    app.post(
      '/accounts',
      { config: manage, schema: { tags, summary: '新建账号 Create an account', body: CreateAccountBody, response: { 201: Account } } },
      async (req, reply) => reply.status(201).send(await service.create(contextOf(req), scopeOf(req), req.body)),
    );
    app.get(
      '/accounts/:id',
      { config: read, schema: { tags, summary: '账号详情 Get an account', params: IdParams, response: { 200: Account } } },
      (req) => service.get(scopeOf(req), req.params.id),
    );
    app.patch(
      '/accounts/:id',
      {
        config: manage,
        schema: { tags, summary: '修改账号 Update an account', params: IdParams, body: UpdateAccountBody, response: { 200: Account } },
      },
      (req) => service.update(contextOf(req), scopeOf(req), req.params.id, req.body),
    );
    app.post(
      '/accounts/:id/reset-password',
      {
        config: manage,
        schema: { tags, summary: '重置密码 Reset a password', params: IdParams, body: ResetPasswordBody, response: { 200: Ok } },
      },
      async (req) => {
        await service.resetPassword(contextOf(req), scopeOf(req), req.params.id, req.body);
        return { ok: true as const };
      },
    );
    app.post(
      '/accounts/:id/grants',
      { config: manage, schema: { tags, summary: '授予角色 Grant a role', params: IdParams, body: GrantBody, response: { 200: Account } } },
      (req) => service.grant(contextOf(req), scopeOf(req), req.params.id, req.body),
    );
    app.delete(
      '/accounts/:id/grants/:grantId',
      { config: manage, schema: { tags, summary: '撤销角色 Revoke a role', params: GrantParams, response: { 200: Account } } },
      (req) => service.revoke(contextOf(req), scopeOf(req), req.params.id, req.params.grantId),
    );
  };
}
