import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type pino from 'pino';
import type { Clock } from 'forum-plugin-api/server';
import { systemClock } from './clock.js';
import { createUser, type NewUser } from './accounts/users.js';
import { memberDirectory } from './accounts/member-directory.js';
import { buildApp } from './app.js';
import { configFromEnv, type ForumConfig } from './config.js';
import { openDatabase } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import type { ForumServices } from './forum-services.js';
import { createLogger } from './logger.js';
import type { User } from './models/user.js';
import { AttemptLimits } from './limits/attempt-limits.js';
import { MailDelivery } from './mail/mail-delivery.js';
import { AbandonedLoginSweeper } from './sessions/abandoned-logins.js';
import { passwordAttemptRules } from './accounts/password-attempt-rules.js';
import { answerClientErrorsWithJson } from './http/client-errors.js';
import { createServerPluginApi } from './plugins/plugin-api.js';
import { loadPlugins } from './plugins/plugin-loader.js';
import { SetupAllowedRoutes } from './plugins/setup-allowed-routes.js';
import { checkKeyFingerprint } from './secrets/key-fingerprint.js';
import { MasterKey } from './secrets/master-key.js';
import { hostSettings, type SettingDefinition } from './settings/setting-definition.js';
import { SITE_SETTINGS_CHANNEL, SiteSettings } from './settings/site-settings.js';
import type { Notifications } from './db/notifications.js';
import { hasAdmin, issueSetupToken } from './setup/setup-tokens.js';

export const hostVersion: string = (
  JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface ForumOptions extends Partial<ForumConfig> {
  /** Where logs go; standard output by default. */
  logDestination?: pino.DestinationStream;
  /** Which command opened the database, named in the data-directory lock. */
  command?: string;
  /** The forum's clock; real time unless a test brings one it can move. */
  clock?: Clock;
  /** How often (real ms) the mail worker looks for due mail; 0: only when a test asks. Default 5 s. */
  mailPollIntervalMs?: number;
  /** How often (real ms) ended login challenges are handed to the plugin; 0: only when a test asks. Default 1 min. */
  loginSweepIntervalMs?: number;
}

/** The forum's services without an HTTP server: what the CLI and startForum share. */
export async function openForum(
  options: ForumOptions = {},
): Promise<ForumServices & { close(): Promise<void>; config: ForumConfig }> {
  const config: ForumConfig = { ...configFromEnv(), ...stripUndefined(options) };
  const logger = createLogger(config.logLevel, options.logDestination);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    pgliteWorker: config.pgliteWorker,
    preparedStatements: config.preparedStatements,
    command: options.command ?? 'forum',
    log: {
      warn: (message) => logger.warn({ source: 'knex' }, message),
      error: (message) => logger.error({ source: 'knex' }, message),
    },
  });
  let settingsChanges: Notifications | null = null;
  try {
    const plugins = await loadPlugins(config.pluginManifests, hostVersion);
    const ran = await migrateToLatest(database.knex, plugins);
    if (ran.length > 0) logger.info({ migrations: ran }, 'database migrated');

    const masterKey = config.secretKey
      ? MasterKey.fromBuffer(config.secretKey)
      : MasterKey.loadOrCreate(config.dataDir).key;
    await checkKeyFingerprint(database.knex, masterKey);

    const definitions: SettingDefinition[] = [
      ...Object.entries(hostSettings).map(([name, d]) => ({ ...d, name, plugin: null })),
      ...plugins.flatMap((p) =>
        Object.entries(p.manifest.settings).map(([name, d]) => ({ ...d, name, plugin: p.manifest.name })),
      ),
    ];
    const clock = options.clock ?? systemClock;
    // Listening starts before the first read, so no change can fall between the two.
    settingsChanges = await database.listen(SITE_SETTINGS_CHANNEL, {
      warn: (message) => logger.warn({ source: 'settings' }, message),
      info: (message) => logger.info({ source: 'settings' }, message),
    });
    const settings = new SiteSettings(database.knex, definitions, settingsChanges);
    // A holder the plugin fills in at register(api); the sweeper reads it when it runs.
    const secondFactors: ForumServices['secondFactors'] = { provider: null };
    const attemptLimits = new AttemptLimits(database.knex, settings, clock, config.redisUrl, masterKey.fingerprint());
    const services: ForumServices & { close(): Promise<void>; config: ForumConfig } = {
      config,
      version: hostVersion,
      db: database.knex,
      databaseKind: database.kind,
      clock,
      logger,
      masterKey,
      csrfKey: masterKey.derive('csrf'),
      settings,
      plugins,
      secondFactors,
      publicUrl: config.publicUrl ?? defaultPublicUrl(config.host, config.port),
      attemptLimits,
      passwordAttempts: attemptLimits.limiter('login', passwordAttemptRules),
      mailDelivery: new MailDelivery({
        db: database.knex,
        clock,
        logger,
        settings,
        smtpUrl: config.smtpUrl,
        mailFrom: config.mailFrom,
        publicUrl: config.publicUrl ?? defaultPublicUrl(config.host, config.port),
        maxTries: config.mailMaxTries,
        siteId: masterKey.fingerprint(),
        pollIntervalMs: options.mailPollIntervalMs ?? 5000,
      }),
      users: memberDirectory(database.knex),
      abandonedLogins: new AbandonedLoginSweeper(
        { db: database.knex, databaseKind: database.kind, clock, settings, secondFactors, logger },
        options.loginSweepIntervalMs ?? 60_000,
      ),
      extensions: { routes: [], setupAllowed: new SetupAllowedRoutes(), apiMiddleware: [], cliCommands: new Map() },
      async close() {
        await services.mailDelivery.stop(); // a send in flight finishes and is marked first
        await services.abandonedLogins.stop();
        services.attemptLimits.close();
        await settingsChanges?.close();
        await database.close();
      },
    };
    // Plugins register once the services exist: routes, middleware, CLI commands, providers.
    for (const plugin of plugins) {
      if (plugin.server) await plugin.server.register(createServerPluginApi(plugin, services));
    }
    return services;
  } catch (error) {
    await settingsChanges?.close();
    await database.close();
    throw error;
  }
}

