import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

/** One metric's sum: within the period (the whole history when there is no period) and overall. */
export interface MetricSum {
  period: number;
  total: number;
}

export interface Period {
  /** First days of the first and last month, inclusive. */
  from: string;
  to: string;
}

/** Depth of a region from its materialised path: '/<town>/' is 0, '/<town>/<community>/' is 1. */
export const depthOf = (path: string) => path.split('/').filter(Boolean).length - 1;

/**
 * Sums every metric over the subtrees under `paths` (which do not overlap). Subtrees rooted at a
 * town or community read the rollup (migration 0012: a row per community, metric and month); one
 * rooted deeper (a grid) sums its source rows through `figure_fact`, which is small there.
 */
export async function sumFigures(db: Kysely<DB>, paths: readonly string[], period: Period | null): Promise<Map<string, MetricSum>> {
  const shallow = paths.filter((p) => depthOf(p) <= 1);
  const deep = paths.filter((p) => depthOf(p) > 1);
  const inPeriod = period ? sql`month between ${period.from}::date and ${period.to}::date` : sql`true`;
  const under = (column: string, list: readonly string[]) =>
    sql.join(
      list.map((p) => sql`${sql.ref(column)} like ${`${p}%`}`),
      sql` or `,
    );
  const parts = [];
  if (shallow.length > 0) {
    parts.push(sql<{ metric: string; period: string; total: string }>`
      select metric, coalesce(sum(value) filter (where ${inPeriod}), 0) as period, sum(value) as total
        from figure_rollup
       where area_id in (select r.id from region r where r.depth <= 1 and (${under('r.path', shallow)}))
       group by metric`);
  }
  if (deep.length > 0) {
    parts.push(sql<{ metric: string; period: string; total: string }>`
      select metric, coalesce(sum(value) filter (where ${inPeriod}), 0) as period, sum(value) as total
        from figure_fact
       where region_id in (select r.id from region r where ${under('r.path', deep)})
       group by metric`);
  }
  const sums = new Map<string, MetricSum>();
  for (const part of parts) {
    const { rows } = await part.execute(db);
    for (const r of rows) {
      const s = sums.get(r.metric) ?? { period: 0, total: 0 };
      s.period += Number(r.period);
      s.total += Number(r.total);
      sums.set(r.metric, s);
    }
  }
  return sums;
}
