// COPY … FROM STDIN in PostgreSQL's text format, one connection per table, so several tables fill
// at once while the generator runs (node makes rows while the backends parse and index them).
import { once } from 'node:events';
import { from as copyFrom } from 'pg-copy-streams';
import { connect } from './common.mjs';

const CHUNK = 1 << 18;
const SPECIAL = /[\\\t\n\r]/;

/** One value in COPY text format: \N for null, arrays as {a,b}, dates as ISO instants. */
export function field(v) {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return `{${v.join(',')}}`;
  return SPECIAL.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]) : v;
}

/**
 * A COPY into `table` (columns in order) on its own connection. `session_replication_role =
 * replica` switches off every trigger for the load, foreign-key checks included: the ledger's
 * balance triggers are replaced by balances computed here, and the self-check proves every foreign
 * key and ledger rule afterwards.
 */
export async function openCopy(dbUrl, table, columns) {
  const client = await connect(dbUrl);
  await client.query(`set session_replication_role = replica`);
  const started = performance.now();
  const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
  const done = new Promise((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  let buf = '';
  const c = {
    table,
    rows: 0,
    seconds: 0,
    /** Queue one row (values in column order); await it only when it returns a promise. */
    row(values) {
      let line = field(values[0]);
      for (let i = 1; i < values.length; i++) line += '\t' + field(values[i]);
      buf += line + '\n';
      c.rows += 1;
      return buf.length >= CHUNK ? c.flush() : undefined;
    },
    async flush() {
      if (!buf) return;
      const chunk = buf;
      buf = '';
      if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), done]);
    },
    /** After a failure elsewhere: drop the connection (the database is discarded anyway). */
    abort() {
      done.catch(() => {});
      client.on('error', () => {});
      stream.destroy();
      client.end().catch(() => {});
    },
    async end() {
      await c.flush();
      stream.end();
      await done;
      c.seconds = (performance.now() - started) / 1000;
      await client.end();
      return c;
    },
  };
  return c;
}
