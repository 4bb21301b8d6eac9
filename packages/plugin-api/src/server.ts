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

/**
 * The forum's one clock. Everything that expires or counts time (sessions, recent-auth windows,
 * login challenges, attempt windows, TOTP steps, "used on" dates) reads it, never `Date.now()`,
 * so tests can move time instead of waiting for it. Real time in production.
 */
export interface Clock {
  now(): Date;
}

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

/**
 * One limit on attempts (a password, a second-factor code): at most `max` failures within
 * `windowSeconds`, counted per account or per client IP, in storage every instance shares.
 */
export interface AttemptRule {
  /** Names the counter; unique within its limiter. */
  name: string;
  /**
   * `account`: per member, except that a browser which has completed a full login for this
   * account before is counted on its own, so failures from elsewhere never lock it out.
   * `ip`: per client address (the one the trusted proxy saw).
   */
  per: 'account' | 'ip';
  windowSeconds: number;
  /** A number, or the name of a numeric site setting read on every attempt. */
  max: number | string;
}

/** Whose attempt it is: a member, or a login that names no account (limited all the same). */
export type AttemptSubject = { userId: number } | { unknownLogin: string };

/** An attempt that was counted before it was checked: say how it ended. */
export interface Attempt {
  /** It succeeded (or could not be checked): it no longer counts. */
  refund(): Promise<void>;
  /** It failed: it stays counted. `lockedOut` is true for the failure that reached a limit. */
  fail(): Promise<{ lockedOut: boolean; retryAfterSeconds: number }>;
}

export type AttemptTake =
  | { allowed: true; attempt: Attempt }
  /** Over a limit: nothing may be checked. `tryAgainIn` reads "3 minutes". */
  | { allowed: false; retryAfterSeconds: number; tryAgainIn: string };

/**
 * Limits attempts so that a burst cannot outrun them: `take` counts the attempt atomically in
 * every rule before the caller checks anything, so of N concurrent attempts at most `max` are
 * ever checked, on any number of instances.
 */
export interface AttemptLimiter {
  take(ctx: ForumContext, subject: AttemptSubject): Promise<AttemptTake>;
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
  readonly clock: Clock;
  /**
   * Attempt limits in shared storage (the database, or Redis with REDIS_URL), so they hold
   * across instances and restarts. `name` is namespaced by the plugin. An operator's
   * `npx forum unlock` and the admin's "Unlock" clear every limiter's per-account counts.
   */
  attemptLimiter(name: string, rules: readonly AttemptRule[]): AttemptLimiter;
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
   * Until when the member's last full login or "confirm it's you" allows sensitive changes, or
   * null once the window (`recent_auth_window_minutes`) has passed.
   */
  recentAuthUntil(ctx: ForumContext): Promise<Date | null>;
  /**
   * Logs a member out everywhere: every session of theirs ends (their browsers are visitors on
   * their next request), except `exceptSessionId` (a `SessionView.id`) when given. Resolves with
   * how many ended. It takes no part in a transaction (on PGlite, calling it while one is open
   * waits forever): call it after yours has committed.
   */
  endSessions(userId: number, options?: { exceptSessionId?: string }): Promise<number>;
  /**
   * Mails a member, in the caller's transaction when `db` is one (the notice exists exactly
   * when the change it reports was committed). Never put a code, token or secret in it.
   */
  queueMail(db: Knex, mail: { userId: number; subject: string; text: string }): Promise<void>;
  /** Adds second factors to login and "confirm it's you" (one provider per forum). */
  registerSecondFactorProvider(provider: SecondFactorProvider): void;
  /**
   * Whether `grant` (from "confirm it's you", which verified a second factor less than two
   * minutes ago in this session) is valid; true once, then it is used up. An action that asks
   * for a current second factor accepts it instead of a code the member has just typed.
   */
  consumeSecondFactorGrant(ctx: ForumContext, grant: string): Promise<boolean>;
  /** An error the host answers as `{error: {code, message}}` with this status. */
  httpError(status: number, code: string, message: string, headers?: Record<string, string>): Error;
}

export interface ServerPlugin {
  migrations: readonly Migration[];
  register(api: ServerPluginApi): void | Promise<void>;
}
