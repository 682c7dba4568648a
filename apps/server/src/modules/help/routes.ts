import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CreateHelpRequestBody,
  HelpCategory,
  HelpCategoryList,
  HelpCategoryParams,
  HelpCheckInBody,
  HelpConfirmBody,
  HelpDispatchBody,
  HelpDuplicateBody,
  HelpFinishBody,
  HelpListQuery,
  HelpMineQuery,
  HelpOptionalReasonBody,
  HelpPoolQuery,
  HelpReasonBody,
  HelpRequestDetail,
  HelpRequestPage,
  HelpReviewBody,
  HelpSummary,
  IdParams,
  UpdateHelpCategoryBody,
  UploadedAttachment,
} from '@tongxin/shared/schemas';
import type { HELP_TRANSITIONS } from '@tongxin/shared';
import { contextOf, scopeOf } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { HelpService } from './service.js';

const own = { access: 'authenticated' as const };
const manage = { access: { permission: 'help.manage' as const } };
const confirm = { access: { permission: 'help.confirm' as const } };
const townManage = { access: { permission: 'town.manage' as const } };
const tags = ['help'];

/** Photos and voice notes a phone sends as the raw request body. */
export const ATTACHMENT_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'audio/webm',
  'audio/mp4',
  'audio/mpeg',
  'audio/ogg',
  'audio/wav',
  'audio/aac',
] as const;
const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;

const startsWith = (b: Buffer, at: number, text: string) => b.subarray(at, at + text.length).toString('latin1') === text;
/** How each type's files begin: a file is what its bytes say, whatever its label claims. */
const SIGNATURES: Record<(typeof ATTACHMENT_TYPES)[number], (b: Buffer) => boolean> = {
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => startsWith(b, 0, '\x89PNG'),
  'image/webp': (b) => startsWith(b, 0, 'RIFF') && startsWith(b, 8, 'WEBP'),
  'audio/webm': (b) => startsWith(b, 0, '\x1a\x45\xdf\xa3'),
  'audio/mp4': (b) => startsWith(b, 4, 'ftyp'),
  'audio/mpeg': (b) => startsWith(b, 0, 'ID3') || (b[0] === 0xff && (b[1]! & 0xe0) === 0xe0),
  'audio/ogg': (b) => startsWith(b, 0, 'OggS'),
  'audio/wav': (b) => startsWith(b, 0, 'RIFF') && startsWith(b, 8, 'WAVE'),
  'audio/aac': (b) => startsWith(b, 0, 'ADIF') || (b[0] === 0xff && (b[1]! & 0xf6) === 0xf0),
};

type Action = keyof typeof HELP_TRANSITIONS;

