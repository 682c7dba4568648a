import type { FastifyBaseLogger } from 'fastify';
import { REMINDER_HOURS_BEFORE } from '@tongxin/shared';
import type { ActivityService } from './service.js';

/**
 * Periodic duties of the activities module: remind volunteers before an occurrence starts, and
 * remind organisers of unconfirmed hours once a day. Each duty claims its rows with a conditional
 * UPDATE (reminded_at is null / hours_reminded_on ≠ today), so with several server instances
 * every reminder still goes out once.
 */
export class ActivitySweeper {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly service: ActivityService,
    private readonly log: FastifyBaseLogger,
    private readonly everyMs = 60_000,
  ) {}

  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.running = this.runOnce()
        .catch((err) => this.log.warn({ err }, 'activity sweep failed'))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, this.everyMs);
        });
    };
    this.timer = setTimeout(tick, Math.min(this.everyMs, 5_000));
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  async runOnce(): Promise<{ reminded: number; unconfirmed: number }> {
    const reminded = await this.service.remindUpcoming(REMINDER_HOURS_BEFORE);
    const unconfirmed = await this.service.remindUnconfirmed();
    return { reminded, unconfirmed };
  }
}
