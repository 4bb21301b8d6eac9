import type { AttemptCounter, ForumContext, ServerPluginApi } from 'forum-plugin-api/server';
import { SecondFactorErrorCode, SecondFactorEvent } from '@second-factor/core';
import { recordEvent } from '../events/record-event.js';

/** Failures allowed in a quick burst per account before a short lockout. */
const BURST_FAILURES = 5;
const BURST_SECONDS = 5 * 60;
const HOUR_SECONDS = 60 * 60;

interface Limit {
  counter: AttemptCounter;
  key: string;
  max: number;
}

/**
 * Counts failed second-factor attempts per account (a 5-failure burst limit and an hourly limit
 * from the settings) and per IP, in the host's shared counters (the database, or Redis), so the
 * limits hold across instances and restarts. A locked-out request is refused before any code is
 * checked, so a correct code during a lockout is refused too.
 */
export class AttemptLimiter {
  private readonly burst: AttemptCounter;
  private readonly hourly: AttemptCounter;

  constructor(private readonly api: ServerPluginApi) {
    this.burst = api.attemptCounter('burst', BURST_SECONDS);
    this.hourly = api.attemptCounter('hour', HOUR_SECONDS);
  }

  /** Throws 429 with Retry-After while the account or the IP is locked out. */
  async assertAllowed(userId: number, ip: string): Promise<void> {
    const waitMs = await this.lockedForMs(await this.limits(userId, ip));
    if (waitMs > 0) throw this.lockedOut(waitMs);
  }

  /**
   * Counts one failure. The failure that reaches a limit is logged as a lockout; the attempts
   * after it are refused by assertAllowed (5 fast failures are answered, the 6th is a 429).
   */
  async recordFailure(ctx: ForumContext, userId: number): Promise<void> {
    const limits = await this.limits(userId, ctx.ip);
    const reached = await Promise.all(limits.map(async (l) => (await l.counter.add(l.key)).count === l.max));
    if (reached.some(Boolean)) {
      const waitMs = await this.lockedForMs(limits);
      await recordEvent(this.api, this.api.db, { userId, event: SecondFactorEvent.lockedOut, ctx, details: { retryAfterSeconds: Math.ceil(waitMs / 1000) } });
    }
  }

  private async limits(userId: number, ip: string): Promise<Limit[]> {
    const settings = await this.api.siteSettings.all();
    return [
      { counter: this.burst, key: `user:${userId}`, max: BURST_FAILURES },
      { counter: this.hourly, key: `user:${userId}`, max: Number(settings.second_factor_max_failures_per_hour) },
      { counter: this.hourly, key: `ip:${ip}`, max: Number(settings.second_factor_max_failures_per_ip_per_hour) },
    ];
  }

  private async lockedForMs(limits: Limit[]): Promise<number> {
    let wait = 0;
    for (const limit of limits) {
      const { count, msBeforeReset } = await limit.counter.current(limit.key);
      if (count >= limit.max) wait = Math.max(wait, msBeforeReset);
    }
    return wait;
  }

  private lockedOut(waitMs: number): Error {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    const minutes = Math.ceil(seconds / 60);
    return this.api.httpError(
      429,
      SecondFactorErrorCode.tooManyAttempts,
      `Too many wrong codes. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      { 'Retry-After': String(seconds) },
    );
  }
}
