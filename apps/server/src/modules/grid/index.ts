import type { Database } from '../../platform/db/index.js';
import type { PartyService } from '../party/index.js';
import type { PeopleService } from '../people/index.js';
import { gridRoutes } from './routes.js';
import { GridService } from './service.js';

export { GridService } from './service.js';

export function gridModule(deps: { db: Database; people: PeopleService; party: PartyService }) {
  return gridRoutes(new GridService(deps.db, deps.people, deps.party));
}
