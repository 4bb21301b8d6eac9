import type { AttemptLimiter, AttemptRule } from 'forum-plugin-api/server';
import { SecondFactorEvent } from '@second-factor/core';
import { recordEvent } from '../events/record-event.js';
import type { PluginApi, PluginRequest } from '../plugin-types.js';
import type { RefusalWith } from '../routes/refusals.js';

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

/** How a limited check ended: the code was right, wrong (and counted), or never really checked. */
export type LimitedOutcome = 'right' | 'wrong' | 'not_counted';

export type LockedOut = RefusalWith<'locked_out'>;

/**
 * Runs a second-factor check inside the host's attempt limits: the attempt is counted before
 * the code is looked at, so a burst is limited as a series is; a right code gives the count
 * back. Locked out, it checks nothing and says so.
 */
export class SecondFactorAttempts {
  private readonly limiter: AttemptLimiter;

  constructor(private readonly api: PluginApi) {
    this.limiter = api.attemptLimiter('codes', secondFactorAttemptRules);
  }

  async check<T>(
    request: PluginRequest,
    userId: number,
    verify: () => Promise<T>,
    outcome: (result: T) => LimitedOutcome,
  ): Promise<T | LockedOut> {
    const taken = await this.limiter.take(request, { userId });
    if (!taken.allowed)
      return {
        ok: false,
        reason: 'locked_out',
        retryAfterSeconds: taken.retryAfterSeconds,
        tryAgainIn: taken.tryAgainIn,
      };
    let result: T;
    try {
      result = await verify();
    } catch (error) {
      await taken.attempt.refund(); // a fault, not an answer: it was never checked
      throw error;
    }
    if (outcome(result) !== 'wrong') {
      await taken.attempt.refund();
      return result;
    }
    const { lockedOut, retryAfterSeconds } = await taken.attempt.fail();
    if (lockedOut)
      await recordEvent(this.api, this.api.db, {
        userId,
        event: SecondFactorEvent.lockedOut,
        from: request,
        details: { retryAfterSeconds },
      });
    return result;
  }
}
