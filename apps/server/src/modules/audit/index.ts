import type { Database } from '../../platform/db/index.js';
import { auditRoutes } from './routes.js';
import { AuditService } from './service.js';

export function auditModule(deps: { db: Database }) {
  return auditRoutes(new AuditService(deps.db));
}
