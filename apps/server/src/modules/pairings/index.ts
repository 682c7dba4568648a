import type { Database } from '../../platform/db/index.js';
import { pairingRoutes } from './routes.js';
import { PairingService } from './service.js';

export { PairingService } from './service.js';

export function pairingsModule(deps: { db: Database }) {
  return pairingRoutes(new PairingService(deps.db));
}
