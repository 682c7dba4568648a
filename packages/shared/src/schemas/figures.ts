import { Type, type Static } from 'typebox';
import { Id } from './common.js';

export const FIGURE_PERIODS = ['month', 'year', 'all'] as const;
export type FigurePeriod = (typeof FIGURE_PERIODS)[number];
const Period = Type.Union([Type.Literal('month'), Type.Literal('year'), Type.Literal('all')]);

export const RegionFiguresQuery = Type.Object({
  /** A region inside the caller's scope; without it, the caller's whole scope (a city for an account on several towns). */
  regionId: Type.Optional(Id),
  period: Type.Optional(Type.Union([Type.Literal('month'), Type.Literal('year'), Type.Literal('all')], { default: 'month' })),
  /** The month (or, for `year`, a month of the year) the figures are for; default: this month in the town's time zone. */
  month: Type.Optional(Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' })),
});
export type RegionFiguresQuery = Static<typeof RegionFiguresQuery>;

const Count = Type.Integer({ minimum: 0 });

export const RegionFigures = Type.Object({
  regionId: Type.Union([Id, Type.Null()]),
  period: Period,
  /** First and last day of the period (local dates); null for `all`. */
  from: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  to: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  /** In the period: occurrences held (not cancelled), by their start. */
  occurrences: Count,
  /** In the period: service records (参与人次), by the day served. */
  participations: Count,
  /** In the period: confirmed service hours, one decimal. */
  serviceHours: Type.Number({ minimum: 0 }),
  /** In the period: help requests filed. */
  helpRequests: Count,
  /** In the period: help requests done (服务群众人次), by the day done. */
  peopleServed: Count,
  /** Requests filed in the period and taken up (claimed or dispatched): mean minutes until then. */
  avgResponseMinutes: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
  /** Reviews of requests done in the period: mean stars (1–5), one decimal. */
  satisfaction: Type.Union([Type.Number({ minimum: 1, maximum: 5 }), Type.Null()]),
  reviews: Count,
  /** In the period: volunteers registered (approved now) and residents entered. */
  newVolunteers: Count,
  newResidents: Count,
  /** Now, whatever the period: */
  volunteers: Count,
  volunteersPending: Count,
  residents: Count,
  pendingRecords: Count,
  helpByStatus: Type.Record(Type.String(), Count),
  helpOverdue: Count,
});
export type RegionFigures = Static<typeof RegionFigures>;
