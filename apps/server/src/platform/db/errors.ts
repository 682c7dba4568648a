/** Recognise PostgreSQL errors the same way on node-postgres and PGlite (both expose code/constraint). */
interface PgError {
  code?: string;
  constraint?: string;
}

function pg(err: unknown): PgError {
  return typeof err === 'object' && err !== null ? (err as PgError) : {};
}

export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = pg(err);
  return e.code === '23505' && (!constraint || e.constraint === constraint);
}

export function isForeignKeyViolation(err: unknown): boolean {
  return pg(err).code === '23503';
}

// SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, crash,
// starting up), and what node-postgres and the socket say when the server went away mid-query.
const UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND']);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|connection error and is not queryable|Client was closed and is not queryable|timeout exceeded when trying to connect|Connection is closed/i;

/** The database cannot be reached right now (restarting, crashed, network): the request may be retried. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = pg(err);
  if (e.code && (e.code.startsWith('08') || UNAVAILABLE_CODES.has(e.code))) return true;
  return err instanceof Error && UNAVAILABLE_MESSAGES.test(err.message);
}
