import QUnit from 'qunit';
import type { SecondFactorsStatus } from '@second-factor/core';
import type { TestClient } from 'forum-server/testing';
import { setSettings, userIdOf } from './support/backup-codes.js';
import { errorCode, loggedInAdmin, memberWithAuthenticator, newMember, useForumWithPlugin } from './support/forum.js';

const { module, test } = QUnit;

interface EventRow {
  event: string;
  username: string;
  actorUsername: string | null;
  details: Record<string, unknown>;
}

module('admins: summary, reset, audit log', (hooks) => {
  const forum = useForumWithPlugin(hooks);
  let admin: TestClient;

  hooks.before(async () => {
    admin = await loggedInAdmin(forum(), 'admin');
  });

  test("an admin sees a member's second factors and resets them; the member logs in with the password alone", async (assert) => {
    const enrolled = await memberWithAuthenticator(forum());
    const id = await userIdOf(forum(), enrolled.member.username);
    const summary = await admin.get(`/api/admin/users/${id}/second-factors`);
    assert.deepEqual(
      { ...summary.body, lastUsedAt: typeof summary.body.lastUsedAt },
      { enabled: true, authenticators: 1, securityKeys: [], backupCodesRemaining: 10, lastUsedAt: 'string' },
    );

    const reset = await admin.post(`/api/admin/users/${id}/second-factors/reset`, {});
    assert.strictEqual(reset.status, 200, reset.text);
    assert.deepEqual(reset.body, { removed: 11 });
    assert.deepEqual(await forum().forum.services.db('user_second_factors').where({ user_id: id }), []);
    const again = forum().client();
    const login = await again.logIn(enrolled.member.username, enrolled.member.password);
    assert.ok('user' in login.body, 'password alone logs in');

    // The reset ended the member's earlier sessions: they read their events from the new one.
    const own = await again.get<{ events: EventRow[] }>('/api/u/me/second-factor-events');
    const resetEvent = own.body.events.find((e) => e.event === 'second_factors_reset');
    assert.strictEqual(
      resetEvent?.actorUsername,
      admin === null ? null : (await forum().forum.services.db('users').where({ admin: true }).first()).username,
      'actor recorded',
    );
    assert.deepEqual(resetEvent?.details, {
      via: 'admin',
      authenticators: 1,
      backupCodes: 10,
      securityKeys: 0,
      trustedBrowsersEnded: 0,
    });
  });

  test("the reset needs the admin's own recent authentication", async (assert) => {
    const enrolled = await memberWithAuthenticator(forum());
    const id = await userIdOf(forum(), enrolled.member.username);
    await forum()
      .forum.services.db('sessions')
      .where({ user_id: (await forum().forum.services.db('users').where({ admin: true }).first()).id })
      .update({ recent_auth_at: new Date(Date.now() - 3600_000) });
    const refused = await admin.post(`/api/admin/users/${id}/second-factors/reset`, {});
    assert.strictEqual(errorCode(refused), 'recent_auth_required');
    assert.strictEqual(
      (await forum().forum.services.db('user_second_factors').where({ user_id: id })).length,
      11,
      'nothing removed',
    );
    await forum().forum.services.db('sessions').update({ recent_auth_at: new Date() });
  });

  test('members cannot use the admin routes; unknown members are 404', async (assert) => {
    const member = await memberWithAuthenticator(forum());
    const id = await userIdOf(forum(), member.member.username);
    assert.strictEqual(errorCode(await member.client.get(`/api/admin/users/${id}/second-factors`)), 'forbidden');
    assert.strictEqual(
      errorCode(await member.client.post(`/api/admin/users/${id}/second-factors/reset`, {})),
      'forbidden',
    );
    assert.strictEqual(errorCode(await member.client.get('/api/admin/second-factor-events')), 'forbidden');
    assert.strictEqual(errorCode(await admin.get('/api/admin/users/999999/second-factors')), 'not_found');
    assert.strictEqual(errorCode(await admin.get('/api/admin/users/abc/second-factors')), 'invalid_request');
  });

  test('the audit log filters by member and event, newest first, paginated', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum());
    const all = await admin.get<{ events: EventRow[]; total: number; perPage: number }>(
      `/api/admin/second-factor-events?username=${enrolled.member.username}`,
    );
    assert.deepEqual(
      all.body.events.map((e) => e.event),
      ['backup_codes_created', 'totp_enabled', 'totp_created'],
    );
    const filtered = await admin.get<{ events: EventRow[] }>(
      `/api/admin/second-factor-events?username=${enrolled.member.username}&event=totp_enabled`,
    );
    assert.deepEqual(
      filtered.body.events.map((e) => e.event),
      ['totp_enabled'],
    );
    const everyone = await admin.get<{ events: EventRow[]; total: number; page: number }>(
      '/api/admin/second-factor-events?page=1',
    );
    assert.ok(everyone.body.total >= 3);
    const beyond = await admin.get<{ events: EventRow[] }>('/api/admin/second-factor-events?page=9999');
    assert.deepEqual(beyond.body.events, []);
    assert.strictEqual(errorCode(await admin.get('/api/admin/second-factor-events?event=nonsense')), 'invalid_request');
    assert.strictEqual(errorCode(await admin.get('/api/admin/second-factor-events?page=0')), 'invalid_request');
  });

  test('the admin finds members by name', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum(), 'findme');
    const found = await admin.get<{ users: { username: string }[] }>(
      `/api/admin/users?q=${enrolled.member.username.slice(0, 8)}`,
    );
    assert.ok(found.body.users.some((u) => u.username === enrolled.member.username));
    const one = await admin.get<{ user: { username: string } }>(
      `/api/admin/users/${await userIdOf(forum(), enrolled.member.username)}`,
    );
    assert.strictEqual(one.body.user.username, enrolled.member.username);
  });
});

