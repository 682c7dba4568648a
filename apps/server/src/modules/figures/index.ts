import type { Database } from '../../platform/db/index.js';
import type { Clock } from '../../platform/clock.js';
import { figuresRoutes } from './routes.js';
import { FiguresService } from './service.js';

export { FiguresService } from './service.js';

/** Region figures: sums the writers keep per community and month (migration 0012). */
export function createFigures(deps: { db: Database; clock: Clock }) {
  const service = new FiguresService(deps.db, deps.clock);
  return { service, routes: figuresRoutes(service) };
}
