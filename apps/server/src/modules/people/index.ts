import type { Config } from '../../config.js';
import type { DataCipher } from '../../platform/crypto.js';
import type { Database } from '../../platform/db/index.js';
import { PersonalData } from './protect.js';
import { peopleRoutes } from './routes.js';
import { PeopleService } from './service.js';

export { PeopleService, type Actorish, type HouseholdInput, type ResidentInput, type UpsertOutcome } from './service.js';
export { PersonalData, nameInitials } from './protect.js';
export { escapeLike } from './repository.js';

export function createPeopleService(deps: { db: Database; cipher: DataCipher }): PeopleService {
  return new PeopleService(deps.db, new PersonalData(deps.cipher));
}

export function peopleModule(deps: { service: PeopleService; config: Config }) {
  return peopleRoutes(deps.service, deps.config);
}
