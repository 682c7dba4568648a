import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  Award,
  CreateAwardBody,
  CreateEvaluationBody,
  CreateTrainingBody,
  Evaluation,
  IdParams,
  RefuseCorrectionBody,
  RequestCorrectionBody,
  ServiceCorrection,
  ServiceCorrectionList,
  ServiceCorrectionQuery,
  ServiceRecordPage,
  ServiceRecordQuery,
  Training,
  VolunteerRecord,
} from '@tongxin/shared/schemas';
import { contextOf, scopeOf } from '../../platform/context.js';
import type { RecordService } from './service.js';

const activityManage = { access: { permission: 'activity.manage' as const } };
const volunteerRead = { access: { permission: 'volunteer.read' as const } };
const volunteerManage = { access: { permission: 'volunteer.manage' as const } };
const own = { access: 'authenticated' as const };
const tags = ['records'];

export function recordRoutes(service: RecordService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/service-records',
      {
        config: activityManage,
        schema: {
          tags,
          summary: '服务记录（待确认队列）Service records',
          querystring: ServiceRecordQuery,
          response: { 200: ServiceRecordPage },
        },
      },
      (req) => service.list(contextOf(req), scopeOf(req), req.query),
    );
    app.get(
      '/service-corrections',
      {
        config: activityManage,
        schema: {
          tags,
          summary: '时长更正申请 Correction requests',
          querystring: ServiceCorrectionQuery,
          response: { 200: ServiceCorrectionList },
        },
      },
      (req) => service.corrections(scopeOf(req), req.query),
    );
    app.post(
      '/service-corrections/:id/accept',
      {
        config: activityManage,
        schema: { tags, summary: '同意更正 Accept a correction', params: IdParams, response: { 200: ServiceCorrection } },
      },
      (req) => service.accept(contextOf(req), scopeOf(req), req.params.id),
    );
    app.post(
      '/service-corrections/:id/refuse',
      {
        config: activityManage,
        schema: {
          tags,
          summary: '驳回更正 Refuse a correction',
          params: IdParams,
          body: RefuseCorrectionBody,
          response: { 200: ServiceCorrection },
        },
      },
      (req) => service.refuse(contextOf(req), scopeOf(req), req.params.id, req.body),
    );
    app.get(
      '/me/service-record',
      { config: own, schema: { tags, summary: '我的志愿服务记录 My service record', response: { 200: VolunteerRecord } } },
      (req) => service.mine(contextOf(req)),
    );
    app.post(
      '/me/service-records/:id/correction',
      {
        config: own,
        schema: {
          tags,
          summary: '申请更正时长 Ask for a correction',
          params: IdParams,
          body: RequestCorrectionBody,
          response: { 201: ServiceCorrection },
        },
      },
      async (req, reply) => reply.status(201).send(await service.requestCorrection(contextOf(req), req.params.id, req.body)),
    );
    app.get(
      '/volunteers/:id/record',
      {
        config: volunteerRead,
        schema: { tags, summary: "志愿者的服务记录 A volunteer's record", params: IdParams, response: { 200: VolunteerRecord } },
      },
      (req) => service.volunteerRecord(scopeOf(req), req.params.id),
    );
    app.post(
      '/volunteers/:id/trainings',
      {
        config: volunteerManage,
        schema: { tags, summary: '登记培训 Add a training', params: IdParams, body: CreateTrainingBody, response: { 201: Training } },
      },
      async (req, reply) => reply.status(201).send(await service.addTraining(contextOf(req), scopeOf(req), req.params.id, req.body)),
    );
    app.post(
      '/volunteers/:id/awards',
      {
        config: volunteerManage,
        schema: { tags, summary: '登记表彰 Add an award', params: IdParams, body: CreateAwardBody, response: { 201: Award } },
      },
      async (req, reply) => reply.status(201).send(await service.addAward(contextOf(req), scopeOf(req), req.params.id, req.body)),
    );
    app.post(
      '/volunteers/:id/evaluations',
      {
        config: volunteerManage,
        schema: {
          tags,
          summary: '登记评价 Add an evaluation',
          params: IdParams,
          body: CreateEvaluationBody,
          response: { 201: Evaluation },
        },
      },
      async (req, reply) => reply.status(201).send(await service.addEvaluation(contextOf(req), scopeOf(req), req.params.id, req.body)),
    );
  };
}
