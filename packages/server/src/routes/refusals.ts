import { SecondFactorErrorCode, SecondFactorMethod, type SecondFactorMethodName } from '@second-factor/core';
import type { PluginApi } from '../plugin-types.js';

/**
 * Every expected "no" of the plugin's services, as a result: what happened, with what the member
 * needs to hear about it (a date, a wait). Services return these; routes alone turn them into
 * HTTP, through the one table below. A new kind of refusal is one more member here and one more
 * row there (as a code from a replaced sheet was: `{reason: 'replaced', replacedAt}`).
 */
/** Refusals that need nothing but their reason to be told. */
type PlainReason =
  | 'method_not_available'
  | 'no_backup_codes_left'
  | 'setup_code_wrong'
  | 'authenticator_not_found'
  | 'authenticator_already_enabled'
  | 'authenticator_required'
  | 'backup_codes_disabled'
  | 'grant_invalid'
  | 'recent_auth_required'
  | 'setup_required'
  | 'member_not_found'
  | 'key_malformed'
  | 'key_not_verified'
  | 'key_cloned'
  | 'user_verification_required'
  | 'key_rejected'
  | 'key_already_registered'
  | 'key_not_found';

export type Refusal =
  | { ok: false; reason: 'malformed'; method: SecondFactorMethodName }
  | { ok: false; reason: 'wrong'; method: SecondFactorMethodName }
  | { ok: false; reason: 'already_used'; method: typeof SecondFactorMethod.totp }
  | { ok: false; reason: 'already_used'; method: typeof SecondFactorMethod.backupCode; usedAt: Date }
  /** A right code from a sheet the member replaced (the tripwire), with when it was replaced. */
  | { ok: false; reason: 'replaced'; method: typeof SecondFactorMethod.backupCode; replacedAt: Date }
  | { ok: false; reason: 'locked_out'; retryAfterSeconds: number; tryAgainIn: string }
  | { [R in PlainReason]: { ok: false; reason: R } }[PlainReason];

export type RefusalReason = Refusal['reason'];

export type RefusalWith<R extends RefusalReason> = Extract<Refusal, { reason: R }>;

export interface Answer {
  status: number;
  code: string;
  message: string;
  headers?: Record<string, string>;
}

const isTotp = (method: SecondFactorMethodName): boolean => method === SecondFactorMethod.totp;

