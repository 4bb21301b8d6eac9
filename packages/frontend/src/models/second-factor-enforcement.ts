/**
 * Enforcement in the browser (`enforce_second_factor`: staff or all). The server is the
 * gatekeeper (403 `second_factor_setup_required` on every other route); this only sends the
 * member to the one page where they can comply instead of showing them errors.
 *
 * State, not a helper: what the server last said about the logged-in member, shared by the
 * route guard, the 403 listener and the notice (one per app instance, see `enforcementFor`).
 */
import { tracked } from '@glimmer/tracking';
import { SecondFactorErrorCode } from '@second-factor/core';
import { loadSecondFactors } from '../api/second-factors.ts';
import { hasErrorCode } from '../utils/error-message.ts';
import type {
  CurrentUser,
  ForumPluginApi,
  PluginApiError,
  RouteRedirect,
  RouteTarget,
} from 'forum-plugin-api/frontend';

const SECURITY_ROUTE = 'preferences.security';

export class SecondFactorEnforcement {
  /** True while the logged-in member must set up an authenticator before anything else. */
  @tracked setupRequired = false;
  /**
   * When enforcement applies to the member and they have no second factor: the end of their
   * grace (ISO). Before it they browse as usual under a banner; after it `setupRequired` holds.
   */
  @tracked setupDeadline: string | null = null;
  /** Whose status `setupRequired` describes; a login as someone else makes it unknown. */
  #statusFor: number | null = null;
  /** The server said so (403) even though the site settings we loaded at start did not. */
  #serverInsists = false;

  readonly api: ForumPluginApi;

  constructor(api: ForumPluginApi) {
    this.api = api;
  }

  /** The route guard: everything but the member's own security page waits for setup. */
  guard = (target: RouteTarget): RouteRedirect | null | Promise<RouteRedirect | null> => {
    const user = this.api.currentUser();
    if (!user || !this.#mayApply()) return null;
    if (isOwnSecurityPage(target, user)) return null;
    // Known to be fine: answer at once. Required (or unknown): ask the server again, as the
    // member may have just finished setting up an authenticator. In their grace: let the page
    // through at once, and ask in the background (the server's clock says when it ends; the
    // banner's date follows a changed setting).
    if (this.#statusFor === user.id && !this.setupRequired) {
      if (this.setupDeadline !== null) void this.#recheckInGrace(user);
      return null;
    }
    return this.refresh(user).then(
      (required) => (required ? securityPage(user) : null),
      // Could not ask (offline?): let the navigation through, the server still refuses.
      () => null,
    );
  };

  /** A 403 `second_factor_setup_required` from any call: go where it can be fixed. */
  apiError = (error: PluginApiError): void => {
    if (!hasErrorCode(error, SecondFactorErrorCode.secondFactorSetupRequired)) return;
    const user = this.api.currentUser();
    if (!user) return;
    this.#serverInsists = true;
    this.#statusFor = user.id;
    this.setupRequired = true;
    void this.api.recheckRouteGuards();
  };

  /** Ask the server whether `user` must still set up an authenticator. */
  async refresh(user: CurrentUser): Promise<boolean> {
    const { setupRequired, setupDeadline } = await loadSecondFactors(this.api);
    this.#statusFor = user.id;
    this.setupRequired = setupRequired;
    this.setupDeadline = setupDeadline;
    return setupRequired;
  }

  /** The grace has ended since we last asked: send the member where they can set up. */
  async #recheckInGrace(user: CurrentUser): Promise<void> {
    try {
      if (await this.refresh(user)) await this.api.recheckRouteGuards();
    } catch {
      // Could not ask (offline?): the server still refuses once the grace has ended.
    }
  }

  #mayApply(): boolean {
    const setting = this.api.siteSettings()['enforce_second_factor'];
    return this.#serverInsists || (typeof setting === 'string' && setting !== 'no');
  }
}

const enforcements = new WeakMap<ForumPluginApi, SecondFactorEnforcement>();

/** One enforcement state per app instance (each test boots its own), shared by guard and notice. */
export function enforcementFor(api: ForumPluginApi): SecondFactorEnforcement {
  let enforcement = enforcements.get(api);
  if (!enforcement) {
    enforcement = new SecondFactorEnforcement(api);
    enforcements.set(api, enforcement);
  }
  return enforcement;
}

function isOwnSecurityPage(target: RouteTarget, user: CurrentUser): boolean {
  return target.name === SECURITY_ROUTE && target.params['username']?.toLowerCase() === user.username.toLowerCase();
}

function securityPage(user: CurrentUser): RouteRedirect {
  return { route: SECURITY_ROUTE, models: [user.username] };
}
