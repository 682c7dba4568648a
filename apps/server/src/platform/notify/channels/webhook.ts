import { createHmac } from 'node:crypto';
import type { Channel, OutboundMessage } from './types.js';

/**
 * POST the message as JSON to a gateway (SMS, WeChat…). With a secret, the raw body is signed:
 * `x-tongxin-signature: sha256=<hex HMAC-SHA256>`, so the gateway can tell it came from us.
 */
export class WebhookChannel implements Channel {
  constructor(
    private readonly url: string,
    private readonly secret: string | undefined,
  ) {}

  async send(m: OutboundMessage): Promise<void> {
    const body = JSON.stringify({
      id: m.id,
      kind: m.kind,
      title: m.title,
      body: m.body,
      link: m.link,
      createdAt: m.createdAt,
      recipient: { accountId: m.recipient.accountId, name: m.recipient.name, mobile: m.recipient.mobile },
    });
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (this.secret) headers['x-tongxin-signature'] = `sha256=${createHmac('sha256', this.secret).update(body).digest('hex')}`;
    const res = await fetch(this.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`webhook answered ${res.status}`);
  }
}
