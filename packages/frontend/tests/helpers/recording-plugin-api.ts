import Service from '@ember/service';
import type {
  Connector,
  CurrentUser,
  HttpMethod,
  ModalComponent,
  OutletName,
  PluginApi,
} from 'forum-plugin-api/frontend';

/**
 * Stands in for the host's plugin-api service: the plugin only knows the PluginApi type.
 * These tests have no server, so any request fails loudly; the journeys against the real
 * server are forum-app's tests (tests/acceptance/two-factor-test.ts, backup-codes-test.ts).
 */
export default class RecordingPluginApi extends Service implements PluginApi {
  registered: Array<{ outletName: OutletName; component: unknown }> = [];
  modals: Array<{ component: unknown; model: unknown }> = [];
  user: CurrentUser | null = null;
  settings: Record<string, unknown> = { title: 'Test forum', backup_codes_low_threshold: 3 };

  renderInOutlet<Name extends OutletName>(outletName: Name, component: Connector<Name>): void {
    this.registered.push({ outletName, component });
  }

  connectorsFor<Name extends OutletName>(): readonly Connector<Name>[] {
    return [];
  }

  request<Result>(method: HttpMethod, path: string): Promise<Result> {
    return Promise.reject(new Error(`no server in the addon's tests (${method} ${path})`));
  }

  showModal<Model>(component: ModalComponent<Model>, model: Model): void {
    this.modals.push({ component, model });
  }

  closeModal(): void {}

  private closeGuard: (() => boolean) | null = null;

  guardModalClose(guard: () => boolean): () => void {
    this.closeGuard = guard;
    return () => {
      if (this.closeGuard === guard) this.closeGuard = null;
    };
  }

  /** What the host does on Escape or ×: asks the guard; true when the modal would close. */
  requestClose(): boolean {
    return this.closeGuard ? this.closeGuard() : true;
  }

  currentUser(): CurrentUser | null {
    return this.user;
  }

  siteSettings(): Readonly<Record<string, unknown>> {
    return this.settings;
  }
}
