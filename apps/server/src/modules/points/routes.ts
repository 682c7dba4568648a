import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  Adjustment,
  AdjustmentList,
  AdjustmentQuery,
  CatalogAdminQuery,
  CatalogItem,
  CatalogPage,
  CatalogQuery,
  CreateAdjustmentBody,
  CreateCatalogItemBody,
  CreateMerchantBody,
  DecisionBody,
  IdParams,
  Merchant,
  MerchantList,
  MyPoints,
  PointsAccountPage,
  PointsAccountQuery,
  PointsRules,
  RedeemBody,
  Redemption,
  RedemptionCodeParams,
  RedemptionPage,
  RedemptionQuery,
  ReverseBody,
  Statement,
  StatementQuery,
  UpdateCatalogItemBody,
  UpdateMerchantBody,
  UpdatePointsRulesBody,
  VerifyBody,
} from '@tongxin/shared/schemas';
import { contextOf, scopeOf } from '../../platform/context.js';
import type { ExchangeService } from './exchange.js';
import type { PointsService } from './service.js';

const own = { access: 'authenticated' as const };
const read = { access: { permission: 'points.read' as const } };
const manage = { access: { permission: 'points.manage' as const } };
const approve = { access: { permission: 'points.approve' as const } };
const townManage = { access: { permission: 'town.manage' as const } };
const tags = ['points'];
const Sheet = { 200: Type.Any() };
const IdempotencyHeaders = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) });

