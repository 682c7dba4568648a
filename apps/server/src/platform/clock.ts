/**
 * The time as the application sees it. Services and the job runner ask the clock, never `new
 * Date()`, so that tests can move time forward and watch deadlines pass.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock a test sets and advances by hand. */
export class ManualClock implements Clock {
  private at: number;
  constructor(start: Date = new Date()) {
    this.at = start.getTime();
  }
  now(): Date {
    return new Date(this.at);
  }
  set(at: Date): void {
    this.at = at.getTime();
  }
  advance(ms: number): Date {
    this.at += ms;
    return this.now();
  }
}
