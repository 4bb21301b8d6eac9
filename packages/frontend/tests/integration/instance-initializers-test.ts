import { module, test } from 'qunit';
import { setupTest } from 'ember-qunit';
import { initialize as initializeActivity } from '#src/instance-initializers/second-factor-activity.ts';
import { initialize as initializeAdmin } from '#src/instance-initializers/second-factor-admin.ts';
import { initialize as initializeEnforcement } from '#src/instance-initializers/second-factor-enforcement.ts';
import AdminEnforcementEnrolment from '#src/components/admin-enforcement-enrolment.gts';
import AdminEnforcementNotice from '#src/components/admin-enforcement-notice.gts';
import EnforcementGraceBanner from '#src/components/enforcement-grace-banner.gts';
import AdminSecondFactorEvents from '#src/components/admin-second-factor-events.gts';
import AdminUserSecondFactors from '#src/components/admin-user-second-factors.gts';
import SecurityActivity from '#src/components/security-activity.gts';
import { enforcementFor } from '#src/models/second-factor-enforcement.ts';
import FakePluginApi, { registerFakePluginApi } from '../helpers/fake-plugin-api.ts';

// Each initializer registers what its name says (the member's panel and login step are in
// two-factor-preferences-test).
module('Integration | instance-initializers', function (hooks) {
  setupTest(hooks);

  test('second-factor-admin registers the admin pages only', function (assert) {
    const api = registerFakePluginApi(this.owner, new FakePluginApi());
    initializeAdmin(this.owner);
    assert.deepEqual(api.registered, [
      { outletName: 'admin-user', component: AdminUserSecondFactors },
      { outletName: 'admin-logs', component: AdminSecondFactorEvents },
    ]);
    assert.strictEqual(api.guards.length, 0);
  });

  test("second-factor-activity registers the member's recent activity", function (assert) {
    const api = registerFakePluginApi(this.owner, new FakePluginApi());
    initializeActivity(this.owner);
    assert.deepEqual(api.registered, [{ outletName: 'user-preferences-security', component: SecurityActivity }]);
  });

  test('second-factor-enforcement registers the notice, the grace banner, the enrolment panel, the route guard and the 403 listener', function (assert) {
    const api = registerFakePluginApi(this.owner, new FakePluginApi());
    initializeEnforcement(this.owner);
    assert.deepEqual(api.registered, [
      { outletName: 'user-preferences-security-notices', component: AdminEnforcementNotice },
      { outletName: 'site-notices', component: EnforcementGraceBanner },
      { outletName: 'admin-site-settings', component: AdminEnforcementEnrolment },
    ]);
    const enforcement = enforcementFor(api);
    assert.deepEqual(api.guards, [enforcement.guard]);
    assert.deepEqual(api.apiErrorListeners, [enforcement.apiError]);
  });
});
