import Service, { service } from '@ember/service';
import { waitForPromise } from '@ember/test-waiters';
import { TrackedMap } from 'forum-app/utils/tracked-map';
import type Owner from '@ember/owner';
import type RouterService from '@ember/routing/router-service';
import type Transition from '@ember/routing/transition';
import type RouteInfo from '@ember/routing/route-info';
import type ApiService from './api';
import type ModalService from './modal';
import type SessionService from './session';
import type SiteService from './site';
import type {
  Connector,
  CurrentUser,
  ForumPluginApi,
  HttpMethod,
  ModalComponent,
  OutletName,
  PluginApiError,
  PluginSessionApi,
  RouteGuard,
  RouteRedirect,
  RouteTarget,
} from 'forum-plugin-api/frontend';

/**
 * The host side of the frontend plugin API (forum-plugin-api/frontend): plugins reach it
 * from an instance-initializer with `withPluginApi(owner, api => ...)`, and from their
 * components as the `plugin-api` service. Every method delegates to a host service, so a
 * plugin gets the host's CSRF handling, error shape and modal without importing the host.
 */
export default class PluginApiService extends Service implements ForumPluginApi {
  @service declare api: ApiService;
  @service declare modal: ModalService;
  // Not `session`: that name is the plugin API's own `session` below.
  @service('session') declare hostSession: SessionService;
  @service declare site: SiteService;
  @service declare router: RouterService;

  // Keyed by outlet name; each value holds that outlet's connectors.
  #connectors = new TrackedMap<OutletName, readonly unknown[]>();
  #guards: RouteGuard[] = [];
  /** The navigation under way, if any: a recheck is about where it goes. */
  #pending: Transition | null = null;
  /** Counts navigations, so a late guard answer never redirects a newer one. */
  #navigations = 0;
  #stopHearingLogins: () => void;

  readonly session: PluginSessionApi = {
    completeSecondFactor: (answer) => this.hostSession.completeSecondFactor(answer),
    confirmIdentity: (proof) => this.hostSession.confirmIdentity(proof),
    secondFactorOptions: (request) => this.hostSession.secondFactorOptions(request),
    passkeyOptions: () => this.hostSession.passkeyOptions(),
    logInWithPasskey: (response) => this.hostSession.logInWithPasskey(response),
  };

  constructor(owner: Owner) {
    super(owner);
    this.router.on('routeWillChange', this.#routeWillChange);
    this.router.on('routeDidChange', this.#routeDidChange);
    // The session service does not know this one (no import cycle): it tells listeners.
    this.#stopHearingLogins = this.hostSession.onLoggedIn(() => void this.recheckRouteGuards());
  }

  willDestroy(): void {
    super.willDestroy();
    this.router.off('routeWillChange', this.#routeWillChange);
    this.router.off('routeDidChange', this.#routeDidChange);
    this.#stopHearingLogins();
  }

  renderInOutlet<Name extends OutletName>(outletName: Name, component: Connector<Name>): void {
    const existing = this.#connectors.get(outletName) ?? [];
    this.#connectors.set(outletName, [...existing, component]);
  }

  connectorsFor<Name extends OutletName>(outletName: Name): readonly Connector<Name>[] {
    // Only renderInOutlet writes the map, always with a Connector<Name> under Name.
    return (this.#connectors.get(outletName) ?? []) as readonly Connector<Name>[];
  }

  request<Result>(method: HttpMethod, path: string, body?: unknown): Promise<Result> {
    return this.api.request<Result>(method, path, body);
  }

  showModal<Model>(component: ModalComponent<Model>, model: Model): void {
    this.modal.show(component, model);
  }

  closeModal(): void {
    this.modal.close();
  }

  guardModalClose(guard: () => boolean): () => void {
    return this.modal.guardClose(guard);
  }

  currentUser(): CurrentUser | null {
    return this.hostSession.user;
  }

  siteSettings(): Readonly<Record<string, unknown>> {
    return this.site.settings;
  }

  siteTitle(): string {
    return this.site.title;
  }

  addRouteGuard(guard: RouteGuard): void {
    this.#guards.push(guard);
  }

  recheckRouteGuards(): Promise<void> {
    const route = this.#pending?.to ?? this.router.currentRoute;
    if (!route || this.#guards.length === 0) return Promise.resolve();
    return waitForPromise(this.#guard(route));
  }

  onApiError(listener: (error: PluginApiError) => void): void {
    this.api.onError(listener);
  }

  #routeWillChange = (transition: Transition): void => {
    this.#pending = transition;
    this.#navigations += 1;
    if (!transition.to || this.#guards.length === 0) return;
    // Not awaited: a navigation cannot wait for a guard (see RouteGuard); test waiters can.
    void waitForPromise(this.#guard(transition.to));
  };

  #routeDidChange = (): void => {
    this.#pending = null;
  };

  /** Ask every guard about `route`; follow the first redirect unless the member moved on. */
  async #guard(route: RouteInfo): Promise<void> {
    const navigation = this.#navigations;
    const target = routeTarget(route);
    const answers = await Promise.all(this.#guards.map((guard) => askGuard(guard, target)));
    const redirect = answers.find((answer): answer is RouteRedirect => answer !== null);
    // A newer navigation started meanwhile: its own guards decide about it.
    if (!redirect || navigation !== this.#navigations) return;
    this.router.transitionTo(redirect.route, ...(redirect.models ?? []));
  }
}

/** A guard that throws must not strand the member: report it and let the navigation through. */
async function askGuard(guard: RouteGuard, target: RouteTarget): Promise<RouteRedirect | null> {
  try {
    return await guard(target);
  } catch (error) {
    console.error('A route guard failed; ignoring it for this navigation.', error);
    return null;
  }
}

/** The leaf route's name with the params of its whole chain (`:username` lives on a parent). */
function routeTarget(route: RouteInfo): RouteTarget {
  const params: Record<string, string | undefined> = {};
  for (let info: RouteInfo | null = route; info; info = info.parent) {
    for (const [key, value] of Object.entries(info.params ?? {})) {
      if (typeof value === 'string') params[key] ??= value;
    }
  }
  return { name: route.name, params };
}
