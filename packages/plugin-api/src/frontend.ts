/**
 * The forum app's frontend plugin API, as the plugins see it.
 *
 * Plugins (v2 Ember addons) import only this module, never the host app: importing the app
 * package from an addon breaks Glint declarations (see STACK.md). The host implements
 * `PluginApi` in its `plugin-api` service; plugins reach it through the owner with
 * `withPluginApi`, the way a Discourse plugin does.
 *
 * Types, the host's session error codes, and small pure helpers the host's pages and the
 * plugins share (`t` and the locale, `formatDate`, `errorMessage`, `inputValue`, ...): no Ember
 * import at runtime.
 */
import type { ComponentLike } from '@glint/template';
import type { PluginApiError } from './frontend/api-errors.js';

export { errorMessage, isApiError, type PluginApiError } from './frontend/api-errors.js';
export { dateTimeFormat, formatDate, formatDateTime } from './frontend/format.js';
export {
  addTranslations,
  availableLocales,
  currentLocale,
  preferredLocale,
  setLocale,
  t,
  translator,
  type Message,
  type Messages,
  type PluralMessage,
  type SelectMessage,
  type Translate,
  type TranslationValues,
} from './frontend/i18n.js';
export { translationKeysInSource } from './i18n/translation-keys.js';
export { inputValue } from './frontend/input-value.js';

/**
 * A forum member as the API describes them: the logged-in one (`currentUser()`,
 * `GET /api/session/current`) and the one an admin looks at (`GET /api/admin/users/:id`).
 */
export interface Member {
  id: number;
  username: string;
  email: string;
  admin: boolean;
  createdAt: string;
}

/** The logged-in member: a `Member`; the name says where it came from. */
export type CurrentUser = Member;

/** What the login modal hands its second-factor outlet when the password step needs more. */
export interface SecondFactorChallenge {
  challenge: string;
  /** The second-factor methods the member can use, as the server names them ("totp", ...). */
  methods: string[];
  /** A connector calls this with the user `api.session.completeSecondFactor` resolved with. */
  complete: (user: CurrentUser) => void;
  /**
   * Back to the password step, showing `message` there: the challenge is gone (expired, or
   * too many wrong codes) and only a new password step makes a new one.
   */
  restartLogin: (message: string) => void;
}

/**
 * Every outlet the host renders, by name, with the `@outletArgs` its connectors receive.
 * A plugin or a later host version adds outlets by declaration merging:
 * `declare module 'forum-plugin-api/frontend' { interface PluginOutlets { 'x': {...} } }`.
 */
export interface PluginOutlets {
  'user-preferences-security': { user: CurrentUser };
  /** Above the security preferences: notices the member must read before the rest. */
  'user-preferences-security-notices': { user: CurrentUser };
  'login-second-factor': SecondFactorChallenge;
  /** Below the login form's password step: other ways to log in (a passkey). `complete(user)` ends the login. */
  'login-alternatives': { complete: (user: CurrentUser) => void };
  /** The admin's page about one member (`/admin/users/:id`). */
  'admin-user': { user: Member };
  /** The admin's Logs page (`/admin/logs`): plugins add their own logs. */
  'admin-logs': Record<string, never>;
  /** The admin's site settings page (`/admin/site-settings`), above the settings: what a setting is doing now. */
  'admin-site-settings': Record<string, never>;
  /** Above the content of every page: a notice the member should see wherever they are (a deadline). */
  'site-notices': Record<string, never>;
  /**
   * The password change, once the server asked for a second factor too (the recent-login window
   * has closed): a connector asks for the member's factor (an app's code, a security key, a backup
   * code) and hands `provideAnswer` the function the form calls when it is sent, so a security
   * key's prompt runs on the member's click. Without a connector the host asks for a code itself.
   */
  'change-password-second-factor': { provideAnswer: (answer: () => Promise<SecondFactorAnswer>) => void };
}

export type OutletName = keyof PluginOutlets;

/** A component rendered inside an outlet: it receives the outlet's `@outletArgs`. */
export type Connector<Name extends OutletName> = ComponentLike<{
  Args: { outletArgs: PluginOutlets[Name] };
}>;

/** The HTTP methods the forum API uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Error codes of the host's session routes that plugins branch on (the host's own list is
 * forum-server's `HostErrorCode`; these values are the same, and part of the API contract).
 */
export const SessionErrorCode = {
  /** The login challenge expired or ran out of tries: log in again from the password step. */
  challengeInvalid: 'challenge_invalid',
  /** Wrong password ("confirm it's you"). */
  invalidCredentials: 'invalid_credentials',
  /** "Confirm it's you" needs a second factor too: the member has one. */
  secondFactorRequired: 'second_factor_required',
} as const;

/** What every modal component receives: `@close` and the `@model` it was shown with. */
export interface ModalSignature<Model> {
  Args: { close: () => void; model: Model };
}

export type ModalComponent<Model> = ComponentLike<ModalSignature<Model>>;

