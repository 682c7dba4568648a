import type { Database } from '../../platform/db/index.js';
import type { PeopleService } from '../people/index.js';
import { partyRoutes } from './routes.js';
import { PartyService } from './service.js';

export { PartyService, type MemberInput } from './service.js';

export function createPartyService(deps: { db: Database; people: PeopleService }): PartyService {
  return new PartyService(deps.db, deps.people);
}

export function partyModule(deps: { service: PartyService }) {
  return partyRoutes(deps.service);
}
