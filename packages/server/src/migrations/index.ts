import type { Migration } from 'forum-plugin-api/server';
import { secondFactorTables } from './0001-second-factors.js';

/** The plugin's migrations, oldest first; the host prefixes their names with "second-factor/". */
export const migrations: readonly Migration[] = [secondFactorTables];
