import { withPluginApi } from 'forum-plugin-api/frontend';
import ChangePasswordSecondFactor from '../components/change-password-second-factor.gts';
import LoginSecondFactor from '../components/login-second-factor.gts';
import PasskeyLogin from '../components/passkey-login.gts';
import TwoFactorPreferences from '../components/two-factor-preferences.gts';
import type Owner from '@ember/owner';
import '../styles/second-factor.css';

/**
 * The plugin's entry point in the browser (Discourse's `withPluginApi` initializer): the
 * host app discovers it through this addon's app-js, so installing the plugin needs no
 * edit in the app.
 */
export function initialize(owner: Owner): void {
  withPluginApi(owner, (api) => {
    api.renderInOutlet('user-preferences-security', TwoFactorPreferences);
    api.renderInOutlet('login-second-factor', LoginSecondFactor);
    api.renderInOutlet('login-alternatives', PasskeyLogin);
    api.renderInOutlet('change-password-second-factor', ChangePasswordSecondFactor);
  });
}

export default { initialize };
