import type { AttemptLimiter, AttemptRule, ForumContext, ServerPluginApi } from 'forum-plugin-api/server';
import { SecondFactorErrorCode, SecondFactorEvent } from '@second-factor/core';
import { recordEvent } from '../events/record-event.js';

/**
 * Wrong second-factor codes allowed: 5 in a quick burst per account, then an hourly limit per
 * account and per IP from the settings. Per account means per member, except that a browser the
 * member has fully logged in from before keeps counts of its own (the host's known devices).
 */
export const secondFactorAttemptRules: readonly AttemptRule[] = [
  { name: 'burst', per: 'account', windowSeconds: 5 * 60, max: 5 },
  { name: 'hour', per: 'account', windowSeconds: 60 * 60, max: 'second_factor_max_failures_per_hour' },
  { name: 'ip-hour', per: 'ip', windowSeconds: 60 * 60, max: 'second_factor_max_failures_per_ip_per_hour' },
];

/** How a limited check ended: the code was right, or wrong (and counted). */
export type LimitedOutcome = 'right' | 'wrong';

/**
 * Runs a second-factor check inside the host's attempt limits: the attempt is counted before
 * the code is looked at, so a burst is limited as a series is; a right code gives the count
 * back. Locked out, it answers 429 with Retry-After and checks nothing.
 */
export class SecondFactorAttempts {
  private readonly limiter: AttemptLimiter;

  constructor(private readonly api: ServerPluginApi) {
    this.limiter = api.attemptLimiter('codes', secondFactorAttemptRules);
  }

  async check<T>(ctx: ForumContext, userId: number, verify: () => Promise<T>, outcome: (result: T) => LimitedOutcome | 'not_counted'): Promise<T> {
    const taken = await this.limiter.take(ctx, { userId });
    if (!taken.allowed) {
      throw this.api.httpError(429, SecondFactorErrorCode.tooManyAttempts, `Too many wrong codes. Try again in ${taken.tryAgainIn}.`, {
        'Retry-After': String(taken.retryAfterSeconds),
      });
    }
    let result: T;
    try {
      result = await verify();
    } catch (error) {
      await taken.attempt.refund();
      throw error;
    }
    if (outcome(result) !== 'wrong') {
      await taken.attempt.refund();
      return result;
    }
    const { lockedOut, retryAfterSeconds } = await taken.attempt.fail();
    if (lockedOut) await recordEvent(this.api, this.api.db, { userId, event: SecondFactorEvent.lockedOut, ctx, details: { retryAfterSeconds } });
    return result;
  }
}
