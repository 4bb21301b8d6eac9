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
  get(name: string): Promise<SettingValue>;
  all(): Promise<Record<string, SettingValue>>;
}

/** AES-256-GCM with a key derived for this plugin alone. */
export interface SecretBox {
  seal(plaintext: string, associatedData?: string): string;
  open(sealed: string, associatedData?: string): string;
}

export interface ServerPluginApi {
  /** The plugin's name from plugin.json. */
  readonly name: string;
  readonly db: Knex;
  readonly databaseKind: 'pglite' | 'postgres';
  readonly logger: Logger;
  readonly siteSettings: SiteSettingsReader;
  readonly secrets: SecretBox;
  /** Routes are mounted under `/api`; bodies arrive parsed as JSON in `ctx.request.body`. */
  addRoutes(define: (router: ForumRouter) => void): void;
  /** The logged-in member, or a 401 `not_logged_in` answer. */
  requireUser(ctx: ForumContext): CurrentUser;
  /** A logged-in admin, or 401/403. */
  requireAdmin(ctx: ForumContext): CurrentUser;
  /** An error the host answers as `{error: {code, message}}` with this status. */
  httpError(status: number, code: string, message: string, headers?: Record<string, string>): Error;
}

export interface ServerPlugin {
  migrations: readonly Migration[];
  register(api: ServerPluginApi): void | Promise<void>;
}
