import { withPluginApi } from 'forum-plugin-api/frontend';
import AdminEnforcementNotice from '../components/admin-enforcement-notice.gts';
import { enforcementFor } from '../models/second-factor-enforcement.ts';
import type Owner from '@ember/owner';

/**
 * What the admin's `enforce_second_factor` makes members see: a route guard that sends a member
 * without an authenticator to their security page, the same on a 403 from any call, and the
 * notice there saying why.
 */
export function initialize(owner: Owner): void {
  withPluginApi(owner, (api) => {
    api.renderInOutlet('user-preferences-security-notices', AdminEnforcementNotice);

    const enforcement = enforcementFor(api);
    api.addRouteGuard(enforcement.guard);
    api.onApiError(enforcement.apiError);
  });
}

export default { initialize };
