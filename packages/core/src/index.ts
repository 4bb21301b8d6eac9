export { BACKUP_CODE_ALPHABET, BITS_PER_CHARACTER, formatBackupCode, normalizeBackupCode } from './backup-code-format.js';
export { SecondFactorMethod, METHOD_COLUMN, type SecondFactorMethodName } from './methods.js';
export { SecondFactorErrorCode, type SecondFactorErrorCodeName } from './error-codes.js';
export { SecondFactorEvent, type SecondFactorEventName } from './events.js';
export type * from './api-types.js';
