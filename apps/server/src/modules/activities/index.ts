import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../platform/db/index.js';
import type { DataCipher } from '../../platform/crypto.js';
import type { Notifier } from '../../platform/notify/notifier.js';
import type { DomainEvents } from '../../platform/events.js';
import { activityRoutes } from './routes.js';
import { ActivityService } from './service.js';
import { ActivitySweeper } from './sweeper.js';

export { ActivityService } from './service.js';
export { ActivitySweeper } from './sweeper.js';
export { ruleDates } from './recurrence.js';

export function createActivities(deps: {
  db: Database;
  cipher: DataCipher;
  notifier: Notifier;
  dataKey: Buffer;
  log: FastifyBaseLogger;
  events: DomainEvents;
}) {
  const service = new ActivityService(deps.db, deps);
  return { service, routes: activityRoutes(service), sweeper: new ActivitySweeper(service, deps.log) };
}
