/**
 * Stable error codes of the plugin's API. Clients (the Ember UI, outside scripts) branch on these,
 * never on messages.
 */
export const SecondFactorErrorCode = {
  /** Wrong authenticator or backup code (the host's login step keys on this one). */
  invalidSecondFactor: 'invalid_second_factor',
  /** The TOTP code was right but already used (same or earlier time step). */
  codeAlreadyUsed: 'code_already_used',
  /** The token is not shaped like one (a TOTP code is 6 digits): not counted as an attempt. */
  invalidTokenFormat: 'invalid_token_format',
  /** Too many failures: retry after the `Retry-After` seconds. */
  tooManyAttempts: 'too_many_attempts',
  /** The grant from "confirm it's you" is used up, expired or from another session. */
  grantInvalid: 'second_factor_grant_invalid',
  /** The sensitive action needs "confirm it's you" first. */
  recentAuthRequired: 'recent_auth_required',
  authenticatorNotFound: 'authenticator_not_found',
  authenticatorAlreadyEnabled: 'authenticator_already_enabled',
  authenticatorRequired: 'authenticator_required',
  backupCodesDisabled: 'backup_codes_disabled',
  /** Enforcement: this member must set up an authenticator before anything else. */
  secondFactorSetupRequired: 'second_factor_setup_required',
  /** The host's codes, named here so plugin code never spells them by hand. */
  methodNotAvailable: 'method_not_available',
  notFound: 'not_found',
  invalidRequest: 'invalid_request',
} as const;

export type SecondFactorErrorCodeName = (typeof SecondFactorErrorCode)[keyof typeof SecondFactorErrorCode];