module('enforcement', (hooks) => {
  const forum = useForumWithPlugin(hooks);
  hooks.afterEach(async () => {
    await setSettings(forum(), { enforce_second_factor: 'no', second_factor_enforcement_grace_days: 7 });
  });

  test('"staff": an admin without an authenticator can reach only the 2FA setup until they have one', async (assert) => {
    const credentials = newMember('staff');
    await forum().forum.createUser({ ...credentials, admin: true });
    // No grace period: blocked at once (the grace has its own tests, enforcement-grace.test.ts).
    await setSettings(forum(), { enforce_second_factor: 'staff', second_factor_enforcement_grace_days: 0 });
    const staff = forum().client();
    await staff.logIn(credentials.username, credentials.password);
    const blocked = await staff.get('/api/admin/site-settings');
    assert.strictEqual(blocked.status, 403);
    assert.strictEqual(errorCode(blocked), 'second_factor_setup_required');
    assert.true((await staff.get<SecondFactorsStatus>('/api/u/me/second-factors')).body.setupRequired);

    const member = forum().client();
    await member.signUp(newMember());
    assert.false(
      (await member.get<SecondFactorsStatus>('/api/u/me/second-factors')).body.setupRequired,
      '"staff" does not apply to members',
    );

    const pending = await staff.post<{ id: number; secret: string }>('/api/u/me/second-factors/totp', {});
    assert.strictEqual(pending.status, 201, 'setting up 2FA is allowed');
  });

  test('"all": every member without an authenticator is sent to set one up; with one, nothing changes', async (assert) => {
    // No grace period: blocked at once (the grace has its own tests, enforcement-grace.test.ts).
    await setSettings(forum(), { enforce_second_factor: 'all', second_factor_enforcement_grace_days: 0 });
    const member = forum().client();
    await member.signUp(newMember());
    assert.true((await member.get<SecondFactorsStatus>('/api/u/me/second-factors')).body.setupRequired);
    const enrolled = await memberWithAuthenticator(forum());
    assert.false((await enrolled.client.get<SecondFactorsStatus>('/api/u/me/second-factors')).body.setupRequired);
  });
});
