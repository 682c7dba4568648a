import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { openDatabase } from '../../platform/db/index.js';
import { backend, createTestApp, type Caller, type TestContext, type TestTown } from '../../../test/helpers.js';

/** A local SMTP server that keeps what it receives. */
async function startSmtp(): Promise<{ port: number; mails: string[]; close(): Promise<void> }> {
  const mails: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (raw += chunk));
      stream.on('end', () => {
        mails.push(raw);
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A local webhook gateway answering with `status()`, recording bodies and signatures. */
async function startWebhook(status: () => number) {
  const hits: Array<{ body: string; signature: string | undefined }> = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      hits.push({ body, signature: req.headers['x-tongxin-signature'] as string | undefined });
      res.statusCode = status();
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, hits, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Read Server-Sent Events from a real HTTP stream until `until` says stop. */
async function readEvents(
  url: string,
  cookie: string,
  until: (events: Array<{ event: string; data: unknown }>) => boolean,
  onOpen: () => Promise<void>,
) {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { cookie, accept: 'text/event-stream' }, signal: controller.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
  const events: Array<{ event: string; data: unknown }> = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let opened = false;
  const deadline = setTimeout(() => controller.abort(), 10_000);
  try {
    while (!until(events)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
      }
      if (!opened && events.length > 0) {
        opened = true;
        await onOpen();
      }
    }
  } finally {
    clearTimeout(deadline);
    controller.abort();
  }
  return events;
}

let t: TestContext;
let town: TestTown;
let me: Caller;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let webhookStatus = 200;
let webhook: Awaited<ReturnType<typeof startWebhook>>;

beforeAll(async () => {
  smtp = await startSmtp();
  webhook = await startWebhook(() => webhookStatus);
  t = await createTestApp({
    config: {
      smtpUrl: `smtp://127.0.0.1:${smtp.port}?ignoreTLS=true`,
      smtpFrom: 'Tongxin <noreply@tongxin.test>',
      webhookUrl: webhook.url,
      webhookSecret: 'gateway-secret',
    },
  });
  town = await t.createTown();
  me = await t.caller(town.townId, town.communities[0]!.gridId, 'volunteer');
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
  await webhook?.close();
});

const notify = (accountId: string, title = '活动提醒', townId = town.townId) =>
  t.db
    .transaction()
    .execute((trx) =>
      t.app.platform.notifier.notify(trx, { townId, accountId, kind: 'test', title, body: '本周六上午九点在党群服务中心集合。' }),
    );
const get = (url: string, caller = me) => t.app.inject({ method: 'GET', url, headers: caller.headers });
const send = (method: 'POST' | 'PUT', url: string, payload?: unknown, caller = me) =>
  t.app.inject({ method, url, headers: caller.headers, payload: payload as never });

describe('inbox', () => {
  it('lists my notifications newest first with the unread count, and marks them read', async () => {
    const first = await notify(me.accountId, '第一条');
    await notify(me.accountId, '第二条');
    const inbox = (await get('/api/notifications')).json();
    expect(inbox.items.map((n: { title: string }) => n.title).slice(0, 2)).toEqual(['第二条', '第一条']);
    expect(inbox.unread).toBeGreaterThanOrEqual(2);
    expect((await send('POST', `/api/notifications/${first}/read`)).statusCode).toBe(200);
    const unreadOnly = (await get('/api/notifications?unreadOnly=true')).json();
    expect(unreadOnly.items.map((n: { id: string }) => n.id)).not.toContain(first);
    expect((await send('POST', '/api/notifications/read-all')).statusCode).toBe(200);
    expect((await get('/api/notifications')).json().unread).toBe(0);
  });

  it("answers 404 for someone else's notification and never lists it", async () => {
    const other = await t.createAccount(town.townId, town.communities[0]!.gridId, 'volunteer');
    const theirs = await notify(other.id, '别人的消息');
    expect((await send('POST', `/api/notifications/${theirs}/read`)).statusCode).toBe(404);
    const titles = (await get('/api/notifications?pageSize=200')).json().items.map((n: { title: string }) => n.title);
    expect(titles).not.toContain('别人的消息');
  });
});

describe('outbound channels', () => {
  it('keeps the e-mail address encrypted and masked in the audit log', async () => {
    const prefs = { email: { enabled: true, address: 'Volunteer@Example.org' }, webhook: { enabled: true }, quietHours: null };
    const res = await send('PUT', '/api/notifications/preferences', prefs);
    expect(res.statusCode).toBe(200);
    expect(res.json().email).toEqual({ enabled: true, address: 'volunteer@example.org' });
    const row = await t.db
      .selectFrom('notification_preference')
      .selectAll()
      .where('account_id', '=', me.accountId)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('example.org');
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['after'])
      .where('action', '=', 'notification.preferences')
      .where('actor_id', '=', me.accountId)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.after)).toContain('v***@example.org');
    expect(JSON.stringify(audit.after)).not.toContain('volunteer@');
  });

  it('sends by e-mail and signed webhook after the request, recording each delivery', async () => {
    webhookStatus = 200;
    const id = await notify(me.accountId, '送达测试');
    // Nothing was sent while the notification was written.
    expect(smtp.mails.some((m) => m.includes('送达测试') || m.includes('=E9=80=81'))).toBe(false);
    const before = webhook.hits.length;
    expect(await t.app.platform.deliveries.runOnce()).toBe(2);
    const deliveries = await t.db
      .selectFrom('notification_delivery')
      .selectAll()
      .where('notification_id', '=', id)
      .orderBy('channel')
      .execute();
    expect(deliveries.map((d) => [d.channel, d.status, d.attempts])).toEqual([
      ['email', 'sent', 1],
      ['webhook', 'sent', 1],
    ]);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]).toMatch(/^To: volunteer@example\.org/m);
    const hit = webhook.hits[before]!;
    const body = JSON.parse(hit.body);
    expect(body).toMatchObject({ id, title: '送达测试', recipient: { accountId: me.accountId, mobile: me.mobile } });
    expect(hit.signature).toBe(`sha256=${createHmac('sha256', 'gateway-secret').update(hit.body).digest('hex')}`);
    // A second run finds nothing due.
    expect(await t.app.platform.deliveries.runOnce()).toBe(0);
  });

  it('retries a failing channel with backoff, then gives up, without touching the other channel', async () => {
    webhookStatus = 503;
    const id = await notify(me.accountId, '失败重试');
    await t.app.platform.deliveries.runOnce();
    let hook = await t.db
      .selectFrom('notification_delivery')
      .selectAll()
      .where('notification_id', '=', id)
      .where('channel', '=', 'webhook')
      .executeTakeFirstOrThrow();
    expect(hook).toMatchObject({ status: 'pending', attempts: 1, last_error: 'webhook answered 503' });
    expect(hook.next_attempt_at.getTime()).toBeGreaterThan(Date.now() + 20_000);
    const email = await t.db
      .selectFrom('notification_delivery')
      .select('status')
      .where('notification_id', '=', id)
      .where('channel', '=', 'email')
      .executeTakeFirstOrThrow();
    expect(email.status).toBe('sent');
    // Make every retry due at once until the schedule runs out.
    for (let i = 0; i < 10; i++) {
      await t.db
        .updateTable('notification_delivery')
        .set({ next_attempt_at: new Date(Date.now() - 1000) })
        .where('id', '=', hook.id)
        .where('status', '=', 'pending')
        .execute();
      await t.app.platform.deliveries.runOnce();
    }
    hook = await t.db.selectFrom('notification_delivery').selectAll().where('id', '=', hook.id).executeTakeFirstOrThrow();
    expect(hook.status).toBe('failed');
    expect(hook.attempts).toBe(6);
    webhookStatus = 200;
  });

  it('holds outbound messages until quiet hours end; the inbox gets them at once', async () => {
    const other = await t.caller(town.townId, town.communities[0]!.gridId, 'resident');
    // Quiet all day but one minute: whatever the clock, now is inside.
    const nowLocal = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date());
    const [h, m] = nowLocal.split(':').map(Number) as [number, number];
    const end = `${String((h + 2) % 24).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
    const start = `${String((h + 23) % 24).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
    const prefs = { email: { enabled: false, address: null }, webhook: { enabled: true }, quietHours: { start, end } };
    expect((await send('PUT', '/api/notifications/preferences', prefs, other)).statusCode).toBe(200);
    const id = await notify(other.accountId, '夜间通知');
    expect((await get('/api/notifications', other)).json().items[0].title).toBe('夜间通知');
    const d = await t.db.selectFrom('notification_delivery').selectAll().where('notification_id', '=', id).executeTakeFirstOrThrow();
    const waitMinutes = (d.next_attempt_at.getTime() - Date.now()) / 60_000;
    expect(waitMinutes).toBeGreaterThan(100);
    expect(waitMinutes).toBeLessThanOrEqual(121);
  });
});

