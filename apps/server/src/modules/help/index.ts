import type { Database } from '../../platform/db/index.js';
import type { DataCipher } from '../../platform/crypto.js';
import type { Notifier } from '../../platform/notify/notifier.js';
import type { Clock } from '../../platform/clock.js';
import type { JobRunner } from '../../platform/jobs.js';
import type { DomainEvents } from '../../platform/events.js';
import { helpRoutes } from './routes.js';
import { HELP_JOBS, HelpService, type DeadlineStep } from './service.js';
import type { HelpPool } from '@tongxin/shared';
import type { FiguresService } from '../figures/index.js';

export { HelpService, due, helpNumber } from './service.js';

/** The help-request module: its service, its routes, and its jobs on the platform's queue. */
export function createHelp(deps: {
  db: Database;
  cipher: DataCipher;
  notifier: Notifier;
  clock: Clock;
  jobs: JobRunner;
  events: DomainEvents;
  figures: FiguresService;
}) {
  const service = new HelpService(deps.db, deps);
  deps.jobs.register<{ requestId: string; step: DeadlineStep }>(HELP_JOBS.deadline, (trx, job, now) =>
    service.onDeadline(trx, job.payload, now),
  );
  deps.jobs.register<{ requestId: string; step: DeadlineStep }>(HELP_JOBS.remind, (trx, job, now) =>
    service.onRemind(trx, job.payload, now),
  );
  deps.jobs.register<{ requestId: string; from: HelpPool }>(HELP_JOBS.widen, (trx, job, now) => service.onWiden(trx, job.payload, now));
  deps.jobs.register<{ requestId: string; pool: HelpPool; poolRegionId: string; skip: string[] }>(HELP_JOBS.notifyPool, (trx, job) =>
    service.onNotifyPool(trx, job.payload),
  );
  return { service, routes: helpRoutes(service) };
}
