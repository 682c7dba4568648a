import type { Database } from '../../platform/db/index.js';
import type { Notifier } from '../../platform/notify/notifier.js';
import type { DomainEvents } from '../../platform/events.js';
import { recordRoutes } from './routes.js';
import { RecordService } from './service.js';

export { RecordService, confirmedMinutes } from './service.js';

/** Service records (志愿服务记录), corrections, and training, award and evaluation entries. */
export function recordsModule(deps: { db: Database; notifier: Notifier; events: DomainEvents }) {
  return recordRoutes(new RecordService(deps.db, deps.notifier, deps.events));
}