export interface RunningForum {
  /** Where the server listens (`http://127.0.0.1:4000`). */
  url: string;
  /** Where members reach it: `PUBLIC_URL`, or `http://localhost:<port>` on loopback (see `defaultPublicUrl`). */
  publicUrl: string;
  port: number;
  services: ForumServices;
  /** The first-admin link, when the forum has no admin yet. */
  setupUrl: string | null;
  createUser(input: NewUser): Promise<User>;
  stop(): Promise<void>;
}

/** Opens the database, migrates, loads plugins and listens. */
export async function startForum(options: ForumOptions & { serveApp?: boolean } = {}): Promise<RunningForum> {
  const forum = await openForum({ command: 'forum serve', ...options });
  const { config } = forum;
  try {
    const app = buildApp(forum, {
      appDist: options.serveApp === false ? null : config.appDist,
      trustedProxies: config.trustedProxies,
    });
    const server: Server = await new Promise((resolve, reject) => {
      const s = app.listen(config.port, config.host, () => resolve(s));
      s.once('error', reject);
    });
    answerClientErrorsWithJson(server);
    const port = (server.address() as AddressInfo).port;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    // Port 0 (tests) is known only now: the address members (and WebAuthn) use follows it.
    forum.publicUrl = config.publicUrl ?? defaultPublicUrl(config.host, port);
    forum.mailDelivery.start(forum.publicUrl);
    forum.abandonedLogins.start();
    const setupUrl = (await hasAdmin(forum.db)) ? null : `${url}/setup?token=${await issueSetupToken(forum.db)}`;
    forum.logger.info(
      { url, database: forum.databaseKind, plugins: forum.plugins.map((p) => p.manifest.name) },
      'forum listening',
    );
    return {
      url,
      publicUrl: forum.publicUrl,
      port,
      services: forum,
      setupUrl,
      createUser: (input) => createUser(forum.db, input),
      async stop() {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await forum.close();
      },
    };
  } catch (error) {
    await forum.close();
    throw error;
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * The forum's address when `PUBLIC_URL` is unset. On a loopback `HOST` it is
 * `http://localhost:<port>`, not the IP: browsers refuse an IP address as a WebAuthn relying
 * party id (Chromium: "This is an invalid domain"), and treat `localhost` over plain http as a
 * secure context; Chromium and Node resolve it to the loopback address the forum listens on.
 */
export function defaultPublicUrl(host: string, port: number): string {
  if (LOOPBACK_HOSTS.has(host)) return `http://localhost:${port}`;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
