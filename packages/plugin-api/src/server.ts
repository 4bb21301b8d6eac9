/**
 * The forum host's server plugin API. A plugin's server module default-exports a
 * `ServerPlugin`; the host runs its migrations with its own, then calls `register(api)` once,
 * the way a Discourse plugin's `after_initialize` runs. Plugins import only these types, never
 * the host's internals.
 */
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { ParameterizedContext } from 'koa';
import type Router from '@koa/router';

export interface Migration {
  /** Unique within its owner; the host prefixes it with the plugin name. Sorted as listed. */
  name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

export interface CurrentUser {
  id: number;
  username: string;
  email: string;
  admin: boolean;
  createdAt: Date;
}

export interface SessionView {
  /** Present once logged in. */
  id: string | null;
  /** When the member last proved who they are with a full login or "confirm it's you". */
  recentAuthAt: Date | null;
}

export interface ForumState {
  currentUser: CurrentUser | null;
  session: SessionView;
}

export type ForumContext = ParameterizedContext<ForumState>;
export type ForumRouter = Router<ForumState>;

export type SettingValue = boolean | number | string;

export interface SiteSettingsReader {
  /** Inside a transaction pass its handle: on PGlite a query outside it waits for it forever. */
  get(name: string, db?: Knex): Promise<SettingValue>;
  all(db?: Knex): Promise<Record<string, SettingValue>>;
}

/** AES-256-GCM with a key derived for this plugin alone. */
export interface SecretBox {
  seal(plaintext: string, associatedData?: string): string;
  open(sealed: string, associatedData?: string): string;
}

/**
 * A plugin that adds second factors to login. The host asks it, after a correct password,
 * which methods the member has; when there are any, login continues with a challenge that
 * the member answers with one of them, and "confirm it's you" asks for one as well.
 */
export interface SecondFactorProvider {
  /** The methods this member can use (e.g. ["totp", "backup_code"]), or [] for none. */
  methodsFor(user: CurrentUser): Promise<string[]>;
  /**
   * Checks a token; resolves when it is valid (and consumed, for one-time codes), throws an
   * `httpError` otherwise: 401 `invalid_second_factor` for a wrong token, 429 when locked out.
   */
  verify(ctx: ForumContext, user: CurrentUser, method: string, token: string, purpose: 'login' | 'confirm'): Promise<void>;
}

/** Failed attempts per key (an account, an IP) within a fixed window, shared by every instance. */
export interface AttemptCounter {
  /** The count in the current window, and how long until it resets. */
  current(key: string): Promise<{ count: number; msBeforeReset: number }>;
  /** Counts one more; returns the new count. */
  add(key: string): Promise<{ count: number; msBeforeReset: number }>;
}

/** A command a plugin adds to the operator's CLI: `npx forum <name> [args]`. */
export interface CliCommand {
  name: string;
  /** One line, e.g. "reset-2fa <username>    remove a member's second factors". */
  usage: string;
  /** Prints what it did; returns the exit code (non-zero with one clear line on bad input). */
  run(args: string[], output: { log(line: string): void; error(line: string): void }): Promise<number>;
}

export type ApiMiddleware = (ctx: ForumContext, next: () => Promise<void>) => Promise<void>;

export interface ServerPluginApi {
  /** The plugin's name from plugin.json. */
  readonly name: string;
  readonly db: Knex;
  readonly databaseKind: 'pglite' | 'postgres';
  /**
   * A counter of failed attempts in shared storage (the database, or Redis with REDIS_URL), so
   * limits hold across instances and restarts. `name` is namespaced by the plugin.
   */
  attemptCounter(name: string, windowSeconds: number): AttemptCounter;
  readonly logger: Logger;
  readonly siteSettings: SiteSettingsReader;
  readonly secrets: SecretBox;
  /** Routes are mounted under `/api`; bodies arrive parsed as JSON in `ctx.request.body`. */
  addRoutes(define: (router: ForumRouter) => void): void;
  /** Runs on every `/api` request, after the session is known and CSRF checked. */
  addApiMiddleware(middleware: ApiMiddleware): void;
  /** Adds a command to `npx forum`. */
  addCliCommand(command: CliCommand): void;
  /** The logged-in member, or a 401 `not_logged_in` answer. */
  requireUser(ctx: ForumContext): CurrentUser;
  /** A logged-in admin, or 401/403. */
  requireAdmin(ctx: ForumContext): CurrentUser;
  /**
   * Mails a member, in the caller's transaction when `db` is one (the notice exists exactly
   * when the change it reports was committed). Never put a code, token or secret in it.
   */
  queueMail(db: Knex, mail: { userId: number; subject: string; text: string }): Promise<void>;
  /** Adds second factors to login and "confirm it's you" (one provider per forum). */
  registerSecondFactorProvider(provider: SecondFactorProvider): void;
  /** An error the host answers as `{error: {code, message}}` with this status. */
  httpError(status: number, code: string, message: string, headers?: Record<string, string>): Error;
}

export interface ServerPlugin {
  migrations: readonly Migration[];
  register(api: ServerPluginApi): void | Promise<void>;
}
