import type { Migration } from 'forum-plugin-api/server';

/** The plugin's migrations, oldest first; the host prefixes their names with "second-factor/". */
export const migrations: readonly Migration[] = [];
