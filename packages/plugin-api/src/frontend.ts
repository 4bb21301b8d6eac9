/**
 * The forum app's frontend plugin API, as the plugins see it.
 *
 * Plugins (v2 Ember addons) import only this module, never the host app: importing the app
 * package from an addon breaks Glint declarations (see STACK.md). The host implements
 * `PluginApi` in its `plugin-api` service; plugins reach it through the owner with
 * `withPluginApi`, the way a Discourse plugin does.
 *
 * Types only, plus one tiny runtime helper: no Ember import at runtime.
 */
import type { ComponentLike } from '@glint/template';

/** The logged-in member, as `GET /api/session/current` returns it. */
export interface CurrentUser {
  id: number;
  username: string;
  email: string;
  admin: boolean;
  createdAt: string;
}

/** What the login modal hands its second-factor outlet when the password step needs more. */
export interface SecondFactorChallenge {
  challenge: string;
  methods: string[];
  /** A connector calls this with `POST /api/session/second-factor`'s user to finish the login. */
  complete: (user: CurrentUser) => void;
}

/**
 * Every outlet the host renders, by name, with the `@outletArgs` its connectors receive.
 * A plugin or a later host version adds outlets by declaration merging:
 * `declare module 'forum-plugin-api/frontend' { interface PluginOutlets { 'x': {...} } }`.
 */
export interface PluginOutlets {
  'user-preferences-security': { user: CurrentUser };
  'login-second-factor': SecondFactorChallenge;
}

export type OutletName = keyof PluginOutlets;

/** A component rendered inside an outlet: it receives the outlet's `@outletArgs`. */
export type Connector<Name extends OutletName> = ComponentLike<{
  Args: { outletArgs: PluginOutlets[Name] };
}>;

export interface PluginApi {
  /** Render `component` wherever `<PluginOutlet @name={{outletName}}>` appears. */
  renderInOutlet<Name extends OutletName>(outletName: Name, component: Connector<Name>): void;
  /** The connectors registered for an outlet, in registration order. */
  connectorsFor<Name extends OutletName>(outletName: Name): readonly Connector<Name>[];
}

/** The part of an Ember owner the helper needs; structural so this package imports no Ember. */
export interface OwnerWithLookup {
  lookup(fullName: string): unknown;
}

/** Run `callback` with the host's plugin API: call it from an instance-initializer. */
export function withPluginApi<Result>(
  owner: OwnerWithLookup,
  callback: (api: PluginApi) => Result,
): Result {
  return callback(owner.lookup('service:plugin-api') as PluginApi);
}
