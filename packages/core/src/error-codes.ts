/**
 * Stable error codes of the plugin's API. Clients (the Ember UI, outside scripts) branch on these,
 * never on messages.
 */
export const SecondFactorErrorCode = {
  /** Wrong authenticator or backup code (the host's login step keys on this one). */
  invalidSecondFactor: 'invalid_second_factor',
  /** The TOTP code was right but already used (same or earlier time step). */
  codeAlreadyUsed: 'code_already_used',
  /** The backup code is from a sheet the member replaced with a newer one (the tripwire): counted as a failure. */
  codeFromReplacedSheet: 'code_from_replaced_sheet',
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
  /** No such security key or passkey on the member's account. */
  securityKeyNotFound: 'security_key_not_found',
  /** The key is registered already (to this member or another). */
  securityKeyAlreadyRegistered: 'security_key_already_registered',
  /** The browser's registration response did not verify (wrong origin, old challenge, …). */
  securityKeyRejected: 'security_key_rejected',
  /** The key's signature counter went backwards: a possible clone, refused. */
  securityKeyCloned: 'security_key_cloned',
  /** Passkey login needs the key to verify the member (PIN, fingerprint): a plain touch is a second factor only. */
  userVerificationRequired: 'user_verification_required',
  /** WebAuthn is unusable at this address (the forum is reached at another origin than PUBLIC_URL). */
  webauthnUnavailable: 'webauthn_unavailable',
  /** Enforcement: this member must set up an authenticator before anything else. */
  secondFactorSetupRequired: 'second_factor_setup_required',
  /** The host's codes, named here so plugin code never spells them by hand. */
  methodNotAvailable: 'method_not_available',
  notFound: 'not_found',
  invalidRequest: 'invalid_request',
} as const;

export type SecondFactorErrorCodeName = (typeof SecondFactorErrorCode)[keyof typeof SecondFactorErrorCode];