export function pointsRoutes(points: PointsService, exchange: ExchangeService): FastifyPluginAsyncTypebox {
  return async (app) => {
    // ---------------------------------------------------------------- rules
    app.get('/points/rules', { config: own, schema: { tags, summary: '积分规则 Earning rules', response: { 200: PointsRules } } }, (req) =>
      points.rules(contextOf(req).actor.townId),
    );
    app.patch(
      '/points/rules',
      {
        config: townManage,
        schema: { tags, summary: '设置积分规则 Set the rules', body: UpdatePointsRulesBody, response: { 200: PointsRules } },
      },
      (req) => points.updateRules(contextOf(req), scopeOf(req), req.body),
    );

    // ---------------------------------------------------------------- a volunteer's own
    app.get('/points/me', { config: own, schema: { tags, summary: '我的积分 My points', response: { 200: MyPoints } } }, (req) =>
      points.me(contextOf(req)),
    );
    app.get(
      '/points/me/statement',
      { config: own, schema: { tags, summary: '我的积分流水 My statement', querystring: StatementQuery, response: { 200: Statement } } },
      (req) => points.myStatement(contextOf(req), req.query),
    );
    app.get(
      '/points/me/statement.xlsx',
      { config: own, schema: { tags, summary: '导出我的积分流水 My statement (.xlsx)', response: Sheet } },
      async (req, reply) => {
        const f = await points.myStatementSheet(contextOf(req));
        return reply.header('content-type', f.type).header('content-disposition', f.disposition).send(f.stream);
      },
    );

    // ---------------------------------------------------------------- catalogue and redemptions (phone)
    app.get(
      '/catalog',
      { config: own, schema: { tags, summary: '兑换目录 Catalogue', querystring: CatalogQuery, response: { 200: CatalogPage } } },
      (req) => exchange.catalog(contextOf(req), req.query),
    );
    app.get(
      '/catalog/:id',
      { config: own, schema: { tags, summary: '兑换项目 An item', params: IdParams, response: { 200: CatalogItem } } },
      (req) => exchange.catalogItem(contextOf(req), req.params.id),
    );
    app.get(
      '/catalog/:id/photo',
      { config: own, schema: { tags, summary: '兑换项目图片 Item photo', params: IdParams, response: { 200: Type.Any() } } },
      async (req, reply) => {
        const p = await exchange.photo(contextOf(req), req.params.id);
        return reply.header('content-type', p.contentType).header('cache-control', 'private, max-age=3600').send(p.bytes);
      },
    );
    app.post(
      '/catalog/:id/redeem',
      {
        config: own,
        schema: {
          tags,
          summary: '兑换 Redeem (send Idempotency-Key to retry safely)',
          params: IdParams,
          headers: IdempotencyHeaders,
          body: RedeemBody,
          response: { 201: Redemption },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await exchange.redeem(contextOf(req), req.params.id, req.body ?? {}, req.headers['idempotency-key'])),
    );
    app.get(
      '/redemptions/mine',
      {
        config: own,
        schema: { tags, summary: '我的兑换 My redemptions', querystring: RedemptionQuery, response: { 200: RedemptionPage } },
      },
      (req) => exchange.myRedemptions(contextOf(req), req.query),
    );
    app.get(
      '/redemptions/:id',
      { config: own, schema: { tags, summary: '兑换码 A redemption', params: IdParams, response: { 200: Redemption } } },
      (req) => exchange.myRedemption(contextOf(req), req.params.id),
    );
    app.post(
      '/redemptions/:id/cancel',
      { config: own, schema: { tags, summary: '取消兑换 Cancel (points back)', params: IdParams, response: { 200: Redemption } } },
      (req) => exchange.cancel(contextOf(req), req.params.id),
    );

    // ---------------------------------------------------------------- a merchant's own (phone)
    app.get('/merchant/me', { config: own, schema: { tags, summary: '我的商家 My merchant', response: { 200: Merchant } } }, (req) =>
      exchange.myMerchant(contextOf(req)),
    );
    app.get(
      '/merchant/items',
      { config: own, schema: { tags, summary: '我的兑换项目 My items', querystring: CatalogAdminQuery, response: { 200: CatalogPage } } },
      (req) => exchange.myItems(contextOf(req), req.query),
    );
    app.post(
      '/merchant/items',
      { config: own, schema: { tags, summary: '上架兑换项目 List an item', body: CreateCatalogItemBody, response: { 201: CatalogItem } } },
      async (req, reply) => reply.status(201).send(await exchange.createItem(contextOf(req), req.body)),
    );
    app.patch(
      '/merchant/items/:id',
      {
        config: own,
        schema: {
          tags,
          summary: '修改兑换项目 Edit an item',
          params: IdParams,
          body: UpdateCatalogItemBody,
          response: { 200: CatalogItem },
        },
      },
      (req) => exchange.updateItem(contextOf(req), req.params.id, req.body),
    );
    app.post(
      '/merchant/items/:id/withdraw',
      { config: own, schema: { tags, summary: '下架 Withdraw an item', params: IdParams, response: { 200: CatalogItem } } },
      (req) => exchange.withdrawMine(contextOf(req), req.params.id),
    );
    app.get(
      '/merchant/redemptions',
      {
        config: own,
        schema: {
          tags,
          summary: '本商家的兑换 Redemptions at my merchant',
          querystring: RedemptionQuery,
          response: { 200: RedemptionPage },
        },
      },
      (req) => exchange.merchantRedemptions(contextOf(req), req.query),
    );
    app.get(
      '/merchant/redemptions/:code',
      { config: own, schema: { tags, summary: '查询兑换码 Look up a code', params: RedemptionCodeParams, response: { 200: Redemption } } },
      (req) => exchange.lookup(contextOf(req), req.params.code),
    );
    app.post(
      '/merchant/verify',
      { config: own, schema: { tags, summary: '核销 Verify a code', body: VerifyBody, response: { 200: Redemption } } },
      (req) => exchange.verify(contextOf(req), req.body.code),
    );
    app.get(
      '/merchant/statement',
      {
        config: own,
        schema: { tags, summary: '商家结算流水 My merchant statement', querystring: StatementQuery, response: { 200: Statement } },
      },
      (req) => exchange.merchantStatement(contextOf(req), req.query),
    );
    app.get(
      '/merchant/statement.xlsx',
      { config: own, schema: { tags, summary: '导出商家结算流水 Merchant statement (.xlsx)', response: Sheet } },
      async (req, reply) => {
        const f = await exchange.merchantStatementSheet(contextOf(req));
        return reply.header('content-type', f.type).header('content-disposition', f.disposition).send(f.stream);
      },
    );

    // ---------------------------------------------------------------- ledgers and approvals (console)
    app.get(
      '/points/accounts',
      {
        config: read,
        schema: { tags, summary: '积分账户 Accounts', querystring: PointsAccountQuery, response: { 200: PointsAccountPage } },
      },
      (req) => points.accounts(scopeOf(req), req.query),
    );
    app.get(
      '/points/accounts/:id/statement',
      {
        config: read,
        schema: { tags, summary: '账户流水 Statement', params: IdParams, querystring: StatementQuery, response: { 200: Statement } },
      },
      (req) => points.statement(scopeOf(req), req.params.id, req.query),
    );
    app.get(
      '/points/accounts/:id/statement.xlsx',
      { config: read, schema: { tags, summary: '导出账户流水 Statement (.xlsx)', params: IdParams, response: Sheet } },
      async (req, reply) => {
        const f = await points.statementSheet(contextOf(req), scopeOf(req), req.params.id);
        return reply.header('content-type', f.type).header('content-disposition', f.disposition).send(f.stream);
      },
    );
    app.get(
      '/points/adjustments',
      { config: read, schema: { tags, summary: '积分调整 Adjustments', querystring: AdjustmentQuery, response: { 200: AdjustmentList } } },
      (req) => points.adjustments(contextOf(req), scopeOf(req), req.query),
    );
    app.post(
      '/points/adjustments',
      {
        config: manage,
        schema: { tags, summary: '奖励或扣减 Grant or deduct', body: CreateAdjustmentBody, response: { 201: Adjustment } },
      },
      async (req, reply) => reply.status(201).send(await points.createAdjustment(contextOf(req), scopeOf(req), req.body)),
    );
    app.post(
      '/points/adjustments/:id/approve',
      {
        config: approve,
        schema: { tags, summary: '审批通过 Approve', params: IdParams, body: DecisionBody, response: { 200: Adjustment } },
      },
      (req) => points.decide(contextOf(req), scopeOf(req), req.params.id, true, req.body?.reason),
    );
    app.post(
      '/points/adjustments/:id/reject',
      { config: approve, schema: { tags, summary: '驳回 Reject', params: IdParams, body: DecisionBody, response: { 200: Adjustment } } },
      (req) => points.decide(contextOf(req), scopeOf(req), req.params.id, false, req.body?.reason),
    );
    app.post(
      '/points/transactions/:id/reverse',
      {
        config: manage,
        schema: {
          tags,
          summary: '冲正 Reverse a grant or deduction',
          params: IdParams,
          body: ReverseBody,
          response: { 200: Type.Object({ txnId: Type.String() }) },
        },
      },
      (req) => points.reverse(contextOf(req), scopeOf(req), req.params.id, req.body.reason),
    );

    // ---------------------------------------------------------------- merchants and the catalogue (console)
    app.get('/merchants', { config: read, schema: { tags, summary: '爱心商家 Merchants', response: { 200: MerchantList } } }, (req) =>
      exchange.merchants(scopeOf(req)),
    );
    app.post(
      '/merchants',
      { config: manage, schema: { tags, summary: '登记商家 Add a merchant', body: CreateMerchantBody, response: { 201: Merchant } } },
      async (req, reply) => reply.status(201).send(await exchange.createMerchant(contextOf(req), scopeOf(req), req.body)),
    );
    app.patch(
      '/merchants/:id',
      {
        config: manage,
        schema: { tags, summary: '修改商家 Edit a merchant', params: IdParams, body: UpdateMerchantBody, response: { 200: Merchant } },
      },
      (req) => exchange.updateMerchant(contextOf(req), scopeOf(req), req.params.id, req.body),
    );
    app.get(
      '/points/catalog',
      {
        config: read,
        schema: { tags, summary: '兑换项目审核 Catalogue moderation', querystring: CatalogAdminQuery, response: { 200: CatalogPage } },
      },
      (req) => exchange.catalogAdmin(scopeOf(req), req.query),
    );
    for (const [action, decision] of [
      ['approve', 'listed'],
      ['reject', 'rejected'],
      ['withdraw', 'withdrawn'],
    ] as const)
      app.post(
        `/points/catalog/:id/${action}`,
        {
          config: manage,
          schema: {
            tags,
            summary: `${{ approve: '上架', reject: '驳回', withdraw: '下架' }[action]} ${action}`,
            params: IdParams,
            body: DecisionBody,
            response: { 200: CatalogItem },
          },
        },
        (req) => exchange.moderate(contextOf(req), scopeOf(req), req.params.id, decision, req.body?.reason),
      );
    app.get(
      '/points/redemptions',
      { config: read, schema: { tags, summary: '兑换记录 Redemptions', querystring: RedemptionQuery, response: { 200: RedemptionPage } } },
      (req) => exchange.redemptions(scopeOf(req), req.query),
    );
  };
}
