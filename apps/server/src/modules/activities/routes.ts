import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  Activity,
  ActivityCategory,
  ActivityCategoryList,
  ActivityFeedQuery,
  ActivityListQuery,
  ActivityPage,
  CheckInBody,
  CheckInCode,
  CheckInResult,
  ConfirmHoursBody,
  ConfirmHoursResult,
  CreateActivityBody,
  CreateActivityCategoryBody,
  IdParams,
  MyActivitiesQuery,
  MySignupState,
  Occurrence,
  OccurrenceFeed,
  OccurrenceList,
  OccurrenceRangeQuery,
  Signup,
  SignupList,
  SignupParams,
  UpdateActivityBody,
  UpdateOccurrenceBody,
} from '@tongxin/shared/schemas';
import { contextOf, scopeOf } from '../../platform/context.js';
import type { ActivityService } from './service.js';

const manage = { access: { permission: 'activity.manage' as const } };
const townManage = { access: { permission: 'town.manage' as const } };
const own = { access: 'authenticated' as const };
const tags = ['activities'];

export function activityRoutes(service: ActivityService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/activity-categories',
      { config: own, schema: { tags, summary: '活动类别 Activity categories', response: { 200: ActivityCategoryList } } },
      (req) => service.categories(contextOf(req).actor.townId),
    );
    app.post(
      '/activity-categories',
      {
        config: townManage,
        schema: { tags, summary: '新增活动类别 Add a category', body: CreateActivityCategoryBody, response: { 201: ActivityCategory } },
      },
      async (req, reply) => reply.status(201).send(await service.addCategory(contextOf(req), scopeOf(req), req.body)),
    );

    app.get(
      '/activities',
      {
        config: manage,
        schema: { tags, summary: '志愿活动 List activities', querystring: ActivityListQuery, response: { 200: ActivityPage } },
      },
      (req) => service.list(scopeOf(req), req.query),
    );
    app.post(
      '/activities',
      { config: manage, schema: { tags, summary: '发布活动 Create an activity', body: CreateActivityBody, response: { 201: Activity } } },
      async (req, reply) => reply.status(201).send(await service.create(contextOf(req), scopeOf(req), req.body)),
    );
    // The phone's feed, declared before /activities/:id so "feed" is never read as an id.
    app.get(
      '/activities/feed',
      {
        config: own,
        schema: { tags, summary: '活动广场 Upcoming activities', querystring: ActivityFeedQuery, response: { 200: OccurrenceFeed } },
      },
      (req) => service.feed(contextOf(req), req.query),
    );
    app.get(
      '/activities/:id',
      { config: manage, schema: { tags, summary: '活动详情 Get an activity', params: IdParams, response: { 200: Activity } } },
      (req) => service.get(scopeOf(req), req.params.id),
    );
    app.patch(
      '/activities/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: '修改活动 Update an activity (future occurrences follow)',
          params: IdParams,
          body: UpdateActivityBody,
          response: { 200: Activity },
        },
      },
      (req) => service.update(contextOf(req), scopeOf(req), req.params.id, req.body),
    );
    app.post(
      '/activities/:id/publish',
      { config: manage, schema: { tags, summary: '发布 Publish', params: IdParams, response: { 200: Activity } } },
      (req) => service.setStatus(contextOf(req), scopeOf(req), req.params.id, 'published'),
    );
    app.post(
      '/activities/:id/cancel',
      { config: manage, schema: { tags, summary: '取消活动 Cancel the series', params: IdParams, response: { 200: Activity } } },
      (req) => service.setStatus(contextOf(req), scopeOf(req), req.params.id, 'cancelled'),
    );
    app.get(
      '/activities/:id/occurrences',
      {
        config: manage,
        schema: { tags, summary: '活动场次 Occurrences of an activity', params: IdParams, response: { 200: OccurrenceList } },
      },
      (req) => service.occurrencesOf(contextOf(req), scopeOf(req), req.params.id),
    );

    app.get(
      '/occurrences',
      {
        config: manage,
        schema: {
          tags,
          summary: '活动日历 Occurrences in a date range',
          querystring: OccurrenceRangeQuery,
          response: { 200: OccurrenceList },
        },
      },
      (req) => service.range(contextOf(req), scopeOf(req), req.query),
    );
    app.get(
      '/occurrences/:id',
      { config: own, schema: { tags, summary: '场次详情 Get an occurrence', params: IdParams, response: { 200: Occurrence } } },
      (req) => service.occurrence(contextOf(req), req.params.id),
    );
    app.patch(
      '/occurrences/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: '单独修改本场 Edit one occurrence',
          params: IdParams,
          body: UpdateOccurrenceBody,
          response: { 200: Occurrence },
        },
      },
      (req) => service.updateOccurrence(contextOf(req), scopeOf(req), req.params.id, req.body),
    );
    app.post(
      '/occurrences/:id/cancel',
      { config: manage, schema: { tags, summary: '取消本场 Cancel one occurrence', params: IdParams, response: { 200: Occurrence } } },
      (req) => service.cancelOccurrence(contextOf(req), scopeOf(req), req.params.id),
    );
    app.post(
      '/occurrences/:id/signup',
      { config: own, schema: { tags, summary: '报名 Sign up', params: IdParams, response: { 201: MySignupState } } },
      async (req, reply) => reply.status(201).send(await service.signUp(contextOf(req), req.params.id)),
    );
    app.delete(
      '/occurrences/:id/signup',
      { config: own, schema: { tags, summary: '取消报名 Cancel my sign-up', params: IdParams, response: { 200: MySignupState } } },
      (req) => service.cancelSignup(contextOf(req), req.params.id),
    );
    app.get(
      '/occurrences/:id/signups',
      { config: manage, schema: { tags, summary: '报名名单 Sign-ups and attendance', params: IdParams, response: { 200: SignupList } } },
      (req) => service.signups(scopeOf(req), req.params.id),
    );
    app.post(
      '/occurrences/:id/signups/:signupId/check-in',
      { config: manage, schema: { tags, summary: '代签到 Check someone in by hand', params: SignupParams, response: { 200: Signup } } },
      (req) => service.manualAttendance(contextOf(req), scopeOf(req), req.params.id, req.params.signupId, 'in'),
    );
    app.post(
      '/occurrences/:id/signups/:signupId/check-out',
      { config: manage, schema: { tags, summary: '代签退 Check someone out by hand', params: SignupParams, response: { 200: Signup } } },
      (req) => service.manualAttendance(contextOf(req), scopeOf(req), req.params.id, req.params.signupId, 'out'),
    );
    app.get(
      '/occurrences/:id/check-in-code',
      {
        config: manage,
        schema: { tags, summary: '签到二维码 The rotating check-in code', params: IdParams, response: { 200: CheckInCode } },
      },
      (req) => service.checkInCode(scopeOf(req), req.params.id, `${req.protocol}://${req.host}`),
    );
    app.get(
      '/occurrences/:id/insurance.xlsx',
      { config: manage, schema: { tags, summary: '保险名单 Insurance roster (.xlsx)', params: IdParams, response: { 200: Type.Any() } } },
      async (req, reply) => {
        const file = await service.insuranceRoster(contextOf(req), scopeOf(req), req.params.id);
        return reply.header('content-type', file.type).header('content-disposition', file.disposition).send(file.stream);
      },
    );
    app.post(
      '/occurrences/:id/confirm-hours',
      {
        config: manage,
        schema: {
          tags,
          summary: '确认服务时长 Confirm service hours',
          params: IdParams,
          body: ConfirmHoursBody,
          response: { 200: ConfirmHoursResult },
        },
      },
      (req) => service.confirmHours(contextOf(req), scopeOf(req), req.params.id, req.body),
    );

    app.get(
      '/me/activities',
      {
        config: own,
        schema: { tags, summary: '我的活动 My activities', querystring: MyActivitiesQuery, response: { 200: OccurrenceList } },
      },
      (req) => service.mine(contextOf(req), req.query.when ?? 'upcoming'),
    );
    app.post(
      '/check-in',
      {
        // No per-IP limit: a whole team checks in from one community Wi-Fi at once.
        config: own,
        schema: { tags, summary: '扫码签到/签退 Check in or out with the code', body: CheckInBody, response: { 200: CheckInResult } },
      },
      (req) => service.checkIn(contextOf(req), req.body),
    );
  };
}
