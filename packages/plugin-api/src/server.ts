/**
 * The forum host's server plugin API. A plugin's server module default-exports a
 * `ServerPlugin`; the host runs its migrations with its own, then calls `register(api)` once,
 * the way a Discourse plugin's `after_initialize` runs. Plugins import only these types, never
 * the host's internals, and the server's `t` (strings in locale files, in the request's locale).
 */
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { ParameterizedContext } from 'koa';
import type Router from '@koa/router';

export {
  addTranslations,
  availableLocales,
  currentLocale,
  dateTimeFormat,
  DEFAULT_LOCALE,
  formatDate,
  inLocale,
  localeFromAcceptLanguage,
  serverTranslator,
  t,
} from './i18n/server-i18n.js';
export type { Message, Messages, PluralMessage, SelectMessage, Translate, TranslationValues } from './i18n/messages.js';
export { translationKeysInSource } from './i18n/translation-keys.js';

/** What a plugin's migration may refer to of the host's schema without naming its tables. */
export interface MigrationHost {
  /** For `t.integer('user_id').references(host.userReference)`: the members' primary key. */
  readonly userReference: string;
}

export interface Migration {
  /** Unique within its owner; the host prefixes it with the plugin name. Sorted as listed. */
  name: string;
  up(knex: Knex, host: MigrationHost): Promise<void>;
  down(knex: Knex, host: MigrationHost): Promise<void>;
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
export type SettingValues = Record<string, SettingValue>;

/** The host's own site settings, which plugins may read too (the forum's title, say). */
export type HostSettingValues = {
  title: string;
  allow_new_registrations: boolean;
  login_max_failures_per_account: number;
  login_max_failures_per_ip: number;
  recent_auth_window_minutes: number;
  second_factor_trusted_device_days: number;
};

/**
 * The values of settings as declared in plugin.json (`{name: {type, default, ...}}`), typed by
 * their defaults: a plugin imports its manifest's type and reads `settings.backup_codes_count`
 * as a number, with the names and types declared once, in the manifest.
 */
export type SettingValuesOf<D extends Record<string, { default: SettingValue }>> = {
  [K in keyof D]: D[K]['default'] extends boolean ? boolean : D[K]['default'] extends number ? number : string;
};

/**
 * The forum's one clock. Everything that expires or counts time (sessions, recent-auth windows,
 * login challenges, attempt windows, TOTP steps, "used on" dates) reads it, never `Date.now()`,
 * so tests can move time instead of waiting for it. Real time in production.
 */
export interface Clock {
  now(): Date;
}

export interface SiteSettingsReader<S extends SettingValues = SettingValues> {
  /** Inside a transaction pass its handle: on PGlite a query outside it waits for it forever. */
  get<K extends keyof S & string>(name: K, db?: Knex): Promise<S[K]>;
  /** Every setting at once, as one consistent snapshot (one query). */
  all(db?: Knex): Promise<S>;
}

/**
 * A request as a plugin's services need it, without Koa: where it came from (attempt limits,
 * the audit log) and the site settings read once for the whole request. Made by
 * `api.request(ctx)`, never by hand: the host keeps with it what its attempt limiter needs to
 * recognise the member's own browser.
 */
export interface ForumRequest<S extends SettingValues = SettingValues> {
  readonly ip: string;
  readonly userAgent: string | null;
  /** Read when the request first asked for it; every later use in the request sees the same values. */
  readonly settings: S;
}

/** What `api.parseBody` and `api.parse` need of a schema (a zod schema is one). */
export interface InputSchema<T> {
  parse(input: unknown): T;
}

/** One page of members, as `api.users.list` returns it. */
export interface MemberPage {
  users: CurrentUser[];
  total: number;
  page: number;
  perPage: number;
}

/** The host's members, for plugins (which never query the host's tables). */
export interface ForumUsers {
  find(id: number): Promise<CurrentUser | null>;
  /** Case-insensitive, as login is. */
  findByUsername(username: string): Promise<CurrentUser | null>;
  /** Several at once (the names in a list); ids without a member are left out. */
  findMany(ids: readonly number[]): Promise<CurrentUser[]>;
  /** By id, optionally filtered by a part of the username or email, one page at a time. */
  list(options: { search?: string | undefined; page: number; perPage: number }): Promise<MemberPage>;
  /**
   * The members' ids as a subquery (one column, `id`): all of them, or only admins. For a
   * plugin's aggregate query over its own tables ("how many admins have 2FA") in one statement,
   * without naming the host's table.
   */
  idsQuery(options?: { adminsOnly?: boolean }): Knex.QueryBuilder;
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
export interface SecondFactorProvider<S extends SettingValues = SettingValues> {
  /** The methods this member can use (e.g. ["totp", "backup_code"]), or [] for none. */
  methodsFor(request: ForumRequest<S>, user: CurrentUser): Promise<string[]>;
  /**
   * Checks a token (and consumes it, for one-time codes). Expected outcomes are results, never
   * exceptions; only a fault (a lost database) throws. `binding` is what the answer is bound to,
   * opaque to the plugin: the login challenge's digest at login, the session's id at "confirm
   * it's you"; a method whose options the host handed over (`challengeOptions`) checks that
   * they were made for the same binding.
   */
  verify(
    request: ForumRequest<S>,
    user: CurrentUser,
    method: string,
    token: SecondFactorToken,
    purpose: 'login' | 'confirm',
    binding: string,
  ): Promise<SecondFactorVerification>;
  /**
   * Methods whose answer needs something from the server first (a security key signs a fresh
   * challenge). For each, the host serves `POST /api/session/second-factor/<method>-options`
   * `{challenge}` during a login and answers with what `options` returns, bound to that login.
   */
  challengeOptions?: {
    readonly methods: readonly string[];
    options(
      request: ForumRequest<S>,
      user: CurrentUser,
      method: string,
      purpose: 'login' | 'confirm',
      binding: string,
    ): Promise<SecondFactorOptions>;
  };
  /**
   * Logging in without a password (passkeys): the host serves `POST /api/session/passkey-options`
   * and `POST /api/session/passkey` `{response}`, binds both to the visitor's session, and starts
   * a session for the member `verify` names. The plugin vouches that the answer proved both
   * factors (possession and user verification).
   */
  passwordless?: {
    options(request: ForumRequest<S>, binding: string): Promise<SecondFactorOptions>;
    verify(
      request: ForumRequest<S>,
      response: JsonObject,
      binding: string,
    ): Promise<{ ok: true; userId: number } | SecondFactorRefusal>;
  };
  /**
   * A login whose password was right but whose second step never completed. The host's sweep
   * (on an interval, on the forum's clock) hands over each such login exactly once, in the
   * transaction that deletes its challenge (`db`: write through it, and only through it), one
   * sweep at a time across instances. What to tell the member, and how often, is the plugin's.
   */
  onSecondStepAbandoned?(step: AbandonedSecondStep<S>, db: Knex): Promise<void>;
}

/**
 * How a half-finished login ended: its challenge expired unused (`expired`), or wrong tokens
 * ended it or were entered before it expired (`wrong_codes`); in neither case did the same
 * browser log in afterwards. Challenges revoked on purpose (a password change, a reset) are not
 * handed over.
 */
export interface AbandonedSecondStep<S extends SettingValues = SettingValues> {
  userId: number;
  reason: 'expired' | 'wrong_codes';
  /** Wrong tokens entered against the challenge. */
  failedAttempts: number;
  /** When the right password was entered, on the forum's clock. */
  at: Date;
  /** The browser that entered it (null for a challenge issued before the host recorded them). */
  ip: string | null;
  userAgent: string | null;
  /** The host's short name for that browser ("Firefox on Linux"), or null when it has none. */
  browser: string | null;
  /** The site settings, read once per sweep in its transaction. */
  settings: S;
}

/** A JSON object as the host parsed it from a body (a WebAuthn response, say). */
export type JsonObject = { readonly [key: string]: unknown };

/** What a member sends as a second factor: a typed code, or a structured answer (a signed challenge). */
export type SecondFactorToken = string | JsonObject;

/** Options the browser needs before it can answer (WebAuthn's request options), or why not. */
export type SecondFactorOptions = { ok: true; options: JsonObject } | SecondFactorRefusal;

/**
 * Why a second factor was refused, in the terms the host acts on; `code` and `message` say it
 * in the plugin's words (the plugin knows its factors: "That backup code was already used (Dec
 * 1, 2026)."), so a new kind of refusal needs a new code and message, not a new reason.
 * - `malformed`: not shaped like a token (400); nothing was checked or counted.
 * - `method_not_available`: the member cannot use that method now (400); nothing was checked.
 * - `wrong`: checked and refused — wrong, used already, from a replaced sheet (401); it costs
 *   the login challenge one try.
 * - `locked_out`: too many wrong tokens (429 with `Retry-After`); nothing was checked.
 */
export type SecondFactorRefusal =
  | { ok: false; reason: 'malformed' | 'method_not_available' | 'wrong'; code: string; message: string }
  | { ok: false; reason: 'locked_out'; code: string; message: string; retryAfterSeconds: number };

export type SecondFactorVerification = { ok: true } | SecondFactorRefusal;

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
  /** A number, or the name of an integer site setting, read from the request's settings. */
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
  take(request: ForumRequest, subject: AttemptSubject): Promise<AttemptTake>;
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

export interface RouteOptions {
  /**
   * Reachable by a member whom enforcement holds until they set up a second factor (their
   * security preferences, say). The host marks its own: session, site and health.
   */
  allowDuringSetup?: boolean;
}

export interface ServerPluginApi<S extends SettingValues = SettingValues> {
  /** The plugin's name from plugin.json. */
  readonly name: string;
  readonly db: Knex;
  readonly databaseKind: 'pglite' | 'postgres';
  readonly clock: Clock;
  /**
   * The forum's address as members reach it (`PUBLIC_URL`; on a loopback `HOST` without it,
   * `http://localhost:<port>`, since browsers refuse an IP address as a WebAuthn relying party).
   * Known once the forum listens: read it per request, not at `register`.
   */
  publicUrl(): string;
  /**
   * Attempt limits in shared storage (the database, or Redis with REDIS_URL), so they hold
   * across instances and restarts. `name` is namespaced by the plugin. An operator's
   * `npx forum unlock` and the admin's "Unlock" clear every limiter's per-account counts.
   */
  attemptLimiter(name: string, rules: readonly AttemptRule[]): AttemptLimiter;
  readonly logger: Logger;
  readonly siteSettings: SiteSettingsReader<S>;
  readonly secrets: SecretBox;
  /** The request without Koa, its settings read once (the first call reads, later ones reuse). */
  request(ctx: ForumContext): Promise<ForumRequest<S>>;
  /** Routes are mounted under `/api`; bodies arrive parsed as JSON in `ctx.request.body`. */
  addRoutes(define: (router: ForumRouter) => void, options?: RouteOptions): void;
  /** Whether the route this request is for was added with `allowDuringSetup`. */
  allowedDuringSetup(ctx: ForumContext): boolean;
  /** The JSON body checked against `schema`; a mismatch is the host's 400 `invalid_request`. */
  parseBody<T>(ctx: ForumContext, schema: InputSchema<T>): T;
  /** Any other input (a query string, a parameter), checked the same way. */
  parse<T>(schema: InputSchema<T>, input: unknown): T;
  /** A route's numeric id parameter (`:id` unless named), or 400 `invalid_request`. */
  idParam(ctx: { params: Record<string, string | undefined> }, name?: string): number;
  readonly users: ForumUsers;
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
   * how many ended. Pass the caller's transaction (`db`) to make it part of it; without one it
   * runs on its own connection, so call it after yours has committed (on PGlite, calling it
   * while one is open waits forever).
   */
  endSessions(userId: number, options?: { exceptSessionId?: string }, db?: Knex): Promise<number>;
  /**
   * Ends the member's half-finished logins (password entered, second factor not yet): after a
   * reset, a password step someone passed earlier must not finish with the new rules. Pass the
   * caller's transaction to make it part of it. Resolves with how many ended.
   */
  revokeLoginChallenges(userId: number, db?: Knex): Promise<number>;
  /**
   * Ends every "Trust this browser" of the member (a second factor was removed, say): each of
   * their browsers asks for the second step again at its next login. The browsers stay known
   * (their lockout exemption is not trust). Pass the caller's transaction to make it part of it.
   * Resolves with how many trusted browsers it ended, for the event and the notice.
   */
  endTrustedDevices(userId: number, db?: Knex): Promise<number>;
  /**
   * Mails a member, in the caller's transaction when `db` is one (the notice exists exactly
   * when the change it reports was committed). Never put a code, token or secret in it.
   * `alongside`, a write of the plugin's own (the audit row the mail reports, say), runs in the
   * same statement: the two stand or fall together without a transaction, in one round trip.
   */
  queueMail(
    db: Knex,
    mail: { userId: number; subject: string; text: string },
    options?: { alongside?: Knex.QueryBuilder },
  ): Promise<void>;
  /**
   * Leaves a write of the plugin's own that only goes along with a login step's outcome (the
   * audit row of a check) to the statement the host ends the step with: the new session, or
   * the login challenge put back after a wrong code. One round trip and one commit fewer. If the
   * step ends without such a statement, the write runs when the step ends; if that statement
   * fails, the write fails with it. Returns false, having run nothing, when `request` is in no
   * login step ("confirm it's you", say): then run the write yourself. Not for a write the
   * plugin must see committed before it answers (a burned code): those run at once.
   */
  deferWrite(request: ForumRequest, write: Knex.QueryBuilder): boolean;
  /** Adds second factors to login and "confirm it's you" (one provider per forum). */
  registerSecondFactorProvider(provider: SecondFactorProvider<S>): void;
  /**
   * Whether `grant` (from "confirm it's you", which verified a second factor less than two
   * minutes ago in this session) is valid; true once, then it is used up. An action that asks
   * for a current second factor accepts it instead of a code the member has just typed.
   */
  consumeSecondFactorGrant(ctx: ForumContext, grant: string): Promise<boolean>;
  /**
   * An error the host answers as `{error: {code, message}}` with this status. For routes, which
   * map results to HTTP; services return results instead.
   */
  httpError(status: number, code: string, message: string, headers?: Record<string, string>): Error;
}

export interface ServerPlugin<S extends SettingValues = SettingValues> {
  migrations: readonly Migration[];
  register(api: ServerPluginApi<S>): void | Promise<void>;
}
