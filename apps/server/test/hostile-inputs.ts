/**
 * Hand-made tables of hostile values for the hostile-input test (hostile.test.ts), and the
 * variants of one base request built from them. Tables, not random generation: every run sends
 * the same requests, so a failure names the input that caused it and reruns the same way.
 */

/** A JSON Schema fragment as the OpenAPI document publishes it. */
export type Schema = Record<string, unknown>;

/** Strings that are well-formed text but hostile to a database, a page or a layout. */
export const HOSTILE_TEXT: Record<string, string> = {
  'SQL or': "' OR 1=1 --",
  'SQL drop': "'; drop table account; --",
  HTML: '<script>alert(1)</script>"><img src=x onerror=alert(1)>',
  NUL: 'a\u0000b',
  'lone surrogates': 'a\ud800b\udfffc',
  'RTL override, zero-width joiners, BOM, non-character': '\u202egpj.exe a\u200d\u200c\u200bb\ufeff\uffff',
  '4-byte emoji': '😀👨‍👩‍👧‍👦',
  'long grapheme cluster (5,000 combining marks)': `Z${'\u0301'.repeat(5000)}`,
  'control characters': '\u0001\u001b[31m\u007f',
  '100k characters': 'x'.repeat(100_000),
  empty: '',
};

/** A value of each JSON type; each property gets those that are not its own. */
export const WRONG_TYPES: Record<string, unknown> = {
  string: 'text',
  'number 42': 42,
  'bool true': true,
  null: null,
  'empty array': [],
  'empty object': {},
};

/** Numbers at or past the edges of every numeric column, and strings that coerce to them. */
export const HOSTILE_NUMBERS: Record<string, unknown> = {
  '1e308': 1e308,
  '-1': -1,
  '2**63': 2 ** 63,
  '-(2**63)': -(2 ** 63),
  '2**31': 2 ** 31,
  '1.5': 1.5,
  '"NaN"': 'NaN',
  '"1e999"': '1e999',
  '"-1e999"': '-1e999',
  '"Infinity"': 'Infinity',
  '"0x10"': '0x10',
};

/** Containers: nested, long, or carrying hostile text inside. */
export const HOSTILE_CONTAINERS: Record<string, unknown> = {
  'array nested 100 deep': nestedArray(100),
  'array of 10,000 items': Array.from({ length: 10_000 }, (_, i) => `项${i}`),
  'array holding NUL text': ['a\u0000b'],
  'array holding HTML': ['<script>alert(1)</script>'],
  'object with a __proto__ key': JSON.parse('{"__proto__": {"admin": true}}') as unknown,
};

/** Raw path segments and query values, already percent-encoded (some deliberately badly). */
export const HOSTILE_RAW: Record<string, string> = {
  word: 'abc',
  '-1': '-1',
  '1e308': '1e308',
  '2**63': '9223372036854775808',
  '1e999': '1e999',
  'nil uuid': '00000000-0000-0000-0000-000000000000',
  'SQL or': encodeURIComponent("' OR 1=1 --"),
  'HTML script': encodeURIComponent('<script>alert(1)</script>'),
  'dot dot slash': '..%2F..%2Fetc%2Fpasswd',
  NUL: '%00',
  'invalid UTF-8 (C3 28)': '%C3%28',
  'encoded lone surrogate': '%ED%A0%80',
  'RTL override': encodeURIComponent('\u202eabc'),
  '5,000 characters': 'x'.repeat(5000),
};

export function nestedArray(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i += 1) v = [v];
  return v;
}

/** The same, as raw JSON text (built as text so that building it costs nothing). */
export const deepArrayJson = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
export const deepObjectJson = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** What a hostile request must answer. */
export type Expect =
  /** Refused: a 4xx, with this status and code when given. */
  | { refuse: true; status?: number; code?: string }
  /** Decided by the published schema: refused with VALIDATION_FAILED when `value` breaks `schema`. */
  | { refuse: false; schema: Schema; value: unknown; where: 'body' | 'query' | 'params' | 'headers' };

export interface Variant {
  label: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  expect: Expect;
}

export interface BaseRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: unknown;
}

interface Operation {
  /** The OpenAPI path, `/api/regions/{id}`. */
  path: string;
  parameters?: Array<{ in: string; name: string; schema: Schema }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
}

const JSON_TYPE = { 'content-type': 'application/json' };

