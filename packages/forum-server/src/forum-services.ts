import type { Knex } from 'knex';
import type { ApiMiddleware, CliCommand, ForumRouter, SecondFactorProvider } from 'forum-plugin-api/server';
import type { Logger } from 'pino';
import type { DatabaseKind } from './db/connect.js';
import type { AttemptLimiter, Clock } from 'forum-plugin-api/server';
import type { AttemptLimits } from './limits/attempt-limits.js';
import type { LoadedPlugin } from './plugins/plugin-loader.js';
import type { MasterKey } from './secrets/master-key.js';
import type { SiteSettings } from './settings/site-settings.js';

/** What the routes of a running forum share. Built once in startForum. */
export interface ForumServices {
  version: string;
  db: Knex;
  databaseKind: DatabaseKind;
  /** The one clock everything that expires reads (an adjustable one in tests). */
  clock: Clock;
  logger: Logger;
  masterKey: MasterKey;
  csrfKey: Buffer;
  settings: SiteSettings;
  plugins: readonly LoadedPlugin[];
  /** Attempt limits shared by every instance (passwords here, second factors in plugins). */
  attemptLimits: AttemptLimits;
  /** Wrong passwords, at login and at "confirm it's you". */
  passwordAttempts: AttemptLimiter;
  /** What plugins added through their register(api). */
  extensions: {
    routes: ((router: ForumRouter) => void)[];
    apiMiddleware: ApiMiddleware[];
    cliCommands: Map<string, CliCommand>;
  };
  /** Filled in by a plugin's register(api); null while no plugin offers second factors. */
  secondFactors: { provider: SecondFactorProvider | null };
}
