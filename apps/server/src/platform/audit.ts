import type { Kysely } from 'kysely';
import type { DB } from './db/schema.js';
import type { RequestContext } from './context.js';

export interface AuditEvent {
  action: string;
  entity: string;
  entityId?: string | null;
  townId?: string | null;
  regionId?: string | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Append one line to the audit log. Call it inside the transaction of the write it describes,
 * so the log and the data can never disagree. Pass presented records: no secrets, no clear
 * personal data.
 */
export async function recordAudit(
  db: Kysely<DB>,
  ctx: Pick<RequestContext, 'ip' | 'requestId'> & { actor: { accountId: string; name: string } | null },
  event: AuditEvent,
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      town_id: event.townId ?? null,
      region_id: event.regionId ?? null,
      actor_id: ctx.actor?.accountId ?? null,
      actor_name: ctx.actor?.name ?? null,
      action: event.action,
      entity: event.entity,
      entity_id: event.entityId ?? null,
      before: event.before === undefined ? null : JSON.stringify(event.before),
      after: event.after === undefined ? null : JSON.stringify(event.after),
      ip: ctx.ip,
      request_id: ctx.requestId,
    })
    .execute();
}
