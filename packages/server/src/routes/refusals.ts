import { SecondFactorErrorCode, type SecondFactorMethod, type SecondFactorMethodName } from '@second-factor/core';
import { formatDate } from 'forum-plugin-api/server';
import { t } from '../i18n.js';
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

/** The plugin's one table from a refusal to its answer; the words are in `translations/server.en.json`. */
const answers: { [R in RefusalReason]: (refusal: RefusalWith<R>) => Answer } = {
  // The wording differs by method, in the locale file (a choice by `method`), not here.
  malformed: (r) => ({
    status: 400,
    code: SecondFactorErrorCode.invalidTokenFormat,
    message: t('second_factor.errors.malformed', { method: r.method }),
  }),
  wrong: (r) => ({
    status: 401,
    code: SecondFactorErrorCode.invalidSecondFactor,
    message: t('second_factor.errors.wrong', { method: r.method }),
  }),
  already_used: (r) => ({
    status: 401,
    code: SecondFactorErrorCode.codeAlreadyUsed,
    message: t('second_factor.errors.already_used', {
      method: r.method,
      usedAt: 'usedAt' in r ? formatDate(r.usedAt) : null,
    }),
  }),
  replaced: (r) => ({
    status: 401,
    code: SecondFactorErrorCode.codeFromReplacedSheet,
    message: t('second_factor.errors.replaced', { replacedAt: formatDate(r.replacedAt) }),
  }),
  locked_out: (r) => ({
    status: 429,
    code: SecondFactorErrorCode.tooManyAttempts,
    message: t('second_factor.errors.locked_out', { tryAgainIn: r.tryAgainIn }),
    headers: { 'Retry-After': String(r.retryAfterSeconds) },
  }),
  method_not_available: () =>
    told(400, SecondFactorErrorCode.methodNotAvailable, t('second_factor.errors.method_not_available')),
  no_backup_codes_left: () =>
    told(400, SecondFactorErrorCode.methodNotAvailable, t('second_factor.errors.no_backup_codes_left')),
  // A form field checked for a member who holds the secret, not a login attempt: 422, not 401.
  setup_code_wrong: () =>
    told(422, SecondFactorErrorCode.invalidSecondFactor, t('second_factor.errors.setup_code_wrong')),
  authenticator_not_found: () =>
    told(404, SecondFactorErrorCode.authenticatorNotFound, t('second_factor.errors.authenticator_not_found')),
  authenticator_already_enabled: () =>
    told(
      409,
      SecondFactorErrorCode.authenticatorAlreadyEnabled,
      t('second_factor.errors.authenticator_already_enabled'),
    ),
  authenticator_required: () =>
    told(409, SecondFactorErrorCode.authenticatorRequired, t('second_factor.errors.authenticator_required')),
  backup_codes_disabled: () =>
    told(403, SecondFactorErrorCode.backupCodesDisabled, t('second_factor.errors.backup_codes_disabled')),
  grant_invalid: () => told(401, SecondFactorErrorCode.grantInvalid, t('second_factor.errors.grant_invalid')),
  recent_auth_required: () =>
    told(403, SecondFactorErrorCode.recentAuthRequired, t('second_factor.errors.recent_auth_required')),
  setup_required: () =>
    told(403, SecondFactorErrorCode.secondFactorSetupRequired, t('second_factor.errors.setup_required')),
  member_not_found: () => told(404, SecondFactorErrorCode.notFound, t('second_factor.errors.member_not_found')),
  // Security keys and passkeys (WebAuthn): the library's reasons stay in the log.
  key_malformed: () => told(400, SecondFactorErrorCode.invalidTokenFormat, t('second_factor.errors.key_malformed')),
  key_not_verified: () =>
    told(401, SecondFactorErrorCode.invalidSecondFactor, t('second_factor.errors.key_not_verified')),
  key_cloned: () => told(401, SecondFactorErrorCode.securityKeyCloned, t('second_factor.errors.key_cloned')),
  user_verification_required: () =>
    told(401, SecondFactorErrorCode.userVerificationRequired, t('second_factor.errors.user_verification_required')),
  // A form checked for a logged-in member, like a wrong set-up code: 422, not an attempt.
  key_rejected: () => told(422, SecondFactorErrorCode.securityKeyRejected, t('second_factor.errors.key_rejected')),
  key_already_registered: () =>
    told(409, SecondFactorErrorCode.securityKeyAlreadyRegistered, t('second_factor.errors.key_already_registered')),
  key_not_found: () => told(404, SecondFactorErrorCode.securityKeyNotFound, t('second_factor.errors.key_not_found')),
};

function told(status: number, code: string, message: string): Answer {
  return { status, code, message };
}

export function answerFor(refusal: Refusal): Answer {
  // Each entry takes its own reason's refusal; TypeScript cannot follow that through the index.
  return (answers[refusal.reason] as (r: Refusal) => Answer)(refusal);
}

/** The error a route throws for a refusal: the host answers it as `{error: {code, message}}`. */
export function refusalError(api: PluginApi, refusal: Refusal): Error {
  const { status, code, message, headers } = answerFor(refusal);
  return api.httpError(status, code, message, headers);
}
