import type { Config } from '../../config.js';
import type { DataCipher } from '../../platform/crypto.js';
import type { Database } from '../../platform/db/index.js';
import { calendarRoutes } from './routes.js';
import { CalendarService } from './service.js';

export { CalendarService } from './service.js';

export function calendarModule(deps: { db: Database; cipher: DataCipher; config: Config }) {
  return calendarRoutes(new CalendarService(deps.db, deps.cipher), deps.config);
}
