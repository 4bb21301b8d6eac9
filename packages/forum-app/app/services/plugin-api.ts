import Service from '@ember/service';
import { TrackedMap } from 'forum-app/utils/tracked-map';
import type { Connector, OutletName, PluginApi } from 'forum-plugin-api/frontend';

/**
 * The host side of the frontend plugin API (forum-plugin-api/frontend): plugins reach it
 * from an instance-initializer with `withPluginApi(owner, api => ...)`.
 */
export default class PluginApiService extends Service implements PluginApi {
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
}
