import { describe, expect, it } from 'vitest';
import { apiUrl, dispositionFileName, queryString } from './files';

describe('file transfer helpers', () => {
  it('repeats keys for lists and leaves empty values out', () => {
    expect(queryString({ fields: ['idNumber', 'mobile'] })).toBe('?fields=idNumber&fields=mobile');
    expect(apiUrl('/imports/residents', { regionId: 'r', strict: false, q: '' })).toBe('/api/imports/residents?regionId=r&strict=false');
    expect(queryString({ a: 1, fields: ['x'] })).toBe('?a=1&fields=x');
    expect(queryString()).toBe('');
  });

  it('reads the file name from Content-Disposition', () => {
    expect(dispositionFileName(`attachment; filename="residents.xlsx"; filename*=UTF-8''%E5%B1%85%E6%B0%91.xlsx`, 'x')).toBe('居民.xlsx');
    expect(dispositionFileName('attachment; filename="report.xlsx"', 'x')).toBe('report.xlsx');
    expect(dispositionFileName(null, 'fallback.xlsx')).toBe('fallback.xlsx');
  });
});
