/**
 * exceljs, with its streaming XML reader fixed to decode UTF-8 across chunk boundaries.
 *
 * exceljs 4.4.0 decodes each chunk of a zipped XML part on its own (lib/utils/parse-sax.js), so a
 * Chinese character whose bytes straddle two chunks turns into "���" — seen on about one row in
 * two thousand of a 100,000-row sheet. Before exceljs loads, this module puts a corrected
 * parse-sax (a StringDecoder carries partial characters over) into Node's module cache, so every
 * part of exceljs picks it up. Import exceljs only through this module.
 */
import Module, { createRequire } from 'node:module';
import { StringDecoder } from 'node:string_decoder';
import type ExcelJSType from 'exceljs';

const require = createRequire(import.meta.url);
const saxPath = require.resolve('exceljs/lib/utils/parse-sax.js');
const PATCHED = Symbol.for('tongxin.exceljs.parse-sax');

interface SaxEvent {
  eventType: 'opentag' | 'text' | 'closetag';
  value: unknown;
}

if (!require.cache[saxPath]) {
  const local = createRequire(saxPath);
  const { SaxesParser } = local('saxes') as typeof import('saxes');
  const { PassThrough } = local('readable-stream') as typeof import('node:stream');
  async function* parseSax(source: AsyncIterable<Buffer | string> & { pipe?: unknown }): AsyncGenerator<SaxEvent[]> {
    let iterable: AsyncIterable<Buffer | string> = source;
    if (typeof source.pipe === 'function' && !(Symbol.asyncIterator in source)) {
      iterable = (source as unknown as NodeJS.ReadableStream).pipe(new PassThrough()) as unknown as AsyncIterable<Buffer>;
    }
    const parser = new SaxesParser();
    const decoder = new StringDecoder('utf8');
    let error: Error | undefined;
    let events: SaxEvent[] = [];
    parser.on('error', (err) => {
      error = err;
    });
    parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
    parser.on('text', (value) => events.push({ eventType: 'text', value }));
    parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
    for await (const chunk of iterable) {
      parser.write(typeof chunk === 'string' ? chunk : decoder.write(chunk));
      if (error) throw error;
      yield events;
      events = [];
    }
    const rest = decoder.end();
    if (rest) {
      parser.write(rest);
      if (error) throw error;
      yield events;
    }
  }
  Object.defineProperty(parseSax, PATCHED, { value: true });
  const m = new Module(saxPath);
  m.filename = saxPath;
  m.loaded = true;
  m.exports = parseSax;
  require.cache[saxPath] = m;
} else if (!(require.cache[saxPath]!.exports as Record<symbol, unknown>)[PATCHED]) {
  throw new Error('exceljs was loaded before platform/exceljs.ts: import it only through that module');
}

const ExcelJS = require('exceljs') as typeof ExcelJSType;
export default ExcelJS;
