import type { ZodError } from 'zod';
import { t } from './i18n.js';

/**
 * Stable error codes of the host API. Clients branch on these, never on messages, so a code
 * once shipped keeps its meaning.
 */
export const HostErrorCode = {
  invalidRequest: 'invalid_request',
  invalidJson: 'invalid_json',
  payloadTooLarge: 'payload_too_large',
  /** The URL and headers are over Node's limit (16 KiB): answered before any route. */
  headersTooLarge: 'headers_too_large',
  unsupportedMediaType: 'unsupported_media_type',
  invalidCsrf: 'invalid_csrf',
  notLoggedIn: 'not_logged_in',
  forbidden: 'forbidden',
  notFound: 'not_found',
  /** The path exists, but not with this method (405, with `Allow`), or the method is unknown (501). */
  methodNotAllowed: 'method_not_allowed',
  invalidCredentials: 'invalid_credentials',
  tooManyLoginAttempts: 'too_many_login_attempts',
  challengeInvalid: 'challenge_invalid',
  invalidSecondFactor: 'invalid_second_factor',
  secondFactorRequired: 'second_factor_required',
  methodNotAvailable: 'method_not_available',
  /** The change needs a full login or "confirm it's you" within `recent_auth_window_minutes`. */
  recentAuthRequired: 'recent_auth_required',
  /** The session named is the one making the request: log out instead. */
  currentSession: 'current_session',
  usernameTaken: 'username_taken',
  emailTaken: 'email_taken',
  signupsClosed: 'signups_closed',
  invalidSetting: 'invalid_setting',
  setupTokenInvalid: 'setup_token_invalid',
  /** "Retry now" on a mail while SMTP_URL is unset: nothing would send it. */
  mailNotConfigured: 'mail_not_configured',
  /** "Retry now" on a mail that has not failed (queued, sending, retrying or sent). */
  mailNotFailed: 'mail_not_failed',
  databaseUnavailable: 'database_unavailable',
  internalError: 'internal_error',
} as const;

/** An error meant for the client: a status, a stable code and a message safe to show. */
export class HttpError extends Error {
  readonly expose = true;
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function zodMessage(error: ZodError): string {
  const issue = error.issues[0];
  if (!issue) return t('forum.errors.invalid_request');
  return issue.path.length > 0 && !isSentence(issue.message)
    ? `${issue.path.join('.')}: ${issue.message}`
    : issue.message;
}

/**
 * A message the schema wrote for the member ("Passwords have at least 10 characters.") reads on
 * its own; only zod's own terse ones ("Invalid input"), which never end a sentence, need the
 * field named in front. Told by the end alone, so a locale's sentences (starting with "É", or
 * a pseudo-locale's "[…]") count too.
 */
export function isSentence(message: string): boolean {
  return /[.!?。！？][)\]"'»”]*$/u.test(message);
}

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);
const CONNECTION_ERROR_MESSAGES =
  /Connection terminated|connection is closed|Connection ended unexpectedly|Client has encountered a connection error|not currently accepting connections|PGlite is closed|Unable to acquire a connection/i;

/**
 * Errors raised when the database connection is gone or refused: answered with 503, never 500.
 * Objection wraps driver errors (`nativeError`), so the whole chain is looked at.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (CONNECTION_ERROR_CODES.has(code) || code.startsWith('08'))) return true;
    if (e.name === 'KnexTimeoutError' || CONNECTION_ERROR_MESSAGES.test(e.message)) return true;
    e = (e as { nativeError?: unknown }).nativeError ?? e.cause;
  }
  return false;
}
