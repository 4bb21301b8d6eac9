/**
 * What the plugin's forms make of a refusal, on top of the host's `errorMessage` (declared once
 * in forum-plugin-api/frontend, so host and plugin word a failure alike).
 */
import { errorMessage, isApiError } from 'forum-plugin-api/frontend';
import { formatTime } from './format.ts';
import { t } from '../i18n.ts';

/** True when the server refused because of `code` (one of the API's stable error codes). */
export function hasErrorCode(error: unknown, code: string): boolean {
  return isApiError(error) && error.code === code;
}

/**
 * Like `errorMessage`, plus the clock time from which a rate-limited member (429 with
 * Retry-After) may try again: the server's message gives a duration, which goes stale
 * while the message stays on screen.
 */
export function errorMessageWithRetry(error: unknown, now: Date = new Date()): string {
  const message = errorMessage(error);
  if (!isApiError(error) || error.retryAfter === null) return message;
  const retryAt = new Date(now.getTime() + error.retryAfter * 1000);
  // The server's "Try again in 3 minutes." goes stale on screen: the clock time replaces it.
  return t('second_factor.errors.retry_at', {
    message: message.replace(/\s*Try again in \d+ minutes?\.$/, ''),
    time: formatTime(retryAt),
  });
}

/**
 * True when a request may have done its work on the server but its answer never arrived: no
 * response at all (the connection dropped: fetch's TypeError), or a gateway's 502/504 in place
 * of the forum's answer (the forum never sends those; a proxy does when the process died).
 */
export function isLostAnswer(error: unknown): boolean {
  if (error instanceof TypeError) return true;
  return isApiError(error) && (error.status === 502 || error.status === 504);
}
