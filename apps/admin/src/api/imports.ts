import type { ImportKind, ImportResult } from '@tongxin/shared/schemas';
import { apiUrl, downloadFile, uploadFile } from './files';

export const TEMPLATE_NAMES: Record<ImportKind, string> = {
  households: '户籍导入模板.xlsx',
  residents: '居民导入模板.xlsx',
  party_members: '党员导入模板.xlsx',
};

export const downloadImportTemplate = (kind: ImportKind) => downloadFile(apiUrl(`/imports/${kind}/template`), TEMPLATE_NAMES[kind]);
export const runImport = (kind: ImportKind, file: Blob, query: { regionId: string; strict: boolean }) =>
  uploadFile<ImportResult>(apiUrl(`/imports/${kind}`, query), file);
/** The bad rows of an import, as a spreadsheet; `reportUrl` from the result when the server gives one. */
export const downloadImportReport = (result: Pick<ImportResult, 'id' | 'reportUrl'>) =>
  downloadFile(result.reportUrl ?? apiUrl(`/imports/${result.id}/report`), '导入错误报告.xlsx');
