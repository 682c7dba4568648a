import type { DataCipher } from '../../platform/crypto.js';
import type { Database } from '../../platform/db/index.js';
import { accountRoutes } from './routes.js';
import { AccountService } from './service.js';

export { AccountService } from './service.js';

export function accountsModule(deps: { db: Database; cipher: DataCipher }) {
  return accountRoutes(new AccountService(deps.db, deps.cipher));
}
