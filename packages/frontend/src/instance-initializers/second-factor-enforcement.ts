import { withPluginApi } from 'forum-plugin-api/frontend';
import AdminEnforcementEnrolment from '../components/admin-enforcement-enrolment.gts';
import AdminEnforcementNotice from '../components/admin-enforcement-notice.gts';
import EnforcementGraceBanner from '../components/enforcement-grace-banner.gts';
import { enforcementFor } from '../models/second-factor-enforcement.ts';
import type Owner from '@ember/owner';

/**
 * What the admin's `enforce_second_factor` makes members see: during their grace a banner on
 * every page with the deadline; after it a route guard that sends a member without an
 * authenticator to their security page, the same on a 403 from any call, and the notice there
 * saying why. Admins see, beside the setting, how many members have enrolled.
 */
export function initialize(owner: Owner): void {
  withPluginApi(owner, (api) => {
    api.renderInOutlet('user-preferences-security-notices', AdminEnforcementNotice);
    api.renderInOutlet('site-notices', EnforcementGraceBanner);
    api.renderInOutlet('admin-site-settings', AdminEnforcementEnrolment);

    const enforcement = enforcementFor(api);
    api.addRouteGuard(enforcement.guard);
    api.onApiError(enforcement.apiError);
  });
}

export default { initialize };
