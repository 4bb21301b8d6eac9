import type { Migration } from 'forum-plugin-api/server';
import { secondFactorTables } from './0001-second-factors.js';
import { replacedBackupCodes } from './0002-replaced-backup-codes.js';
import { webauthnTables } from './0003-webauthn.js';
import { enforcementGrace } from './0004-enforcement-grace.js';

/** The plugin's migrations, oldest first; the host prefixes their names with "second-factor/". */
export const migrations: readonly Migration[] = [
  secondFactorTables,
  replacedBackupCodes,
  webauthnTables,
  enforcementGrace,
];
