import type { Config } from '../../config.js';
import type { DataCipher } from '../../platform/crypto.js';
import type { Database } from '../../platform/db/index.js';
import type { Notifier } from '../../platform/notify/notifier.js';
import { AccountService } from '../accounts/index.js';
import type { PeopleService } from '../people/index.js';
import { volunteerRoutes } from './routes.js';
import { VolunteerService } from './service.js';

export { VolunteerService } from './service.js';

export function volunteersModule(deps: { db: Database; cipher: DataCipher; people: PeopleService; notifier: Notifier; config: Config }) {
  const service = new VolunteerService(deps.db, deps.people.protect, new AccountService(deps.db, deps.cipher), deps.notifier);
  return volunteerRoutes(service, deps.config);
}
