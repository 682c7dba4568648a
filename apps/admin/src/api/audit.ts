import type { AuditPage, AuditQuery } from '@tongxin/shared/schemas';
import { http } from './http';

export const listAudit = (query: AuditQuery) => http.get<AuditPage>('/audit', { ...query });