describe('live updates', () => {
  it('pushes a new notification and the unread count to my open stream', async () => {
    const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const events = await readEvents(
      `${address}/api/notifications/stream`,
      me.cookie,
      (ev) => ev.some((e) => e.event === 'notification'),
      async () => {
        await notify(me.accountId, '实时消息');
      },
    );
    expect(events[0]!.event).toBe('unread');
    const pushed = events.find((e) => e.event === 'notification')!.data as { id: string; title: string };
    expect(pushed.title).toBe('实时消息');

    // Reading it on another device lowers the count on this one.
    const counts = await readEvents(
      `${address}/api/notifications/stream`,
      me.cookie,
      (ev) => ev.length >= 2,
      async () => {
        await send('POST', `/api/notifications/${pushed.id}/read`);
      },
    );
    const before = (counts[0]!.data as { unread: number }).unread;
    expect(counts[1]).toEqual({ event: 'unread', data: { unread: before - 1 } });
  });

  it.runIf(backend === 'postgres')('reaches a client of another server instance on the same database', async () => {
    const second = await openDatabase({ databaseUrl: t.database.url! });
    const other = await buildApp({ config: t.config, database: second, startWorkers: false });
    try {
      await other.ready();
      const address = await other.listen({ host: '127.0.0.1', port: 0 });
      // The stream is on instance 2; the notification is written through instance 1.
      const events = await readEvents(
        `${address}/api/notifications/stream`,
        me.cookie,
        (ev) => ev.some((e) => e.event === 'notification'),
        async () => {
          await notify(me.accountId, '跨实例消息');
        },
      );
      expect((events.find((e) => e.event === 'notification')!.data as { title: string }).title).toBe('跨实例消息');
    } finally {
      await other.close();
      await second.close();
    }
  });

  it.runIf(backend === 'postgres')('sends each delivery once when two instances work at the same time', async () => {
    const second = await openDatabase({ databaseUrl: t.database.url! });
    const other = await buildApp({ config: t.config, database: second, startWorkers: false });
    try {
      await other.ready();
      webhookStatus = 200;
      await t.db.updateTable('notification_preference').set({ email_enabled: false }).where('account_id', '=', me.accountId).execute();
      while ((await t.app.platform.deliveries.runOnce()) > 0); // earlier tests' backlog
      const before = webhook.hits.length;
      const ids: string[] = [];
      for (let i = 0; i < 30; i++) ids.push(await notify(me.accountId, `并发${i}`));
      const runs = await Promise.all(
        [t.app.platform.deliveries, other.platform.deliveries, t.app.platform.deliveries, other.platform.deliveries].map((w) =>
          w.runOnce(),
        ),
      );
      let total = runs.reduce((a, b) => a + b, 0);
      while (total < 30) {
        const n = await t.app.platform.deliveries.runOnce();
        if (n === 0) break;
        total += n;
      }
      expect(total).toBe(30);
      const titles = webhook.hits.slice(before).map((h) => JSON.parse(h.body).title as string);
      expect(titles).toHaveLength(30);
      expect(new Set(titles).size).toBe(30);
    } finally {
      await other.close();
      await second.close();
    }
  });
});