export function helpRoutes(service: HelpService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addContentTypeParser([...ATTACHMENT_TYPES], { parseAs: 'buffer', bodyLimit: ATTACHMENT_MAX_BYTES }, (_req, body, done) =>
      done(null, body),
    );

    app.get(
      '/help-categories',
      { config: own, schema: { tags, summary: '求助类别 Help categories', response: { 200: HelpCategoryList } } },
      (req) => service.categories(contextOf(req).actor.townId),
    );
    app.patch(
      '/help-categories/:code',
      {
        config: townManage,
        schema: {
          tags,
          summary: '设置求助类别与时限 Edit a category and its deadlines',
          params: HelpCategoryParams,
          body: UpdateHelpCategoryBody,
          response: { 200: HelpCategory },
        },
      },
      (req) => service.updateCategory(contextOf(req), scopeOf(req), req.params.code, req.body),
    );

    app.post(
      '/attachments',
      {
        config: own,
        bodyLimit: ATTACHMENT_MAX_BYTES,
        schema: {
          tags,
          summary: '上传照片或语音 Upload a photo or voice note (raw body)',
          consumes: [...ATTACHMENT_TYPES],
          response: { 201: UploadedAttachment },
        },
      },
      async (req, reply) => {
        const type = String(req.headers['content-type'] ?? '')
          .split(';')[0]!
          .trim()
          .toLowerCase();
        if (!Buffer.isBuffer(req.body) || !(ATTACHMENT_TYPES as readonly string[]).includes(type))
          throw new AppError('UNSUPPORTED_MEDIA_TYPE');
        // An empty file is the service's to refuse; anything else must be what it says it is.
        if (req.body.length > 0 && !SIGNATURES[type as (typeof ATTACHMENT_TYPES)[number]](req.body))
          throw new AppError('UNSUPPORTED_MEDIA_TYPE');
        return reply.status(201).send(await service.upload(contextOf(req), type, req.body));
      },
    );
    app.get(
      '/attachments/:id',
      { config: own, schema: { tags, summary: '查看附件 Get an attachment', params: IdParams } },
      async (req, reply) => {
        const file = await service.attachment(contextOf(req), req.params.id);
        return reply
          .type(file.contentType)
          .header('cache-control', 'private, max-age=86400')
          .header('x-content-type-options', 'nosniff')
          .send(file.bytes);
      },
    );

    app.post(
      '/help-requests',
      {
        config: own,
        schema: { tags, summary: '我要求助 Ask for help', body: CreateHelpRequestBody, response: { 201: HelpRequestDetail } },
      },
      async (req, reply) => reply.status(201).send(await service.create(contextOf(req), req.body)),
    );
    app.get(
      '/help-requests',
      {
        config: manage,
        schema: { tags, summary: '求助工单 List help requests', querystring: HelpListQuery, response: { 200: HelpRequestPage } },
      },
      (req) => service.list(contextOf(req), scopeOf(req), req.query),
    );
    // Fixed paths before /help-requests/:id.
    app.get(
      '/help-requests/summary',
      {
        config: manage,
        schema: {
          tags,
          summary: '工单统计 Counts by status',
          querystring: Type.Object({ regionId: Type.Optional(Type.String({ format: 'uuid' })) }),
          response: { 200: HelpSummary },
        },
      },
      (req) => service.summary(scopeOf(req), req.query.regionId),
    );
    app.get(
      '/help-requests/mine',
      { config: own, schema: { tags, summary: '我的求助 My requests', querystring: HelpMineQuery, response: { 200: HelpRequestPage } } },
      (req) => service.mine(contextOf(req), req.query),
    );
    app.get(
      '/help-requests/pool',
      {
        config: own,
        schema: { tags, summary: '抢单大厅 Requests I can claim', querystring: HelpPoolQuery, response: { 200: HelpRequestPage } },
      },
      (req) => service.pool(contextOf(req), req.query),
    );
    app.get(
      '/help-requests/served',
      {
        config: own,
        schema: { tags, summary: '我的服务 Requests I serve', querystring: HelpMineQuery, response: { 200: HelpRequestPage } },
      },
      (req) => service.served(contextOf(req), req.query),
    );
    app.get(
      '/help-requests/:id',
      {
        config: own,
        schema: { tags, summary: '求助详情与时间线 A request and its timeline', params: IdParams, response: { 200: HelpRequestDetail } },
      },
      (req) => service.detail(contextOf(req), req.params.id),
    );

    const actions: Array<{ path: string; action: Action; config: object; summary: string; body?: object }> = [
      { path: 'accept', action: 'accept', config: manage, summary: '受理 Accept' },
      { path: 'refuse', action: 'refuse', config: manage, summary: '拒绝（原因仅求助人可见） Refuse', body: HelpReasonBody },
      { path: 'duplicate', action: 'mark_duplicate', config: manage, summary: '标记重复 Mark as a duplicate', body: HelpDuplicateBody },
      { path: 'dispatch', action: 'dispatch', config: manage, summary: '派单或改派 Dispatch or re-dispatch', body: HelpDispatchBody },
      { path: 'recall', action: 'recall', config: manage, summary: '撤回派单 Withdraw the dispatch', body: HelpReasonBody },
      { path: 'widen', action: 'widen', config: manage, summary: '扩大抢单范围 Widen the pool now' },
      { path: 'claim', action: 'claim', config: own, summary: '抢单 Claim' },
      { path: 'decline', action: 'decline', config: own, summary: '婉拒派单 Decline a dispatch', body: HelpReasonBody },
      { path: 'release', action: 'release', config: own, summary: '放弃接单 Release', body: HelpReasonBody },
      { path: 'check-in', action: 'check_in', config: own, summary: '到场签到 Check in on site', body: HelpCheckInBody },
      { path: 'finish', action: 'finish', config: own, summary: '完成服务 Done', body: HelpFinishBody },
      { path: 'review', action: 'review', config: own, summary: '评价或电话回访 Review (or record a callback)', body: HelpReviewBody },
      { path: 'confirm', action: 'confirm', config: confirm, summary: '社区评单：确认办结 Confirm', body: HelpConfirmBody },
      { path: 'send-back', action: 'send_back', config: confirm, summary: '社区评单：退回 Send back', body: HelpReasonBody },
      { path: 'cancel', action: 'cancel', config: own, summary: '取消求助 Cancel', body: HelpOptionalReasonBody },
      { path: 'reopen', action: 'reopen', config: own, summary: '重新打开 Reopen', body: HelpReasonBody },
    ];
    for (const a of actions) {
      app.post(
        `/help-requests/:id/${a.path}`,
        {
          config: a.config,
          schema: {
            tags,
            summary: a.summary,
            params: IdParams,
            ...(a.body ? { body: a.body } : {}),
            response: { 200: HelpRequestDetail },
          },
        },
        (req) => service.act(contextOf(req), (req.params as { id: string }).id, a.action, (req.body ?? {}) as Record<string, unknown>),
      );
    }
  };
}
