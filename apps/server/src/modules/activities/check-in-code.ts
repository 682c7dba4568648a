import { createHmac, timingSafeEqual } from 'node:crypto';
import { CHECK_IN_ROTATE_SECONDS } from '@tongxin/shared';

/**
 * The rotating check-in code. The organiser's phone shows a QR code of a link carrying
 * `<occurrence>.<period>.<mac>`; the period is the current 30-second slot, the mac an HMAC of both
 * under a server key. A code is accepted in its own period and the next one, so a photo of
 * yesterday's (or of last minute's) code does not work. The six-digit short code is derived the
 * same way and is checked against the occurrences the volunteer signed up for.
 */
export class CheckInCodes {
  private readonly key: Buffer;

  constructor(dataKey: Buffer) {
    this.key = createHmac('sha256', dataKey).update('tongxin:check-in').digest();
  }

  period(at = Date.now()): number {
    return Math.floor(at / 1000 / CHECK_IN_ROTATE_SECONDS);
  }

  private mac(occurrenceId: string, period: number): Buffer {
    return createHmac('sha256', this.key).update(`${occurrenceId}:${period}`).digest();
  }

  issue(occurrenceId: string, at = Date.now()) {
    const period = this.period(at);
    const mac = this.mac(occurrenceId, period);
    return {
      code: `${occurrenceId.replace(/-/g, '')}.${period.toString(36)}.${mac.subarray(0, 12).toString('base64url')}`,
      shortCode: this.short(mac),
      expiresAt: new Date((period + 1) * CHECK_IN_ROTATE_SECONDS * 1000),
    };
  }

  private short(mac: Buffer): string {
    return String(mac.readUInt32BE(12) % 1_000_000).padStart(6, '0');
  }

  /** The occurrence a long code was issued for, when it is genuine and current; else null. */
  verify(code: string, at = Date.now()): string | null {
    const m = /^([0-9a-f]{32})\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{16})$/.exec(code);
    if (!m) return null;
    const hex = m[1]!;
    const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    const period = parseInt(m[2]!, 36);
    const now = this.period(at);
    if (period !== now && period !== now - 1) return null;
    const expected = this.mac(id, period).subarray(0, 12);
    const given = Buffer.from(m[3]!, 'base64url');
    return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
  }

  /** Does the six-digit code belong to this occurrence now (or in the previous period)? */
  matchesShort(occurrenceId: string, shortCode: string, at = Date.now()): boolean {
    const now = this.period(at);
    return [now, now - 1].some((p) => this.short(this.mac(occurrenceId, p)) === shortCode);
  }
}
