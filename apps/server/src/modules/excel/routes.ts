import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Readable } from 'node:stream';
import {
  HouseholdListQuery,
  IdParams,
  ImportKindParams,
  ImportQuery,
  ImportResult,
  PartyMemberListQuery,
  ResidentListQuery,
} from '@tongxin/shared/schemas';
import type { Config } from '../../config.js';
import { contextOf, scopeOf } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { XLSX_MIME, attachment, byteLimit, spool } from '../../platform/xlsx.js';
import { IMPORT_SHEET_NAMES } from './columns.js';
import type { ExportService } from './exports.js';
import type { ImportService } from './imports.js';

const manage = { access: { permission: 'people.manage' as const } };
const tags = ['excel'];
const stamp = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date()).replaceAll('-', '');

function withoutPage<T extends { page?: number; pageSize?: number }>(q: T): Omit<T, 'page' | 'pageSize'> {
  const { page: _p, pageSize: _s, ...rest } = q;
  return rest;
}

export function excelRoutes(imports: ImportService, exports: ExportService, config: Config): FastifyPluginAsyncTypebox {
  return async (app) => {
    // An uploaded sheet reaches the route as a stream, never as one buffer: 100,000 rows fit
    // in bounded memory. Its size is capped as it flows.
    for (const type of [XLSX_MIME, 'application/octet-stream']) {
      app.addContentTypeParser(type, (_req, payload, done) => done(null, payload.pipe(byteLimit(config.importMaxMb * 1024 * 1024))));
    }

    app.get(
      '/imports/:kind/template',
      { config: manage, schema: { tags, summary: '下载导入模板 Import template', params: ImportKindParams } },
      async (req, reply) =>
        reply
          .type(XLSX_MIME)
          .header('content-disposition', attachment(`${IMPORT_SHEET_NAMES[req.params.kind]}导入模板.xlsx`))
          .send(await imports.template(req.params.kind)),
    );
    app.post(
      '/imports/:kind',
      {
        config: manage,
        bodyLimit: 1024 * 1024 * 1024,
        schema: {
          tags,
          summary: '导入 Excel Import an .xlsx sheet',
          params: ImportKindParams,
          querystring: ImportQuery,
          // The body is the .xlsx file itself, streamed (not JSON, so no body schema).
          consumes: [XLSX_MIME],
          response: { 200: ImportResult },
        },
      },
      async (req) => {
        const body = req.body as unknown;
        if (!body || typeof (body as Readable).pipe !== 'function') throw new AppError('IMPORT_FILE_INVALID');
        const file = await spool(body as Readable);
        try {
          return await imports.run(contextOf(req), scopeOf(req), req.params.kind, req.query, file.path);
        } finally {
          await file.done();
        }
      },
    );
    app.get(
      '/imports/:id/report',
      { config: manage, schema: { tags, summary: '导入错误报告 Import error report', params: IdParams } },
      async (req, reply) => {
        const { stream, kind } = await imports.report(contextOf(req), scopeOf(req), req.params.id);
        return reply
          .type(XLSX_MIME)
          .header('content-disposition', attachment(`${IMPORT_SHEET_NAMES[kind]}导入错误报告.xlsx`))
          .send(stream);
      },
    );

    app.get(
      '/residents/export',
      {
        config: { access: { permission: 'people.read' } },
        schema: { tags, summary: '导出居民 Export residents', querystring: ResidentListQuery },
      },
      async (req, reply) =>
        reply
          .type(XLSX_MIME)
          .header('content-disposition', attachment(`居民名单-${stamp()}.xlsx`))
          .send(await exports.residents(contextOf(req), scopeOf(req), withoutPage(req.query))),
    );
    app.get(
      '/households/export',
      {
        config: { access: { permission: 'people.read' } },
        schema: { tags, summary: '导出住户 Export households', querystring: HouseholdListQuery },
      },
      async (req, reply) =>
        reply
          .type(XLSX_MIME)
          .header('content-disposition', attachment(`住户名单-${stamp()}.xlsx`))
          .send(await exports.households(contextOf(req), scopeOf(req), withoutPage(req.query))),
    );
    app.get(
      '/party-members/export',
      {
        config: { access: { permission: 'party.read' } },
        schema: { tags, summary: '导出党员 Export party members', querystring: PartyMemberListQuery },
      },
      async (req, reply) =>
        reply
          .type(XLSX_MIME)
          .header('content-disposition', attachment(`党员名单-${stamp()}.xlsx`))
          .send(await exports.partyMembers(contextOf(req), scopeOf(req), withoutPage(req.query))),
    );
  };
}
