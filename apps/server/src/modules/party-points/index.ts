import type { Database } from '../../platform/db/index.js';
import type { Notifier } from '../../platform/notify/notifier.js';
import { partyPointsRoutes } from './routes.js';
import { PartyPointsService } from './service.js';

export { PartyPointsService } from './service.js';

/** Party members' quantified points (党员量化积分) and the pioneer index (党员先锋指数). */
export function partyPointsModule(deps: { db: Database; notifier: Notifier }) {
  return partyPointsRoutes(new PartyPointsService(deps.db, deps.notifier));
}
