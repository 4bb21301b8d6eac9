import type { Knex } from 'knex';
import type { AttemptRule, Clock } from 'forum-plugin-api/server';
import { knownDeviceIdsFor } from '../sessions/known-devices.js';
import type { SiteSettings } from '../settings/site-settings.js';
import { accountKeyOf, deviceKeyOf, maxOf, RuleLimiter } from './attempt-limiter.js';
import { CounterStore } from './counter-store.js';

/**
 * Every attempt limiter of the forum (the host's passwords, each plugin's second factors), so
 * that an operator or an admin can see and clear a member's lockout in one place.
 */
export class AttemptLimits {
  private readonly store: CounterStore;
  private readonly limiters = new Map<string, RuleLimiter>();

  constructor(
    private readonly db: Knex,
    private readonly settings: SiteSettings,
    private readonly clock: Clock,
    redisUrl: string | null,
    siteId: string,
  ) {
    this.store = new CounterStore(db, clock, redisUrl, siteId);
  }

  limiter(name: string, rules: readonly AttemptRule[]): RuleLimiter {
    if (this.limiters.has(name)) throw new Error(`attempt limiter ${name} exists already`);
    const limiter = new RuleLimiter(name, rules, this.store, this.settings, this.db);
    this.limiters.set(name, limiter);
    return limiter;
  }

  /** Until when the account itself is locked (browsers it logged in from have their own counts). */
  async lockedUntil(userId: number): Promise<Date | null> {
    const values = await this.settings.all();
    const rules = this.accountRules();
    const counts = await this.store.peek(
      rules.map(({ limiter, rule }) => ({ name: limiter.counterName(rule), key: accountKeyOf(userId) })),
    );
    let untilMs = 0;
    rules.forEach(({ rule }, i) => {
      const { count, msBeforeReset } = counts[i]!;
      if (count >= maxOf(rule, values)) untilMs = Math.max(untilMs, msBeforeReset);
    });
    return untilMs > 0 ? new Date(this.clock.now().getTime() + untilMs) : null;
  }

  /** Clears every per-account count of the member, and of the browsers they logged in from. */
  async unlock(userId: number): Promise<void> {
    const keys = [accountKeyOf(userId), ...(await knownDeviceIdsFor(this.db, userId)).map(deviceKeyOf)];
    await this.store.clear(
      this.accountRules().flatMap(({ limiter, rule }) => keys.map((key) => ({ name: limiter.counterName(rule), key }))),
    );
  }

  close(): void {
    this.store.close();
  }

  private accountRules(): { limiter: RuleLimiter; rule: AttemptRule }[] {
    return [...this.limiters.values()].flatMap((limiter) =>
      limiter.rules.filter((r) => r.per === 'account').map((rule) => ({ limiter, rule })),
    );
  }
}
