import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Row } from 'exceljs';

// exceljs takes ~0.3 s to load: only a request that reads or writes a sheet pays for it.
let loading: Promise<typeof import('exceljs')> | null = null;
function excel() {
  loading ??= import('./exceljs.js').then((m) => m.default);
  return loading;
}
import { AppError } from './errors.js';

/**
 * Streaming Excel in and out (exceljs's streaming reader and writer): 100,000 rows stay in
 * bounded memory. Only plain values cross this boundary: strings, and dates as 'YYYY-MM-DD'.
 */

export interface SheetRow {
  /** 1-based row number as Excel shows it. */
  row: number;
  /** Header (as found in the sheet, trimmed) → cell text. */
  values: Map<string, string>;
}

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'object') {
    const o = v as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown; error?: string };
    if (o.richText)
      return o.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if (o.result !== undefined) return cellText(o.result);
    if (o.text !== undefined) return cellText(o.text);
    if (o.error) return '';
  }
  return String(v).trim();
}

/** Fail the stream once more than `maxBytes` have passed: an upload cannot grow without bound. */
export function byteLimit(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (seen > maxBytes) cb(new AppError('PAYLOAD_TOO_LARGE'));
      else cb(null, chunk);
    },
  });
}

/**
 * Rows of the first worksheet as header → text maps. The header row is the first of the top 10
 * rows that holds at least `minKnown` of the known header names, so merged title rows and
 * grouped header rows above it are skipped. Blank rows are skipped.
 */
export async function* readSheet(input: Readable | string, knownHeaders: ReadonlySet<string>, minKnown = 2): AsyncGenerator<SheetRow> {
  const ExcelJS = await excel();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  let headers: string[] | null = null;
  let scanned = 0;
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<Row>) {
        const cells = (row.values as unknown[]).map(cellText);
        if (!headers) {
          scanned += 1;
          const names = cells.map((c) => c.replace(/\s+/g, '').replace(/[*＊]/g, ''));
          if (names.filter((n) => knownHeaders.has(n)).length >= minKnown) {
            headers = names;
          } else if (scanned >= 10) {
            throw new AppError('IMPORT_HEADER_MISSING');
          }
          continue;
        }
        if (cells.every((c) => c === '')) continue;
        const values = new Map<string, string>();
        headers.forEach((h, i) => {
          if (h && knownHeaders.has(h)) values.set(h, cells[i] ?? '');
        });
        yield { row: row.number, values };
      }
      break; // the first worksheet only
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('IMPORT_FILE_INVALID', { cause: err });
  }
  if (!headers) throw new AppError('IMPORT_HEADER_MISSING');
}

export interface SheetColumn {
  header: string;
  key: string;
  width?: number;
}

/**
 * A streamed workbook: the caller adds rows, then `end()`. `stream` is what the HTTP reply sends.
 * A watermark line (who exported it, when) heads the sheet when given.
 */
export async function writeSheet(opts: { sheetName: string; columns: SheetColumn[]; watermark?: string; notes?: string[][] }) {
  const ExcelJS = await excel();
  const stream = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: true });
  wb.creator = '同心 Tongxin';
  const ws = wb.addWorksheet(opts.sheetName, { views: [{ state: 'frozen', ySplit: opts.watermark ? 2 : 1 }] });
  ws.columns = opts.columns.map((c) => ({ key: c.key, width: c.width ?? 14 }));
  if (opts.watermark) {
    const w = ws.addRow([opts.watermark]);
    w.font = { color: { argb: 'FFC0392B' }, bold: true };
    w.commit();
    ws.headerFooter.oddHeader = `&C${opts.watermark.replace(/&/g, '&&')}`;
  }
  const header = ws.addRow(opts.columns.map((c) => c.header));
  header.font = { bold: true };
  header.commit();
  return {
    stream,
    add(values: Record<string, string | number | null | undefined>) {
      ws.addRow(opts.columns.map((c) => values[c.key] ?? '')).commit();
    },
    async end() {
      ws.commit();
      if (opts.notes) {
        const n = wb.addWorksheet('填写说明');
        n.columns = [{ width: 18 }, { width: 80 }];
        for (const line of opts.notes) n.addRow(line).commit();
        n.commit();
      }
      await wb.commit();
    },
  };
}

/**
 * Write an upload to a temporary file as it arrives (bounded memory), so the zip reader works on a
 * file rather than a live socket stream. The caller removes the file with `done()`.
 */
export async function spool(input: Readable): Promise<{ path: string; done(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'tongxin-upload-'));
  const path = join(dir, 'upload.xlsx');
  const done = () => rm(dir, { recursive: true, force: true });
  try {
    await pipeline(input, createWriteStream(path));
  } catch (err) {
    await done();
    throw err;
  }
  return { path, done };
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Content-Disposition for a Chinese file name (RFC 5987), with an ASCII fallback. */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