/** Dates in messages as the rest of the forum writes them ("Dec 1, 2026"), in UTC. */
const dateOf = (date: Date): string => date.toLocaleDateString('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

/** The plugin's one table from a refusal to its answer. */
const answers: { [R in RefusalReason]: (refusal: RefusalWith<R>) => Answer } = {
  malformed: (r) => ({
    status: 400,
    code: SecondFactorErrorCode.invalidTokenFormat,
    message: isTotp(r.method)
      ? 'Enter the 6-digit code from your authenticator app.'
      : 'Backup codes have 12 or more letters and digits, like ABCD-EFGH-JKMN.',
  }),
  wrong: (r) => ({
    status: 401,
    code: SecondFactorErrorCode.invalidSecondFactor,
    message: isTotp(r.method)
      ? 'That code is not right. Enter the current code from your authenticator app.'
      : 'That backup code is not right. Check it against your saved codes.',
  }),
  already_used: (r) => ({
    status: 401,
    code: SecondFactorErrorCode.codeAlreadyUsed,
    message:
      r.method === SecondFactorMethod.backupCode
        ? `That backup code was already used (${dateOf(r.usedAt)}). Try another one.`
        : 'That code was already used. Wait for the next code in your app.',
  }),
  replaced: (r) => ({
    status: 401,
    code: SecondFactorErrorCode.codeFromReplacedSheet,
    message: `This code is from a backup-code sheet you replaced on ${dateOf(r.replacedAt)}. Use a code from your newest sheet.`,
  }),
  locked_out: (r) => ({
    status: 429,
    code: SecondFactorErrorCode.tooManyAttempts,
    message: `Too many wrong codes. Try again in ${r.tryAgainIn}.`,
    headers: { 'Retry-After': String(r.retryAfterSeconds) },
  }),
  method_not_available: () => ({
    status: 400,
    code: SecondFactorErrorCode.methodNotAvailable,
    message: 'That second-factor method is not available.',
  }),
  no_backup_codes_left: () => ({
    status: 400,
    code: SecondFactorErrorCode.methodNotAvailable,
    message: 'You have no backup codes left: use your authenticator app.',
  }),
  // A form field checked for a member who holds the secret, not a login attempt: 422, not 401.
  setup_code_wrong: () => ({
    status: 422,
    code: SecondFactorErrorCode.invalidSecondFactor,
    message: 'That code is not right. Check the time on your phone and enter the current code.',
  }),
  authenticator_not_found: () => ({
    status: 404,
    code: SecondFactorErrorCode.authenticatorNotFound,
    message: 'No such authenticator on your account.',
  }),
  authenticator_already_enabled: () => ({
    status: 409,
    code: SecondFactorErrorCode.authenticatorAlreadyEnabled,
    message: 'This authenticator is already set up.',
  }),
  authenticator_required: () => ({
    status: 409,
    code: SecondFactorErrorCode.authenticatorRequired,
    message: 'Set up an authenticator app or a security key first: backup codes recover them.',
  }),
  backup_codes_disabled: () => ({
    status: 403,
    code: SecondFactorErrorCode.backupCodesDisabled,
    message: 'Backup codes are switched off on this forum.',
  }),
  grant_invalid: () => ({
    status: 401,
    code: SecondFactorErrorCode.grantInvalid,
    message: 'That confirmation has expired. Enter a code from your authenticator app.',
  }),
  recent_auth_required: () => ({
    status: 403,
    code: SecondFactorErrorCode.recentAuthRequired,
    message: "Confirm it's you: enter your password again to make this change.",
  }),
  setup_required: () => ({
    status: 403,
    code: SecondFactorErrorCode.secondFactorSetupRequired,
    message:
      'This forum requires two-factor authentication: set up an authenticator app in your security preferences first.',
  }),
  member_not_found: () => ({ status: 404, code: SecondFactorErrorCode.notFound, message: 'No such member.' }),
  // Security keys and passkeys (WebAuthn): the library's reasons stay in the log.
  key_malformed: () => ({
    status: 400,
    code: SecondFactorErrorCode.invalidTokenFormat,
    message: "That is not a security key's answer. Try again.",
  }),
  key_not_verified: () => ({
    status: 401,
    code: SecondFactorErrorCode.invalidSecondFactor,
    message: 'That security key could not be verified. Try again, or use another way.',
  }),
  key_cloned: () => ({
    status: 401,
    code: SecondFactorErrorCode.securityKeyCloned,
    message:
      'This security key was refused: its signature counter went backwards, which can mean it was copied. Use another way, and check your security keys.',
  }),
  user_verification_required: () => ({
    status: 401,
    code: SecondFactorErrorCode.userVerificationRequired,
    message:
      'This key did not verify you (PIN, fingerprint or face), so it cannot log you in alone. Log in with your password.',
  }),
  // A form checked for a logged-in member, like a wrong set-up code: 422, not an attempt.
  key_rejected: () => ({
    status: 422,
    code: SecondFactorErrorCode.securityKeyRejected,
    message: 'The security key could not be added. Try again.',
  }),
  key_already_registered: () => ({
    status: 409,
    code: SecondFactorErrorCode.securityKeyAlreadyRegistered,
    message: 'This security key is registered already.',
  }),
  key_not_found: () => ({
    status: 404,
    code: SecondFactorErrorCode.securityKeyNotFound,
    message: 'No such security key on your account.',
  }),
};

export function answerFor(refusal: Refusal): Answer {
  // Each entry takes its own reason's refusal; TypeScript cannot follow that through the index.
  return (answers[refusal.reason] as (r: Refusal) => Answer)(refusal);
}

/** The error a route throws for a refusal: the host answers it as `{error: {code, message}}`. */
export function refusalError(api: PluginApi, refusal: Refusal): Error {
  const { status, code, message, headers } = answerFor(refusal);
  return api.httpError(status, code, message, headers);
}
