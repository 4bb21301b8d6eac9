import type { Knex } from 'knex';
import type { ApiMiddleware, CliCommand, ForumRouter, SecondFactorProvider } from 'forum-plugin-api/server';
import type { Logger } from 'pino';
import type { DatabaseKind } from './db/connect.js';
import type { AttemptCounters } from './limits/attempt-counters.js';
import type { LoadedPlugin } from './plugins/plugin-loader.js';
import type { MasterKey } from './secrets/master-key.js';
import type { SiteSettings } from './settings/site-settings.js';

/** What the routes of a running forum share. Built once in startForum. */
export interface ForumServices {
  version: string;
  db: Knex;
  databaseKind: DatabaseKind;
  logger: Logger;
  masterKey: MasterKey;
  csrfKey: Buffer;
  settings: SiteSettings;
  plugins: readonly LoadedPlugin[];
  /** Failed-attempt counters shared by every instance (logins, plugins' second factors). */
  attemptCounters: AttemptCounters;
  /** What plugins added through their register(api). */
  extensions: {
    routes: ((router: ForumRouter) => void)[];
    apiMiddleware: ApiMiddleware[];
    cliCommands: Map<string, CliCommand>;
  };
  /** Filled in by a plugin's register(api); null while no plugin offers second factors. */
  secondFactors: { provider: SecondFactorProvider | null };
}