export interface PluginApi {
  /** Render `component` wherever `<PluginOutlet @name={{outletName}}>` appears. */
  renderInOutlet<Name extends OutletName>(outletName: Name, component: Connector<Name>): void;
  /** The connectors registered for an outlet, in registration order. */
  connectorsFor<Name extends OutletName>(outletName: Name): readonly Connector<Name>[];
  /**
   * Call the forum's JSON API through the host (same-origin cookie, CSRF token on writes,
   * test waiters). Resolves with the parsed body (undefined for 204); rejects with a
   * `PluginApiError` on a non-2xx answer, or a `TypeError` when the network failed.
   * `Result` is the caller's claim about the response shape: nothing checks it.
   */
  request<Result>(method: HttpMethod, path: string, body?: unknown): Promise<Result>;
  /** Show `component` as the host's one modal dialog (replacing any open one). */
  showModal<Model>(component: ModalComponent<Model>, model: Model): void;
  /** Close the open modal, if any. */
  closeModal(): void;
  /**
   * While registered, Escape and the dialog's × ask `guard` first, and the modal stays open
   * when it returns false (codes shown once and not saved yet, say). The guard goes when the
   * modal closes or when the returned function is called.
   */
  guardModalClose(guard: () => boolean): () => void;
  /** The logged-in member, or null for a visitor. */
  currentUser(): CurrentUser | null;
  /** The site settings the server exposes to browsers (`GET /api/site`'s `settings`). */
  siteSettings(): Readonly<Record<string, unknown>>;
}

/** A second factor as the member typed it: the method ("totp", "backup_code") and its code. */
export interface SecondFactorAnswer {
  method: string;
  /**
   * A typed code, or a structured answer the plugin's method produced (a security key's signed
   * challenge, as a JSON object): the host passes it on unread.
   */
  token: string | object;
}

/** What "confirm it's you" answers. */
export interface IdentityConfirmation {
  /** When the recent-login window opened again (ISO). */
  confirmedAt: string;
  /**
   * Stands in, once and for two minutes, for the second factor just checked: the action that
   * waited for a current code takes it instead of that code (used up by the check). Null when
   * no second factor was sent.
   */
  secondFactorGrant: string | null;
}

/**
 * The host's session steps a plugin's UI takes part in. The host owns sessions and their
 * routes, so a plugin calls these instead of naming the host's URLs. Both reject like
 * `request`: a `PluginApiError` (codes in `SessionErrorCode`, the rate limits' 429s with
 * `retryAfter`) or a `TypeError` when the network failed.
 */
export interface PluginSessionApi {
  /**
   * The login's second step: answers the challenge the password step handed the
   * `login-second-factor` outlet. Resolves with the member once the server has started their
   * session; the connector finishes the login with the outlet's `complete(user)`.
   * `SessionErrorCode.challengeInvalid`: the challenge is gone, use `restartLogin`.
   */
  completeSecondFactor(
    answer: SecondFactorAnswer & {
      challenge: string;
      /** "Trust this browser": its next logins ask only for the password (see the site's setting). */
      rememberDevice?: boolean;
    },
  ): Promise<CurrentUser>;
  /**
   * "Confirm it's you": the password, and a second factor when the member has one, open the
   * recent-login window that sensitive actions need. `SessionErrorCode.invalidCredentials`:
   * wrong password (the second factor was not checked); `secondFactorRequired`: send one too.
   */
  confirmIdentity(proof: { password: string; secondFactor?: SecondFactorAnswer | null }): Promise<IdentityConfirmation>;
  /**
   * What a method needs before the member can answer the login's second step (a security
   * key's request options), bound to that login's challenge. The plugin knows their shape.
   */
  secondFactorOptions<Options>(request: { challenge: string; method: string }): Promise<Options>;
  /** Options for logging in with a passkey, bound to this browser's session. */
  passkeyOptions<Options>(): Promise<Options>;
  /**
   * Logs in with the browser's answer to `passkeyOptions` (no password: the passkey verified
   * its member). Resolves with the member; finish with the outlet's `complete(user)`.
   */
  logInWithPasskey(response: object): Promise<CurrentUser>;
}

/** Where a navigation is going: the leaf route's name and the params of its whole chain. */
export interface RouteTarget {
  name: string;
  params: Readonly<Record<string, string | undefined>>;
}

/** Where a guard sends the navigation instead: a route name and its dynamic segments. */
export interface RouteRedirect {
  route: string;
  models?: readonly string[];
}

/**
 * Decides a navigation: `null` lets it through, a `RouteRedirect` sends it elsewhere. A guard
 * may answer later (a promise): the page starts rendering and is replaced if the answer is a
 * redirect, so keep the synchronous answer fast and the server the real gatekeeper.
 */
export type RouteGuard = (target: RouteTarget) => RouteRedirect | null | Promise<RouteRedirect | null>;

/**
 * The parts of the plugin API added after `PluginApi`'s first version. Kept as an extension
 * so stand-ins written against `PluginApi` (plugins' own tests) still type-check;
 * `withPluginApi` hands plugins the whole `ForumPluginApi`.
 */
export interface ForumPluginApi extends PluginApi {
  /** The forum's title (`GET /api/site`'s `title`). */
  siteTitle(): string;
  /**
   * Run `guard` on every navigation, once the session is known after the app starts, and
   * after a login; the first redirect any guard answers wins.
   */
  addRouteGuard(guard: RouteGuard): void;
  /** Run the guards again for the current page, after the state they read changed. */
  recheckRouteGuards(): Promise<void>;
  /** Hear about every API error answer (any caller's), e.g. to react to a 403 code. */
  onApiError(listener: (error: PluginApiError) => void): void;
  /** The login's second step and "confirm it's you", through the host. */
  readonly session: PluginSessionApi;
}

/** The part of an Ember owner the helper needs; structural so this package imports no Ember. */
export interface OwnerWithLookup {
  lookup(fullName: string): unknown;
}

/** Run `callback` with the host's plugin API: call it from an instance-initializer. */
export function withPluginApi<Result>(owner: OwnerWithLookup, callback: (api: ForumPluginApi) => Result): Result {
  return callback(owner.lookup('service:plugin-api') as ForumPluginApi);
}
