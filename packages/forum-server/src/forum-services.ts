import type { Knex } from 'knex';
import type {
  ApiMiddleware,
  CliCommand,
  ForumRouter,
  ForumUsers,
  RouteOptions,
  SecondFactorProvider,
} from 'forum-plugin-api/server';
import type { Logger } from 'pino';
import type { DatabaseKind } from './db/connect.js';
import type { AttemptLimiter, Clock } from 'forum-plugin-api/server';
import type { AttemptLimits } from './limits/attempt-limits.js';
import type { MailDelivery } from './mail/mail-delivery.js';
import type { AbandonedLoginSweeper } from './sessions/abandoned-logins.js';
import type { LoadedPlugin } from './plugins/plugin-loader.js';
import type { SetupAllowedRoutes } from './plugins/setup-allowed-routes.js';
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
  /** Finding members (the admin pages, and plugins through `api.users`). */
  users: ForumUsers;
  plugins: readonly LoadedPlugin[];
  /** Attempt limits shared by every instance (passwords here, second factors in plugins). */
  attemptLimits: AttemptLimits;
  /** Wrong passwords, at login and at "confirm it's you". */
  passwordAttempts: AttemptLimiter;
  /** Sends the mail outbox over SMTP (a no-op without SMTP_URL); started by startForum. */
  mailDelivery: MailDelivery;
  /** Hands logins that ended after the password but before the second step to the plugin; started by startForum. */
  abandonedLogins: AbandonedLoginSweeper;
  /** What plugins added through their register(api). */
  extensions: {
    routes: { define: (router: ForumRouter) => void; options: RouteOptions }[];
    /** Which routes a member held by enforcement may still reach (filled as routes are defined). */
    setupAllowed: SetupAllowedRoutes;
    apiMiddleware: ApiMiddleware[];
    cliCommands: Map<string, CliCommand>;
  };
  /** The forum's address as members reach it (PUBLIC_URL, or http://localhost:<port> on loopback); set again once listening. */
  publicUrl: string;
  /** Filled in by a plugin's register(api); null while no plugin offers second factors. */
  secondFactors: { provider: SecondFactorProvider | null };
}
