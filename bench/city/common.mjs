// What every part of the generator shares: the towns' clock and a short-lived connection.
import pg from 'pg';

export const TZ = 'Asia/Shanghai';
// Every generated town keeps the default zone, which has no daylight saving: local = UTC + 8 h.
const TZ_MS = 8 * 3600_000;
export const DAY_MS = 86400_000;
/** The town's calendar date of an instant (ms). */
export const localDay = (ms) => new Date(ms + TZ_MS).toISOString().slice(0, 10);
/** The instant (ms) of a local date and time of day. */
export const at = (date, hhmm) => Date.parse(`${date}T${hhmm}:00+08:00`);

/**
 * A connected client. The machine's PostgreSQL is shared: when all its connections are taken
 * (53300, too many clients), wait and try again for up to a minute instead of failing the build.
 */
export async function connect(url) {
  for (let attempt = 0; ; attempt++) {
    const c = new pg.Client({ connectionString: url });
    try {
      await c.connect();
      return c;
    } catch (err) {
      await c.end().catch(() => {});
      if (err.code !== '53300' || attempt >= 60) throw err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

export async function withClient(url, fn) {
  const c = await connect(url);
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
