import type { Config } from '../../config.js';
import type { DataCipher } from '../../platform/crypto.js';
import type { Database } from '../../platform/db/index.js';
import { authRoutes } from './routes.js';
import { AuthService } from './service.js';

export { presentGrants } from './presenter.js';

export function authModule(deps: { db: Database; cipher: DataCipher; config: Config }) {
  return authRoutes(new AuthService(deps.db, deps.cipher, deps.config), deps.config);
}
