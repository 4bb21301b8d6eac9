import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type {
  Attempt,
  AttemptLimiter,
  AttemptRule,
  AttemptSubject,
  AttemptTake,
  ForumRequest,
  SettingValues,
} from 'forum-plugin-api/server';
import { deviceTokenOf, notedKnownDevice } from '../http/forum-request.js';
import { knownDeviceOf } from '../sessions/known-devices.js';
import { deferWrite } from '../sessions/deferred-writes.js';
import type { SiteSettings } from '../settings/site-settings.js';
import type { Count, Counter, CounterStore } from './counter-store.js';
import { t } from '../i18n.js';

interface Taken extends Counter, Count {
  rule: AttemptRule;
  max: number;
}

/** "1 minute", "15 minutes": how long until the longest of the limits that refused resets. */
export function tryAgainIn(retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return t('forum.errors.try_again_in_minutes', { count: minutes });
}

function secondsOf(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/**
 * A login names no account: it is limited under a digest of what was typed (never the text,
 * which may be a password typed in the wrong box), at a fixed length whatever was typed.
 */
export function unknownLoginKey(login: string): string {
  return `login:${createHash('sha256').update(login.normalize('NFKC').trim().toLowerCase()).digest('hex')}`;
}

/**
 * Counts the attempt first, checks it second. `take` adds one to every rule's counter in one
 * atomic step and refuses when any count passes its maximum, so N concurrent attempts get
 * N distinct counts and at most `max` of them are let through to be checked, on any number of
 * instances. A refused attempt gives its counts back (it was never checked), as does one that
 * succeeds; a failed one keeps them.
 */
export class RuleLimiter implements AttemptLimiter {
  constructor(
    readonly name: string,
    readonly rules: readonly AttemptRule[],
    private readonly store: CounterStore,
    settings: SiteSettings,
    private readonly db: Knex,
  ) {
    if (new Set(rules.map((r) => r.name)).size !== rules.length)
      throw new Error(`${name}: two rules share a name, so they would share a counter`);
    for (const rule of rules) {
      if (typeof rule.max === 'string' && settings.definition(rule.max)?.type !== 'integer') {
        throw new Error(
          `${name}: rule ${rule.name} reads its maximum from ${rule.max}, which is not an integer setting`,
        );
      }
    }
  }

  /** Where the rule's count is kept in the store: its limiter and its name. */
  counterName(rule: AttemptRule): string {
    return `${this.name}:${rule.name}`;
  }

  /**
   * Maxima named by a setting come from the request's snapshot of the settings. All the rules'
   * counts are added in one atomic step (one statement, or one script), so the attempt is counted
   * in all of them or in none.
   */
  async take(request: ForumRequest, subject: AttemptSubject): Promise<AttemptTake> {
    const accountKey = await this.accountKey(request, subject);
    const counters = this.rules.map((rule) => ({
      rule,
      name: this.counterName(rule),
      key: rule.per === 'ip' ? `ip:${request.ip}` : accountKey,
      windowSeconds: rule.windowSeconds,
      max: maxOf(rule, request.settings),
    }));
    const counts = await this.store.add(counters);
    const taken: Taken[] = counters.map((c, i) => ({ ...c, ...counts[i]! }));
    const over = taken.filter((t) => t.count > t.max);
    if (over.length > 0) {
      await this.giveBack(taken);
      const retryAfterSeconds = secondsOf(Math.max(...over.map((t) => t.msBeforeReset)));
      return { allowed: false, retryAfterSeconds, tryAgainIn: tryAgainIn(retryAfterSeconds) };
    }
    return { allowed: true, attempt: this.attempt(request, taken) };
  }

  private attempt(request: ForumRequest, taken: Taken[]): Attempt {
    let settled = false;
    return {
      refund: async () => {
        if (settled) return;
        settled = true;
        // Inside a login step, the step writes it with its own closing statement.
        if (deferWrite(request, () => this.store.refundStatement(taken))) return;
        await this.giveBack(taken);
      },
      fail: async () => {
        settled = true;
        const reached = taken.filter((t) => t.count === t.max);
        return {
          lockedOut: reached.length > 0,
          retryAfterSeconds: secondsOf(Math.max(0, ...reached.map((t) => t.msBeforeReset))),
        };
      },
    };
  }

  private async giveBack(taken: Taken[]): Promise<void> {
    await this.store.refund(taken);
  }

  private async accountKey(request: ForumRequest, subject: AttemptSubject): Promise<string> {
    if ('unknownLogin' in subject) return unknownLoginKey(subject.unknownLogin);
    if (!this.rules.some((r) => r.per === 'account')) return '';
    const noted = notedKnownDevice(request, subject.userId);
    const device = noted !== undefined ? noted : await knownDeviceOf(deviceTokenOf(request), this.db, subject.userId);
    return device === null ? accountKeyOf(subject.userId) : deviceKeyOf(device);
  }
}

/**
 * A rule's maximum: its number, or the integer setting it names (checked to be one when the
 * limiter was made, so the value is a number).
 */
export function maxOf(rule: AttemptRule, settings: SettingValues): number {
  return typeof rule.max === 'number' ? rule.max : (settings[rule.max] as number);
}

export const accountKeyOf = (userId: number): string => `user:${userId}`;
export const deviceKeyOf = (deviceId: number): string => `device:${deviceId}`;
