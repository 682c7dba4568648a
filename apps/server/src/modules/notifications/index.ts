import type { DataCipher } from '../../platform/crypto.js';
import type { Database } from '../../platform/db/index.js';
import type { LiveHub } from '../../platform/notify/live.js';
import { notificationRoutes } from './routes.js';
import { NotificationService } from './service.js';

export function notificationsModule(deps: { db: Database; cipher: DataCipher; live: LiveHub }) {
  return notificationRoutes(new NotificationService(deps.db, deps.cipher), deps.live);
}
