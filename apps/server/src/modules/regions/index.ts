import type { Database } from '../../platform/db/index.js';
import { regionRoutes } from './routes.js';
import { RegionService } from './service.js';

export { describeRegions, insertTown, insertRegion, countTowns, townTimezone } from './repository.js';

export function regionsModule(deps: { db: Database }) {
  return regionRoutes(new RegionService(deps.db));
}
