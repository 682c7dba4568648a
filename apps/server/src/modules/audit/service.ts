import type { AuditPage, AuditQuery } from '@tongxin/shared/schemas';
import type { Database } from '../../platform/db/index.js';
import type { Scope } from '../../platform/scope.js';
import { notFound } from '../../platform/errors.js';
import { describeRegions } from '../regions/index.js';
import { findAuditEntries } from './repository.js';

export class AuditService {
  constructor(private readonly db: Database) {}

  async list(scope: Scope, query: AuditQuery): Promise<AuditPage> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    let regionPath: string | undefined;
    if (query.regionId) {
      const region = (await describeRegions(this.db, [query.regionId])).get(query.regionId);
      if (!region || !scope.containsPath(region.path)) throw notFound();
      regionPath = region.path;
    }
    const { items, ...counted } = await findAuditEntries(
      this.db,
      scope,
      {
        actorId: query.actorId,
        action: query.action,
        entity: query.entity,
        entityId: query.entityId,
        regionPath,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
      },
      { offset: (page - 1) * pageSize, limit: pageSize },
    );
    const regions = await describeRegions(
      this.db,
      items.flatMap((r) => (r.region_id ? [r.region_id] : [])),
    );
    return {
      ...counted,
      items: items.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        actorId: r.actor_id,
        actorName: r.actor_name,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        regionId: r.region_id,
        regionPath: (r.region_id && regions.get(r.region_id)?.pathNames) || [],
        before: r.before ?? null,
        after: r.after ?? null,
        ip: r.ip,
      })),
    };
  }
}
