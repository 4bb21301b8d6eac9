import Service, { service } from '@ember/service';
import { TrackedMap } from 'forum-app/utils/tracked-map';
import type ApiService from './api';
import type ModalService from './modal';
import type SessionService from './session';
import type SiteService from './site';
import type {
  Connector,
  CurrentUser,
  HttpMethod,
  ModalComponent,
  OutletName,
  PluginApi,
} from 'forum-plugin-api/frontend';

/**
 * The host side of the frontend plugin API (forum-plugin-api/frontend): plugins reach it
 * from an instance-initializer with `withPluginApi(owner, api => ...)`, and from their
 * components as the `plugin-api` service. Every method delegates to a host service, so a
 * plugin gets the host's CSRF handling, error shape and modal without importing the host.
 */
export default class PluginApiService extends Service implements PluginApi {
  @service declare api: ApiService;
  @service declare modal: ModalService;
  @service declare session: SessionService;
  @service declare site: SiteService;

  // Keyed by outlet name; each value holds that outlet's connectors.
  #connectors = new TrackedMap<OutletName, readonly unknown[]>();

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

  currentUser(): CurrentUser | null {
    return this.session.user;
  }

  siteSettings(): Readonly<Record<string, unknown>> {
    return this.site.settings;
  }
}
