import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { Permission } from '@tongxin/shared';

export interface ScopeRoot {
  regionId: string;
  /** Materialised path of the root node, e.g. '/<town>/<community>/'. */
  path: string;
}

/**
 * What a caller may reach for one permission: the union of the subtrees under the nodes where
 * they hold a role that carries it. Repositories take a Scope and filter through `regionIn`,
 * so a route cannot forget scoping: it has no way to reach scoped data without one.
 */
export class Scope {
  readonly roots: readonly ScopeRoot[];

  constructor(
    readonly permission: Permission,
    roots: readonly ScopeRoot[],
  ) {
    // Drop roots that sit inside another root: fewer OR branches, same reach.
    const sorted = [...roots].sort((a, b) => a.path.length - b.path.length);
    const kept: ScopeRoot[] = [];
    for (const r of sorted) if (!kept.some((k) => r.path.startsWith(k.path))) kept.push(r);
    this.roots = kept;
  }

  get isEmpty(): boolean {
    return this.roots.length === 0;
  }

  /**
   * The scope narrowed to one node's subtree (a list filtered by region), or itself without one.
   * One region condition instead of two stacked ones: PostgreSQL multiplies the selectivities of
   * two region subqueries it cannot see are nested, underestimates a busy community's rows a
   * hundredfold, and sorts 100,000 rows instead of walking the town's index (measured: 112 → 0.3 ms).
   * A node outside the scope narrows it to nothing.
   */
  within(path: string | undefined): Scope {
    if (path === undefined) return this;
    if (!this.containsPath(path)) return new Scope(this.permission, []);
    return new Scope(this.permission, [{ regionId: path.split('/').filter(Boolean).at(-1)!, path }]);
  }

  /** True when the node with this path lies inside the scope (the roots themselves included). */
  containsPath(path: string): boolean {
    return this.roots.some((r) => path.startsWith(r.path));
  }

  /** True when the path is a scope root itself (a caller may not move or delete that). */
  isRoot(path: string): boolean {
    return this.roots.some((r) => r.path === path);
  }

  /**
   * `column IN (the scope's towns)` — each root path starts with its town. Redundant with
   * `regionIn`, but lets a town-led index serve a page in order.
   */
  townIn(column: Expression<string>): RawBuilder<SqlBool> {
    if (this.isEmpty) return sql<SqlBool>`false`;
    const towns = [...new Set(this.roots.map((r) => r.path.split('/')[1]!))];
    return sql<SqlBool>`${column} in (${sql.join(towns)})`;
  }

  /** `column IN (ids of regions inside the scope)`, for any table whose rows carry a region id. */
  regionIn(column: Expression<string | null>): RawBuilder<SqlBool> {
    if (this.isEmpty) return sql<SqlBool>`false`;
    return sql<SqlBool>`${column} in (select scope_region.id from region scope_region where ${this.likeAny(sql.ref('scope_region.path'))})`;
  }

  /** `pathColumn LIKE root%` for the region table itself. */
  pathIn(pathColumn: Expression<string>): RawBuilder<SqlBool> {
    if (this.isEmpty) return sql<SqlBool>`false`;
    return sql<SqlBool>`(${this.likeAny(pathColumn)})`;
  }

  private likeAny(column: Expression<string> | RawBuilder<unknown>): RawBuilder<SqlBool> {
    // Paths hold only hex digits, dashes and slashes, so they need no LIKE escaping.
    return sql<SqlBool>`${sql.join(
      this.roots.map((r) => sql`${column} like ${`${r.path}%`}`),
      sql` or `,
    )}`;
  }
}
