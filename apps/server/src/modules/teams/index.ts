import type { Database } from '../../platform/db/index.js';
import { teamRoutes } from './routes.js';
import { TeamService } from './service.js';

export { TeamService } from './service.js';

export function teamsModule(deps: { db: Database }) {
  return teamRoutes(new TeamService(deps.db));
}
