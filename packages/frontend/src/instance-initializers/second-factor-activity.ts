import { withPluginApi } from 'forum-plugin-api/frontend';
import SecurityActivity from '../components/security-activity.gts';
import type Owner from '@ember/owner';

/** The member's own recent second-factor activity, under their two-factor panel. */
export function initialize(owner: Owner): void {
  withPluginApi(owner, (api) => {
    api.renderInOutlet('user-preferences-security', SecurityActivity);
  });
}

// After the member-facing initializer, so the activity list renders below the 2FA panel.
export default { initialize, after: 'second-factor' };
