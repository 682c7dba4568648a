import { Type, type Static } from 'typebox';
import { ERROR_CODES } from '../errors.js';

/** Every id is a UUID so that ids reveal nothing and shard freely. */
export const Id = Type.String({ format: 'uuid', description: 'UUID' });
export const IdParams = Type.Object({ id: Id });
export type IdParams = Static<typeof IdParams>;

export const Timestamp = Type.String({ format: 'date-time' });

export const PageQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
});
export type PageQuery = Static<typeof PageQuery>;

export function Page<T extends ReturnType<typeof Type.Object>>(item: T) {
  return Type.Object({ items: Type.Array(item), total: Type.Integer({ minimum: 0 }) });
}

export const ErrorResponse = Type.Object(
  {
    code: Type.Enum(ERROR_CODES),
    message: Type.String(),
    details: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
  },
  { $id: 'ErrorResponse', description: 'Every failed request answers with this body' },
);

export const Ok = Type.Object({ ok: Type.Literal(true) });
export type Ok = Static<typeof Ok>;

/**
 * A search box's text. NUL is refused here, before any work: PostgreSQL cannot hold it, and a
 * streamed export has already sent its headers when the query would fail.
 */
export const SearchText = Type.String({ maxLength: 40, pattern: '^[^\\u0000]*$' });

/** A bounded, trimmed-by-the-service line of text. */
export function Text(maxLength: number, minLength = 1) {
  return Type.String({ minLength, maxLength });
}
