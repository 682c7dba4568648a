import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { countUpTo } from '../../platform/db/count.js';
import type { Scope } from '../../platform/scope.js';

export interface AuditFilter {
  actorId?: string;
  action?: string;
  entity?: string;
  entityId?: string;
  regionPath?: string;
  from?: Date;
  to?: Date;
}

function filtered(db: Kysely<DB>, scope: Scope, f: AuditFilter) {
  let q = db.selectFrom('audit_log').where((eb) => scope.regionIn(eb.ref('audit_log.region_id')));
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.entity) q = q.where('entity', '=', f.entity);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<', f.to);
  if (f.regionPath) {
    const prefix = f.regionPath;
    q = q.where('audit_log.region_id', 'in', (eb) =>
      eb.selectFrom('region').select('region.id').where('region.path', 'like', `${prefix}%`),
    );
  }
  return q;
}

export async function findAuditEntries(db: Kysely<DB>, scope: Scope, f: AuditFilter, page: { offset: number; limit: number }) {
  const [items, counted] = await Promise.all([
    filtered(db, scope, f).selectAll().orderBy('at', 'desc').orderBy('id').offset(page.offset).limit(page.limit).execute(),
    countUpTo(db, filtered(db, scope, f)),
  ]);
  return { items, ...counted };
}
