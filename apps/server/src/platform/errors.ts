import { ERRORS, errorMessage, type ErrorBody, type ErrorCode, type Locale } from '@tongxin/shared';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from './db/errors.js';

/** The one error type. The code decides the status and the message; nothing else leaks. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: ErrorBody['details'];

  constructor(code: ErrorCode, options: { details?: ErrorBody['details']; cause?: unknown; message?: string } = {}) {
    super(options.message ?? code, { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }

  get status(): number {
    return ERRORS[this.code].status;
  }
}

export const notFound = () => new AppError('NOT_FOUND');
export const forbidden = () => new AppError('FORBIDDEN');

export function localeOf(request: FastifyRequest): Locale {
  const header = request.headers['accept-language'];
  return typeof header === 'string' && /^en\b/i.test(header.trim()) ? 'en' : 'zh-CN';
}

export function errorBody(code: ErrorCode, locale: Locale, details?: ErrorBody['details']): ErrorBody {
  return details?.length ? { code, message: errorMessage(code, locale), details } : { code, message: errorMessage(code, locale) };
}

/**
 * PostgreSQL errors that only bad input causes, when a value the schemas let through is one the
 * database cannot take: NUL in text (22021; 22P05 in jsonb), a number outside its column's range
 * (22003), text that is no number or date of the column's type (22P02, 22007, 22008), a value too
 * large for an index (54000).
 */
const PG_INPUT_ERRORS = new Set(['22021', '22P05', '22003', '22P02', '22007', '22008', '54000']);

/** Map what Fastify and its plugins throw onto our codes. */
function classify(error: FastifyError & { validation?: unknown[] }): AppError | null {
  if (error instanceof AppError) return error;
  if (PG_INPUT_ERRORS.has(error.code)) return new AppError('VALIDATION_FAILED', { cause: error });
  if (error.validation) {
    const details = (error.validation as Array<{ instancePath?: string; message?: string; params?: Record<string, unknown> }>).map((v) => ({
      path: `${(error as { validationContext?: string }).validationContext ?? 'body'}${v.instancePath ?? ''}${
        v.params && typeof v.params.missingProperty === 'string' ? `/${v.params.missingProperty}` : ''
      }`,
      message: v.message ?? 'invalid',
    }));
    return new AppError('VALIDATION_FAILED', { details });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('UNSUPPORTED_MEDIA_TYPE');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_MAX_PARAM_LENGTH':
    case 'FST_ERR_ASYNC_CONSTRAINT':
      return new AppError('BAD_REQUEST');
  }
  if (error.statusCode === 429) return new AppError('RATE_LIMITED');
  if (isDatabaseUnavailable(error)) return new AppError('SERVICE_UNAVAILABLE', { cause: error });
  if (error instanceof SyntaxError || (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)) {
    return new AppError('BAD_REQUEST');
  }
  return null;
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const known = classify(error);
    const locale = localeOf(request);
    if (!known) {
      request.log.error({ err: error }, 'unhandled error');
      return reply.status(500).send(errorBody('INTERNAL_ERROR', locale));
    }
    if (known.code === 'SERVICE_UNAVAILABLE') {
      // The database is away (restarting, failing over): say when to try again; no stack to log.
      request.log.warn({ err: error.message }, known.code);
      void reply.header('retry-after', '2');
    } else if (known.status >= 500) request.log.error({ err: error }, known.code);
    return reply.status(known.status).send(errorBody(known.code, locale, known.details));
  });
}

/**
 * Fastify's `frameworkErrors`: what the router refuses before any route runs (a URL that does
 * not decode, a path parameter over maxParamLength) answers in our shape too.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const known = classify(error) ?? new AppError('BAD_REQUEST');
  void reply.status(known.status).send(errorBody(known.code, localeOf(request), known.details));
}
