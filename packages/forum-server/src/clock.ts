import type { Clock } from 'forum-plugin-api/server';

/** Real time: what the forum reads in production. */
export const systemClock: Clock = { now: () => new Date() };

/**
 * Real time plus an offset that tests move forward (never back: the counters and windows assume
 * time only advances), so "the window closed", "the challenge expired" and "the next TOTP step"
 * are tested by moving the clock, not by waiting.
 */
export class AdjustableClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new Error('the clock only moves forward');
    this.offsetMs += ms;
  }
}
