import { HELP_STATUSES } from '@tongxin/shared';
import type { RegionFigures, RegionFiguresQuery } from '@tongxin/shared/schemas';
import type { Database } from '../../platform/db/index.js';
import type { Clock } from '../../platform/clock.js';
import type { RequestContext } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import type { Scope } from '../../platform/scope.js';
import { localDate } from '../../platform/time.js';
import { describeRegions, townTimezone } from '../regions/index.js';
import { sumFigures, type MetricSum, type Period } from './repository.js';

const lastDay = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
};

/**
 * Region figures: what the dashboard and the summaries show for a region (or the caller's whole
 * scope) and a period, summed from the rollup the writers keep (migration 0012).
 */
export class FiguresService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** The paths the figures cover: the region (inside the scope), or every root of the scope. */
  async pathsFor(scope: Scope, regionId?: string): Promise<string[]> {
    if (!regionId) return scope.roots.map((r) => r.path);
    const region = (await describeRegions(this.db, [regionId])).get(regionId);
    if (!region || !scope.containsPath(region.path)) throw notFound();
    return [region.path];
  }

  /** Every metric summed over `paths`, in the period and overall. */
  sums(paths: readonly string[], period: Period | null): Promise<Map<string, MetricSum>> {
    return sumFigures(this.db, paths, period);
  }

  async figures(ctx: RequestContext, scope: Scope, query: RegionFiguresQuery): Promise<RegionFigures> {
    const kind = query.period ?? 'month';
    const month = query.month ?? localDate(await townTimezone(this.db, ctx.actor.townId), this.clock.now()).slice(0, 7);
    const year = month.slice(0, 4);
    const period: Period | null =
      kind === 'month'
        ? { from: `${month}-01`, to: `${month}-01` }
        : kind === 'year'
          ? { from: `${year}-01-01`, to: `${year}-12-01` }
          : null;
    const sums = await this.sums(await this.pathsFor(scope, query.regionId), period);
    const inPeriod = (metric: string) => sums.get(metric)?.period ?? 0;
    const now = (metric: string) => sums.get(metric)?.total ?? 0;
    const helpByStatus = Object.fromEntries(HELP_STATUSES.map((s) => [s, now(`help.${s}`)]));
    const taken = inPeriod('help_taken');
    const reviews = inPeriod('help_reviews');
    return {
      regionId: query.regionId ?? null,
      period: kind,
      from: period ? period.from : null,
      to: period ? lastDay(period.to.slice(0, 7)) : null,
      occurrences: inPeriod('occurrences'),
      participations: inPeriod('records'),
      serviceHours: Math.round(inPeriod('minutes') / 6) / 10,
      helpRequests: HELP_STATUSES.reduce((n, s) => n + inPeriod(`help.${s}`), 0),
      peopleServed: inPeriod('help_done'),
      avgResponseMinutes: taken > 0 ? Math.round(inPeriod('help_response_seconds') / taken / 6) / 10 : null,
      satisfaction: reviews > 0 ? Math.round((inPeriod('help_stars') * 10) / reviews) / 10 : null,
      reviews,
      newVolunteers: inPeriod('volunteers.approved'),
      newResidents: inPeriod('residents'),
      volunteers: now('volunteers.approved'),
      volunteersPending: now('volunteers.pending'),
      residents: now('residents'),
      pendingRecords: now('records_pending'),
      helpByStatus,
      helpOverdue: now('help_overdue'),
    };
  }
}
