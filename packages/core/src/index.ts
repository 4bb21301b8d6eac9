export {
  BACKUP_CODE_ALPHABET,
  BACKUP_CODE_MAX_LENGTH,
  BACKUP_CODE_MIN_LENGTH,
  BITS_PER_CHARACTER,
  IDENTIFIER_LENGTH,
  formatBackupCode,
  identifierOf,
  normalizeBackupCode,
  secretBits,
} from './backup-code-format.js';
export {
  renderBackupCodeSheet,
  backupCodeSheetFilename,
  backupCodeSheetTime,
  type BackupCodeSheet,
} from './backup-code-sheet.js';
export {
  SecondFactorMethod,
  METHOD_COLUMN,
  DEFAULT_AUTHENTICATOR_NAME,
  DEFAULT_SECURITY_KEY_NAME,
  type SecondFactorMethodName,
} from './methods.js';
export { SecondFactorErrorCode, type SecondFactorErrorCodeName } from './error-codes.js';
export { SecondFactorEvent, type SecondFactorEventName } from './events.js';
export type * from './api-types.js';
