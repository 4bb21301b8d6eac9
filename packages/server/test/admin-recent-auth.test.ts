import QUnit from 'qunit';
import type { TestClient, TestForum } from 'forum-server/testing';
import { userIdOf } from './support/backup-codes.js';
import { errorCode, memberWithAuthenticator, newMember, useForumWithPlugin } from './support/forum.js';
import { nowSeconds, totpAt } from './support/rfc6238.js';

const { module, test } = QUnit;

/** An admin logged in on a fresh client, with their id and password. */
async function newAdmin(forum: TestForum): Promise<{ client: TestClient; id: number; password: string }> {
  const credentials = newMember('admin');
  const { id } = await forum.forum.createUser({ ...credentials, admin: true });
  const client = forum.client();
  await client.logIn(credentials.username, credentials.password);
  return { client, id, password: credentials.password };
}

/** Their last full authentication was an hour ago: the recent-auth window has closed. */
async function ageSessions(forum: TestForum, userId: number): Promise<void> {
  await forum.forum.services
    .db('sessions')
    .where({ user_id: userId })
    .update({ recent_auth_at: new Date(Date.now() - 3600_000) });
}

module('admin changes that weaken second factors or limits', (hooks) => {
  const forum = useForumWithPlugin(hooks);

  test('outside the recent-auth window every sensitive setting is refused, and nothing changes', async (assert) => {
    const admin = await newAdmin(forum());
    await ageSessions(forum(), admin.id);
    const before = await forum().forum.services.settings.all();
    const weakenings: Record<string, unknown>[] = [
      { second_factor_max_failures_per_hour: 100 },
      { second_factor_max_failures_per_ip_per_hour: 1000 },
      { backup_codes_enabled: false },
      { enforce_second_factor: 'staff' },
      { backup_codes_count: 5 },
      { backup_code_length: 20 },
      { backup_codes_tripwire_days: 0 },
      { second_factor_enforcement_grace_days: 90 },
      { recent_auth_window_minutes: 60 },
      { login_max_failures_per_account: 100 },
      { login_max_failures_per_ip: 1000 },
      { title: 'Harmless', backup_codes_enabled: false },
    ];
    for (const settings of weakenings) {
      const response = await admin.client.put('/api/admin/site-settings', { settings });
      assert.strictEqual(response.status, 403, JSON.stringify(settings));
      assert.strictEqual(errorCode(response), 'recent_auth_required', JSON.stringify(settings));
    }
    assert.deepEqual(await forum().forum.services.settings.all(), before, 'nothing written');
    const changes = await forum()
      .forum.services.db('admin_actions')
      .where({ actor_id: admin.id, action: 'site_setting_changed' });
    assert.deepEqual(changes, [], 'nothing logged as changed');
  });

  test('outside the window, settings that are not sensitive still save, and so does an unchanged value', async (assert) => {
    const admin = await newAdmin(forum());
    await ageSessions(forum(), admin.id);
    const harmless = await admin.client.put('/api/admin/site-settings', {
      settings: { title: 'Night Owls', backup_codes_low_threshold: 3 },
    });
    assert.strictEqual(harmless.status, 200, harmless.text);
    const listed = (harmless.body as { settings: { name: string; sensitive: boolean }[] }).settings;
    assert.deepEqual(
      listed
        .filter((s) => s.sensitive)
        .map((s) => s.name)
        .sort(),
      [
        'backup_code_length',
        'backup_codes_count',
        'backup_codes_enabled',
        'backup_codes_tripwire_days',
        'enforce_second_factor',
        'login_max_failures_per_account',
        'login_max_failures_per_ip',
        'recent_auth_window_minutes',
        'second_factor_enforcement_grace_days',
        'second_factor_max_failures_per_hour',
        'second_factor_max_failures_per_ip_per_hour',
        'second_factor_trusted_device_days',
      ],
      'the listing says which settings are sensitive',
    );
    const same = await admin.client.put('/api/admin/site-settings', { settings: { backup_codes_enabled: true } });
    assert.strictEqual(same.status, 200, 'writing the current value again is not a change');
    await admin.client.put('/api/admin/site-settings', { settings: { title: 'Forum', backup_codes_low_threshold: 2 } });
  });

  test('after "confirm it\'s you" the same change is allowed, and logged with the admin', async (assert) => {
    const admin = await newAdmin(forum());
    await ageSessions(forum(), admin.id);
    assert.strictEqual(
      errorCode(
        await admin.client.put('/api/admin/site-settings', { settings: { second_factor_max_failures_per_hour: 20 } }),
      ),
      'recent_auth_required',
    );
    const confirmed = await admin.client.post('/api/session/confirm', { password: admin.password });
    assert.strictEqual(confirmed.status, 200, confirmed.text);
    const changed = await admin.client.put('/api/admin/site-settings', {
      settings: { second_factor_max_failures_per_hour: 20 },
    });
    assert.strictEqual(changed.status, 200, changed.text);
    const logged = await forum()
      .forum.services.db('admin_actions')
      .where({ actor_id: admin.id, subject: 'second_factor_max_failures_per_hour' })
      .first();
    assert.deepEqual(logged?.details, { previous: 10, value: 20 });
    await admin.client.put('/api/admin/site-settings', { settings: { second_factor_max_failures_per_hour: 10 } });
  });
});

module("an admin reset ends the member's sessions", (hooks) => {
  const forum = useForumWithPlugin(hooks);

  test('a member logged in on two browsers is logged out of both', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum());
    const id = await userIdOf(forum(), enrolled.member.username);
    const laptop = enrolled.client;
    const phone = forum().client();
    const step1 = await phone.logIn(enrolled.member.username, enrolled.member.password);
    const step2 = await phone.post('/api/session/second-factor', {
      challenge: (step1.body as { challenge: string }).challenge,
      method: 'totp',
      token: totpAt(enrolled.secret, nowSeconds() + 30),
    });
    assert.strictEqual(step2.status, 200, step2.text);
    assert.strictEqual((await laptop.get('/api/session/current')).status, 200);
    assert.strictEqual((await phone.get('/api/session/current')).status, 200);

    const admin = await newAdmin(forum());
    const reset = await admin.client.post(`/api/admin/users/${id}/second-factors/reset`, {});
    assert.strictEqual(reset.status, 200, reset.text);
    assert.strictEqual((await laptop.get('/api/session/current')).status, 404, 'the first browser is logged out');
    assert.strictEqual((await phone.get('/api/session/current')).status, 404, 'the second too');
    assert.deepEqual(await forum().forum.services.db('sessions').where({ user_id: id }), [], 'no session row left');
    assert.strictEqual(
      (await admin.client.get('/api/session/current')).status,
      200,
      "the admin's own session is untouched",
    );
  });

  test('an admin resetting their own second factors keeps the session they use, and only that one', async (assert) => {
    const admin = await newAdmin(forum());
    const credentials = await forum().forum.services.db('users').where({ id: admin.id }).first('username');
    const other = forum().client();
    await other.logIn(credentials.username, admin.password);
    const reset = await admin.client.post(`/api/admin/users/${admin.id}/second-factors/reset`, {});
    assert.strictEqual(reset.status, 200, reset.text);
    assert.strictEqual((await admin.client.get('/api/session/current')).status, 200, 'the current session stays');
    assert.strictEqual((await other.get('/api/session/current')).status, 404, 'the other one ends');
  });
});
