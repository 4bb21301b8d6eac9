import type { AttemptLimiter, AttemptSubject, SiteSettingsReader } from 'forum-plugin-api/server';
import type { HostSettings } from '../settings/setting-definition.js';
import { HostErrorCode, HttpError } from '../errors.js';
import { forumRequest } from '../http/forum-request.js';
import type { HostContext } from '../http/host-state.js';
import { verifyPassword } from './passwords.js';
import { t } from '../i18n.js';

/**
 * Checks a password inside the wrong-password limits: the attempt is counted before argon2 looks
 * at it, so a burst of guesses is limited like a series; over the limit even the right password
 * is refused (429). A right password gives its count back, as does a check that could not run.
 */
export function passwordCheck(passwordAttempts: AttemptLimiter, settings: SiteSettingsReader<HostSettings>) {
  return async function checkPassword(
    ctx: HostContext,
    subject: AttemptSubject,
    hash: string | null,
    password: string,
  ): Promise<boolean> {
    const taken = await passwordAttempts.take(await forumRequest(ctx, settings), subject);
    if (!taken.allowed) {
      throw new HttpError(
        429,
        HostErrorCode.tooManyLoginAttempts,
        t('forum.errors.too_many_wrong_passwords', { tryAgainIn: taken.tryAgainIn }),
        {
          'Retry-After': String(taken.retryAfterSeconds),
        },
      );
    }
    let valid: boolean;
    try {
      valid = await verifyPassword(hash, password); // a dummy verify when there is no account
    } catch (error) {
      await taken.attempt.refund(); // not checked: it does not count
      throw error;
    }
    await (valid ? taken.attempt.refund() : taken.attempt.fail());
    return valid;
  };
}
