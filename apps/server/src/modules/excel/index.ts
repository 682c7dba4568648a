import type { Config } from '../../config.js';
import type { Database } from '../../platform/db/index.js';
import type { PartyService } from '../party/index.js';
import type { PeopleService } from '../people/index.js';
import { ExportService } from './exports.js';
import { ImportService } from './imports.js';
import { excelRoutes } from './routes.js';

export { IMPORT_COLUMNS } from './columns.js';

export function excelModule(deps: { db: Database; people: PeopleService; party: PartyService; config: Config }) {
  return excelRoutes(new ImportService(deps.db, deps.people, deps.party), new ExportService(deps.db, deps.people, deps.party), deps.config);
}
