import type Owner from '@ember/owner';
import type {
  Connector,
  CurrentUser,
  ForumPluginApi,
  HttpMethod,
  IdentityConfirmation,
  ModalComponent,
  OutletName,
  PluginApiError,
  PluginSessionApi,
  RouteGuard,
} from 'forum-plugin-api/frontend';

/**
 * The one stand-in for the host's plugin-api service in the addon's tests: the plugin only
 * knows the `ForumPluginApi` type. It records what the plugin registers and shows; these tests
 * have no server, so any request fails loudly unless a test scripts `request` (assign it, or
 * override it in a subclass). The journeys against the real server are forum-app's tests
 * (tests/acceptance/two-factor-test.ts, backup-codes-test.ts).
 */
export default class FakePluginApi implements ForumPluginApi {
  registered: Array<{ outletName: OutletName; component: unknown }> = [];
  modals: Array<{ component: unknown; model: unknown }> = [];
  guards: RouteGuard[] = [];
  apiErrorListeners: Array<(error: PluginApiError) => void> = [];
  /** How often the plugin asked to run the route guards again. */
  rechecks = 0;
  user: CurrentUser | null = null;
  settings: Record<string, unknown> = { title: 'Test forum', backup_codes_low_threshold: 3 };
  title = 'Forum';
  #closeGuard: (() => boolean) | null = null;

  /**
   * As the host's session service does it: through `request`, to the host's routes, so a test
   * scripting `request` sees these calls among the plugin's own.
   */
  readonly session: PluginSessionApi = {
    completeSecondFactor: async ({ challenge, method, token, rememberDevice }) => {
      const { user } = await this.request<{ user: CurrentUser }>('POST', '/api/session/second-factor', {
        challenge,
        method,
        token,
        ...(rememberDevice ? { rememberDevice } : {}),
      });
      return user;
    },
    confirmIdentity: async ({ password, secondFactor }): Promise<IdentityConfirmation> => {
      const body = secondFactor ? { password, method: secondFactor.method, token: secondFactor.token } : { password };
      const answer = await this.request<{ confirmedAt: string; secondFactorGrant?: string }>(
        'POST',
        '/api/session/confirm',
        body,
      );
      return { confirmedAt: answer.confirmedAt, secondFactorGrant: answer.secondFactorGrant ?? null };
    },
    secondFactorOptions: <Options>({ challenge, method }: { challenge: string; method: string }) =>
      this.request<Options>('POST', `/api/session/second-factor/${method}-options`, { challenge }),
    passkeyOptions: <Options>() => this.request<Options>('POST', '/api/session/passkey-options', {}),
    logInWithPasskey: async (response: object) => {
      const { user } = await this.request<{ user: CurrentUser }>('POST', '/api/session/passkey', { response });
      return user;
    },
  };

  renderInOutlet<Name extends OutletName>(outletName: Name, component: Connector<Name>): void {
    this.registered.push({ outletName, component });
  }

  connectorsFor<Name extends OutletName>(_outletName: Name): readonly Connector<Name>[] {
    return [];
  }

  request<Result>(method: HttpMethod, path: string, _body?: unknown): Promise<Result> {
    return Promise.reject(new Error(`no server in the addon's tests (${method} ${path})`));
  }

  showModal<Model>(component: ModalComponent<Model>, model: Model): void {
    this.modals.push({ component, model });
  }

  closeModal(): void {}

  guardModalClose(guard: () => boolean): () => void {
    this.#closeGuard = guard;
    return () => {
      if (this.#closeGuard === guard) this.#closeGuard = null;
    };
  }

  /** What the host does on Escape or ×: asks the guard; true when the modal would close. */
  requestClose(): boolean {
    return this.#closeGuard ? this.#closeGuard() : true;
  }

  currentUser(): CurrentUser | null {
    return this.user;
  }

  siteSettings(): Readonly<Record<string, unknown>> {
    return this.settings;
  }

  siteTitle(): string {
    return this.title;
  }

  addRouteGuard(guard: RouteGuard): void {
    this.guards.push(guard);
  }

  recheckRouteGuards(): Promise<void> {
    this.rechecks += 1;
    return Promise.resolve();
  }

  onApiError(listener: (error: PluginApiError) => void): void {
    this.apiErrorListeners.push(listener);
  }
}

/** Make `api` the test app's `service:plugin-api`, which the plugin's components inject. */
export function registerFakePluginApi<Api extends FakePluginApi>(owner: Owner, api: Api): Api {
  owner.register('service:plugin-api', api, { instantiate: false });
  return api;
}
