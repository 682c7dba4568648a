import type { FastifyInstance } from 'fastify';
import { AppError } from './errors.js';

/** How deep a JSON body may nest; the deepest request body is a handful of levels. */
const MAX_JSON_DEPTH = 32;
/** A UTF-16 surrogate without its pair: it has no UTF-8 form to store. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a parsed JSON value cannot be taken, or null. */
function unfit(value: unknown, depth = 0): AppError | null {
  // PostgreSQL text cannot hold NUL either.
  if (typeof value === 'string') return value.includes('\u0000') || LONE_SURROGATE.test(value) ? new AppError('VALIDATION_FAILED') : null;
  if (typeof value !== 'object' || value === null) return null;
  if (depth >= MAX_JSON_DEPTH) return new AppError('BAD_REQUEST');
  for (const [key, v] of Object.entries(value)) {
    const why = unfit(key) ?? unfit(v, depth + 1);
    if (why) return why;
  }
  return null;
}

/** JSON bodies must be UTF-8 (not silently repaired), nest boundedly and hold only storable text. */
export function registerJsonBodies(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      return done(new AppError('BAD_REQUEST'), undefined);
    }
    parse(request, text, (error, value) => done(error ?? unfit(value), error ? undefined : value));
  });
}
