import nodemailer, { type Transporter } from 'nodemailer';
import type { Channel, OutboundMessage } from './types.js';

/** E-mail over SMTP (nodemailer). */
export class EmailChannel implements Channel {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    // Timeouts ride on the URL's query (?connectionTimeout=…) when an operator needs other values.
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(m: OutboundMessage): Promise<void> {
    if (!m.recipient.email) throw new Error('no e-mail address');
    await this.transport.sendMail({
      from: this.from,
      to: m.recipient.email,
      subject: `【同心】${m.title}`,
      text: `${m.recipient.name}：\n\n${m.body}\n${m.link ? `\n${m.link}\n` : ''}`,
    });
  }

  close(): void {
    this.transport.close();
  }
}
