import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';

/**
 * The most rows a console list counts exactly. A town's lists reach a million rows; counting them
 * all takes longer than reading the page (which an index hands over in order), and nobody pages
 * through ten thousand rows: past the cap the list answers "10,000+".
 */
export const TOTAL_CAP = 10_000;

/** A list's row count: exact up to the cap; `totalCapped` (only then present) when more rows match. */
export interface BoundedTotal {
  total: number;
  totalCapped?: true;
}

/**
 * Counts the rows of `query` (the list's FROM, JOINs and WHERE, as the page reads them), but at most
 * `cap + 1` of them: `select count(*) from (<query> select 1 limit cap + 1) c`. More than `cap` →
 * `{ total: cap, totalCapped: true }`; otherwise the exact total.
 *
 * The query's own select list and order are replaced by `select 1`, unless it groups or is
 * DISTINCT: then its select list defines its rows, so it is kept (and only the limit is added).
 */
export async function countUpTo<D, QDB, TB extends keyof QDB, O>(
  db: Kysely<D>,
  query: SelectQueryBuilder<QDB, TB, O>,
  cap: number = TOTAL_CAP,
): Promise<BoundedTotal> {
  if (!Number.isSafeInteger(cap) || cap < 0) throw new RangeError(`countUpTo: bad cap ${cap}`);
  const node = query.toOperationNode();
  const keepsRows =
    node.groupBy !== undefined || node.distinctOn !== undefined || node.frontModifiers?.some((m) => m.modifier === 'Distinct');
  const rows = keepsRows
    ? query.limit(cap + 1)
    : query
        .clearSelect()
        .clearOrderBy()
        .select(sql<number>`1`.as('one'))
        .limit(cap + 1);
  const result = await sql<{ n: string | number }>`select count(*) as n from ${rows} as c`.execute(db);
  const n = Number(result.rows[0]?.n ?? 0);
  return n > cap ? { total: cap, totalCapped: true } : { total: n };
}
