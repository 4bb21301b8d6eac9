/** Names of the audit events in `second_factor_events`, declared once. */
export const SecondFactorEvent = {
  totpCreated: 'totp_created',
  totpEnabled: 'totp_enabled',
  totpRenamed: 'totp_renamed',
  totpRemoved: 'totp_removed',
  totpVerified: 'totp_verified',
  totpFailed: 'totp_failed',
  totpReused: 'totp_reused',
  backupCodesCreated: 'backup_codes_created',
  backupCodesRemoved: 'backup_codes_removed',
  backupCodeUsed: 'backup_code_used',
  backupCodeFailed: 'backup_code_failed',
  backupCodesLow: 'backup_codes_low',
  /** A code from a sheet the member replaced was entered: someone may hold that old sheet. */
  backupCodeFromReplacedSheet: 'backup_code_from_replaced_sheet',
  /** The right password, then no second step: the login challenge expired or ended in wrong codes. */
  secondStepAbandoned: 'second_step_abandoned',
  lockedOut: 'second_factor_locked_out',
  webauthnAdded: 'webauthn_added',
  webauthnRenamed: 'webauthn_renamed',
  webauthnRemoved: 'webauthn_removed',
  webauthnVerified: 'webauthn_verified',
  webauthnFailed: 'webauthn_failed',
  /** The key's signature counter went backwards: the key may have been cloned. */
  webauthnCounterRegressed: 'webauthn_counter_regressed',
  passkeyLogin: 'passkey_login',
  secondFactorsReset: 'second_factors_reset',
  /** "Lost your phone?": factors removed, other sessions and trusted browsers ended, a new sheet, in one step. */
  secondFactorsRecovered: 'second_factors_recovered',
} as const;

export type SecondFactorEventName = (typeof SecondFactorEvent)[keyof typeof SecondFactorEvent];
