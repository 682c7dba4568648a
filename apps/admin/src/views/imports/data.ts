import type { Permission } from '@tongxin/shared';
import type { ImportKind, ImportResult } from '@tongxin/shared/schemas';

/** What can be imported, and the permission each needs (the server checks again). */
export const IMPORT_KIND_PERMISSION: Record<ImportKind, Permission> = {
  households: 'people.manage',
  residents: 'people.manage',
  party_members: 'party.manage',
};

export function importKinds(can: (p: Permission) => boolean): ImportKind[] {
  return (Object.keys(IMPORT_KIND_PERMISSION) as ImportKind[]).filter((k) => can(IMPORT_KIND_PERMISSION[k]));
}

/** Default cap; the server has its own (IMPORT_MAX_MB) and answers with its message when over it. */
export const MAX_FILE_MB = 50;

export type FileProblem = 'validation.xlsxType' | 'validation.xlsxSize' | null;

/** Only .xlsx files (the template's format), not empty, not larger than the cap. */
export function checkImportFile(file: { name: string; size: number }, maxMb = MAX_FILE_MB): FileProblem {
  if (!/\.xlsx$/i.test(file.name) || file.size === 0) return 'validation.xlsxType';
  if (file.size > maxMb * 1024 * 1024) return 'validation.xlsxSize';
  return null;
}

/** How the outcome reads: all good, partly stored, or nothing stored. */
export function resultTone(r: Pick<ImportResult, 'failed' | 'rolledBack'>): 'success' | 'warning' | 'error' {
  if (r.rolledBack) return 'error';
  return r.failed > 0 ? 'warning' : 'success';
}
