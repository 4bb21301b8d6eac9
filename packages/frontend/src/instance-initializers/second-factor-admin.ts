import { withPluginApi } from 'forum-plugin-api/frontend';
import AdminEnforcementNotice from '../components/admin-enforcement-notice.gts';
import AdminSecondFactorEvents from '../components/admin-second-factor-events.gts';
import SecurityActivity from '../components/security-activity.gts';
import AdminUserSecondFactors from '../components/admin-user-second-factors.gts';
import { enforcementFor } from '../utils/admin-enforcement.ts';
import type Owner from '@ember/owner';

/**
 * The plugin's admin side, and what the admin's settings make members see: the member's 2FA
 * panel and reset, the audit log, enforcement (guard, 403 handling, notice), and the member's
 * own recent activity under their two-factor panel.
 */
export function initialize(owner: Owner): void {
  withPluginApi(owner, (api) => {
    api.renderInOutlet('admin-user', AdminUserSecondFactors);
    api.renderInOutlet('admin-logs', AdminSecondFactorEvents);
    api.renderInOutlet('user-preferences-security', SecurityActivity);
    api.renderInOutlet('user-preferences-security-notices', AdminEnforcementNotice);

    const enforcement = enforcementFor(api);
    api.addRouteGuard(enforcement.guard);
    api.onApiError(enforcement.apiError);
  });
}

// After the member-facing initializer, so the activity list renders below the 2FA panel.
export default { initialize, after: 'second-factor' };
