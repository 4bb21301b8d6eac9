import { withPluginApi } from 'forum-plugin-api/frontend';
import TwoFactorPreferences from '../components/two-factor-preferences.gts';
import type Owner from '@ember/owner';

/**
 * The plugin's entry point in the browser (Discourse's `withPluginApi` initializer): the
 * host app discovers it through this addon's app-js, so installing the plugin needs no
 * edit in the app.
 */
export function initialize(owner: Owner): void {
  withPluginApi(owner, (api) => {
    api.renderInOutlet('user-preferences-security', TwoFactorPreferences);
  });
}

export default { initialize };
