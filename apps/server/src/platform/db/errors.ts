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
