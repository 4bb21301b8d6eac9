export { BACKUP_CODE_ALPHABET, BITS_PER_CHARACTER, formatBackupCode, normalizeBackupCode } from './backup-code-format.js';
