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
  lockedOut: 'second_factor_locked_out',
  secondFactorsReset: 'second_factors_reset',
} as const;

export type SecondFactorEventName = (typeof SecondFactorEvent)[keyof typeof SecondFactorEvent];