function withQuery(url: string, name: string, raw: string | string[]): string {
  const [path, query = ''] = url.split('?', 2) as [string, string?];
  const pairs = query.split('&').filter((p) => p && p.split('=')[0] !== name);
  for (const r of [raw].flat()) pairs.push(`${name}=${r}`);
  return `${path}?${pairs.join('&')}`;
}

function decoded(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** The JSON types a schema admits (an enum is text). */
function typesOf(schema: Schema): Set<string> {
  const out = new Set<string>();
  if (typeof schema.type === 'string') out.add(schema.type === 'integer' ? 'number' : schema.type);
  if (Array.isArray(schema.enum) || 'const' in schema) out.add('string');
  for (const s of (schema.anyOf ?? schema.oneOf ?? []) as Schema[]) for (const t of typesOf(s)) out.add(t);
  return out;
}

/** The hostile values for one property: the wrong types, then what attacks the types it has. */
function valuesFor(schema: Schema): Record<string, unknown> {
  const types = typesOf(schema);
  const out: Record<string, unknown> = { ...WRONG_TYPES, 'SQL or': HOSTILE_TEXT['SQL or'] };
  if (types.has('string') || types.size === 0) Object.assign(out, HOSTILE_TEXT);
  if (types.has('number')) Object.assign(out, HOSTILE_NUMBERS);
  if (types.has('array') || types.has('object')) Object.assign(out, HOSTILE_CONTAINERS);
  return out;
}

/** Expect only what the published schema says of the value (any 4xx when it is valid). */
const bySchema = (schema: Schema, value: unknown, where: 'body' | 'query' | 'params' | 'headers'): Expect => ({
  refuse: false,
  schema,
  value,
  where,
});
/** No expectation beyond the rules every answer keeps (no 5xx, a stable code). */
const anyAnswer: Expect = { refuse: false, schema: {}, value: null, where: 'body' };

/** Every hostile variant of one operation, derived from its base request and its published schema. */
export function variantsOf(
  op: Operation,
  base: BaseRequest,
  bigJson: string,
  opts: { ownBodyLimit?: boolean; bodyOptional?: boolean } = {},
): Variant[] {
  const out: Variant[] = [];
  const headers = base.headers;
  const baseBody = base.payload && typeof base.payload === 'object' && !Buffer.isBuffer(base.payload) ? (base.payload as object) : {};
  const body = op.requestBody?.content['application/json']?.schema;
  const sameBody = {
    headers: base.payload !== undefined && !Buffer.isBuffer(base.payload) ? { ...headers, ...JSON_TYPE } : headers,
    payload: base.payload === undefined ? undefined : Buffer.isBuffer(base.payload) ? base.payload : JSON.stringify(base.payload),
  };
  const at = (label: string, url: string, expect: Expect): Variant => ({ label, method: base.method, url, ...sameBody, expect });
  const raw = (label: string, payload: string | Buffer, type: string, expect: Expect): Variant => ({
    label,
    method: base.method,
    url: base.url,
    headers: { ...headers, 'content-type': type },
    payload,
    expect,
  });

  // Path parameters: replace the segment in the base request's concrete url. A segment that does
  // not decode, or decodes to a path of its own, never reaches the route: any 4xx.
  const templ = op.path.split('/');
  const [path, query] = base.url.split('?', 2) as [string, string?];
  for (const p of op.parameters?.filter((x) => x.in === 'path') ?? []) {
    const index = templ.indexOf(`{${p.name}}`);
    for (const [label, rawValue] of Object.entries(HOSTILE_RAW)) {
      const segs = path.split('/');
      segs[index] = rawValue;
      const value = decoded(rawValue);
      const structural = value === null || value.includes('/') || value === '..' || rawValue.length > 100;
      out.push(
        at(
          `path ${p.name} = ${label}`,
          `${segs.join('/')}${query ? `?${query}` : ''}`,
          structural ? { refuse: true } : bySchema(p.schema, value, 'params'),
        ),
      );
    }
  }

  // Query parameters: set each (present in the base or not) to every raw value, and repeat it. A
  // value that does not decode arrives as its literal text (fast-querystring), and is judged so.
  for (const p of op.parameters?.filter((x) => x.in === 'query') ?? []) {
    const raws: Array<[string, string | string[]]> = [...Object.entries(HOSTILE_RAW), ['repeated', ['1', '2']], ['empty', '']];
    for (const [label, r] of raws) {
      const values = [r].flat().map((x) => decoded(x) ?? x);
      out.push(
        at(
          `query ${p.name} = ${label}`,
          withQuery(base.url, p.name, r),
          bySchema(p.schema, values.length > 1 ? values : values[0], 'query'),
        ),
      );
    }
  }

  // Headers the operation publishes (Idempotency-Key): printable hostile text only, since HTTP
  // itself cannot carry the rest.
  for (const p of op.parameters?.filter((x) => x.in === 'header') ?? []) {
    const values = { ...pick(HOSTILE_TEXT, 'SQL or', 'HTML', 'empty'), '5,000 characters': 'k'.repeat(5000) };
    for (const [label, value] of Object.entries(values)) {
      out.push({
        ...at(`header ${p.name} = ${label}`, base.url, bySchema(p.schema, value, 'headers')),
        headers: { ...sameBody.headers, [p.name]: value },
      });
    }
  }

  if (base.method === 'GET' || base.method === 'DELETE') return out;
  const json = (label: string, value: unknown, expect: Expect) => raw(label, JSON.stringify(value), 'application/json', expect);
  if (body) {
    // Each property of the body, one at a time, on an otherwise valid body.
    for (const [prop, schema] of Object.entries((body.properties ?? {}) as Record<string, Schema>)) {
      for (const [label, value] of Object.entries(valuesFor(schema))) {
        const whole = { ...baseBody, [prop]: value };
        // A __proto__ key and nesting past the limit are refused by the JSON parser itself.
        const expect = /__proto__|nested/.test(label)
          ? { refuse: true as const, status: 400, code: 'BAD_REQUEST' }
          : bySchema(body, whole, 'body');
        out.push(json(`body ${prop} = ${label}`, whole, expect));
      }
    }
    // The whole body of the wrong type.
    for (const [label, value] of Object.entries({ ...WRONG_TYPES, 'array of strings': ['a', 'b'] })) {
      out.push(json(`body = ${label}`, value, value === null && opts.bodyOptional ? anyAnswer : bySchema(body, value, 'body')));
    }
  }
  // Whole-body attacks. A route without a body schema ignores what it is sent, once it parses.
  const tooLarge = opts.ownBodyLimit ? { refuse: true as const } : { refuse: true as const, status: 413, code: 'PAYLOAD_TOO_LARGE' };
  out.push(raw('body 10 MB string', bigJson, 'application/json', tooLarge));
  out.push(raw('body malformed JSON', '{"a":', 'application/json', { refuse: true, status: 400, code: 'BAD_REQUEST' }));
  out.push(raw('body JSON with trailing garbage', '{} x', 'application/json', { refuse: true, status: 400, code: 'BAD_REQUEST' }));
  out.push(raw('body as text/plain', JSON.stringify(baseBody), 'text/plain', body ? { refuse: true } : anyAnswer));
  const multipart = '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n';
  out.push(
    raw('body as malformed multipart', multipart, 'multipart/form-data; boundary=x', {
      refuse: true,
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    }),
  );
  out.push(raw('body 5,000-level nested arrays', deepArrayJson(5000), 'application/json', { refuse: true, status: 400 }));
  const beside = JSON.stringify(baseBody).slice(0, -1);
  const deep = `${beside}${beside.length > 1 ? ',' : ''}"deep":${deepObjectJson(5000)}}`;
  out.push(
    raw('body with a 5,000-level nested object beside valid fields', deep, 'application/json', {
      refuse: true,
      status: 400,
      code: 'BAD_REQUEST',
    }),
  );
  // Invalid UTF-8 inside a string of an otherwise valid body.
  const [before, after] = JSON.stringify({ ...baseBody, note: '\u0001' }).split('\\u0001') as [string, string];
  const bytes = Buffer.concat([Buffer.from(before), Buffer.from([0x61, 0xff, 0xfe, 0xc3, 0x28, 0x62]), Buffer.from(after)]);
  out.push(raw('body with invalid UTF-8 bytes in a string', bytes, 'application/json', { refuse: true, status: 400, code: 'BAD_REQUEST' }));
  return out;
}

function pick<T>(table: Record<string, T>, ...keys: string[]): Record<string, T> {
  return Object.fromEntries(keys.map((k) => [k, table[k]!]));
}
