import { withPluginApi } from 'forum-plugin-api/frontend';
import AdminSecondFactorEvents from '../components/admin-second-factor-events.gts';
import AdminUserSecondFactors from '../components/admin-user-second-factors.gts';
import type Owner from '@ember/owner';

/** The plugin's admin pages: a member's 2FA summary and reset, and the second-factor audit log. */
export function initialize(owner: Owner): void {
  withPluginApi(owner, (api) => {
    api.renderInOutlet('admin-user', AdminUserSecondFactors);
    api.renderInOutlet('admin-logs', AdminSecondFactorEvents);
  });
}

export default { initialize };
