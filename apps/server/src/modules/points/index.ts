import type { Database } from '../../platform/db/index.js';
import type { Notifier } from '../../platform/notify/notifier.js';
import type { Clock } from '../../platform/clock.js';
import type { JobRunner } from '../../platform/jobs.js';
import type { DomainEvents } from '../../platform/events.js';
import { ExchangeService, POINTS_JOBS } from './exchange.js';
import { pointsRoutes } from './routes.js';
import { POINTS_EXPIRY_JOBS, PointsService } from './service.js';

export { PointsService } from './service.js';
export { ExchangeService } from './exchange.js';
export { settleRecord } from './earning.js';
/** The ledger's primitives, for the demo seed (which writes history as if the bank had always run). */
export { accountOf, issuingAccount, post } from './ledger.js';

/**
 * The points bank: it listens for confirmed service records (earning, exactly once, in the
 * confirming transaction) and runs redemption expiry on the platform's job queue.
 */
export function createPoints(deps: { db: Database; notifier: Notifier; clock: Clock; jobs: JobRunner; events: DomainEvents }) {
  const points = new PointsService(deps.db, deps);
  const exchange = new ExchangeService(deps.db, { ...deps, points });
  deps.events.serviceRecordChanged.on(points.onServiceRecordChanged);
  deps.jobs.register<{ redemptionId: string }>(POINTS_JOBS.expireRedemption, (trx, job, now) => exchange.onExpire(trx, job.payload, now));
  deps.jobs.register<{ townId: string; on: string }>(POINTS_EXPIRY_JOBS.run, (trx, job) => points.onExpiry(trx, job.payload));
  deps.jobs.register<{ townId: string; on: string }>(POINTS_EXPIRY_JOBS.warn, (trx, job) => points.onExpiryWarning(trx, job.payload));
  return { points, exchange, routes: pointsRoutes(points, exchange) };
}
