import type { AttemptCounter } from 'forum-plugin-api/server';
import { HostErrorCode, HttpError } from '../errors.js';
import type { AttemptCounters } from '../limits/attempt-counters.js';
import type { SiteSettings } from '../settings/site-settings.js';

const WINDOW_SECONDS = 15 * 60;

/**
 * Wrong passwords are limited per account and per IP within 15 minutes (site settings), in the
 * shared counters, so guessing a password is as slow on ten instances as on one. A locked
 * account is keyed by the account when it exists and by the typed login when it does not, and
 * both answer the same, so the limit reveals nothing about which accounts exist.
 */
export class LoginLimiter {
  private readonly perAccount: AttemptCounter;
  private readonly perIp: AttemptCounter;

  constructor(
    counters: AttemptCounters,
    private readonly settings: SiteSettings,
  ) {
    this.perAccount = counters.counter('login:account', WINDOW_SECONDS);
    this.perIp = counters.counter('login:ip', WINDOW_SECONDS);
  }

  static accountKey(userId: number | null, login: string): string {
    return userId === null ? `login:${login.trim().toLowerCase()}` : `user:${userId}`;
  }

  async assertAllowed(accountKey: string, ip: string): Promise<void> {
    const values = await this.settings.all();
    const checks: [AttemptCounter, string, number][] = [
      [this.perAccount, accountKey, Number(values.login_max_failures_per_account)],
      [this.perIp, `ip:${ip}`, Number(values.login_max_failures_per_ip)],
    ];
    let waitMs = 0;
    for (const [counter, key, max] of checks) {
      const { count, msBeforeReset } = await counter.current(key);
      if (count >= max) waitMs = Math.max(waitMs, msBeforeReset);
    }
    if (waitMs > 0) {
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      const minutes = Math.ceil(seconds / 60);
      throw new HttpError(429, HostErrorCode.tooManyLoginAttempts, `Too many wrong passwords. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, {
        'Retry-After': String(seconds),
      });
    }
  }

  async recordFailure(accountKey: string, ip: string): Promise<void> {
    await Promise.all([this.perAccount.add(accountKey), this.perIp.add(`ip:${ip}`)]);
  }
}
