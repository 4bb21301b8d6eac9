import QUnit from 'qunit';
import type { ApiResponse, TestClient } from 'forum-server/testing';
import { userIdOf } from './support/backup-codes.js';
import { errorCode, loggedInAdmin, memberWithAuthenticator, useForumWithPlugin } from './support/forum.js';

const { module, test } = QUnit;

function assertRefused(assert: Assert, response: ApiResponse, where: string): void {
  assert.strictEqual(response.status, 400, `${where} → ${response.status} ${response.text.slice(0, 200)}`);
  assert.strictEqual(errorCode(response), 'invalid_request', where);
}

/** The host refuses control characters at the edge; these prove the plugin's routes are behind that edge too. */
module("the plugin's routes refuse control characters", (hooks) => {
  const forum = useForumWithPlugin(hooks);
  let admin: TestClient;

  hooks.before(async () => {
    admin = await loggedInAdmin(forum(), 'badinput');
  });

  test('a NUL in the audit log username filter is a 400, not a database error (was a 500)', async (assert) => {
    const response = await admin.get('/api/admin/second-factor-events?username=%00');
    assertRefused(assert, response, 'username=%00');
    assert.true(
      String((response.body as { error: { message: string } }).error.message).startsWith('username:'),
      'the message names the parameter',
    );
  });

  test("control characters in the admin routes' query strings and path parameters", async (assert) => {
    for (const path of [
      '/api/admin/second-factor-events?username=a%01',
      '/api/admin/second-factor-events?event=%7F',
      '/api/admin/second-factor-events?page=1%00',
      '/api/admin/users/%00/second-factors',
      '/api/admin/users/1%C2%9F/second-factors',
    ]) {
      assertRefused(assert, await admin.get(path), path);
    }
    assertRefused(assert, await admin.post('/api/admin/users/%00/second-factors/reset', {}), 'reset with a NUL id');
  });

  test("control characters in a member's own routes, bodies included, change nothing", async (assert) => {
    const enrolled = await memberWithAuthenticator(forum(), 'badin');
    const id = await userIdOf(forum(), enrolled.member.username);
    const before = await forum().forum.services.db('user_second_factors').where({ user_id: id }).orderBy('id');
    assertRefused(
      assert,
      await enrolled.client.put(`/api/u/me/second-factors/totp/${enrolled.authenticatorId}`, { name: 'Pho\u0000ne' }),
      'rename with a NUL',
    );
    assertRefused(
      assert,
      await enrolled.client.put(`/api/u/me/second-factors/totp/${enrolled.authenticatorId}`, { name: 'Phone\ud800' }),
      'rename with a lone surrogate',
    );
    assertRefused(
      assert,
      await enrolled.client.post('/api/u/me/backup-codes', { method: 'totp', token: '123\u0000456' }),
      'backup codes with a NUL token',
    );
    assertRefused(
      assert,
      await enrolled.client.delete(`/api/u/me/second-factors/totp/${enrolled.authenticatorId}%00`),
      'remove with a NUL id',
    );
    assertRefused(
      assert,
      await enrolled.client.get('/api/u/me/second-factors?x=%1B'),
      'an ignored query parameter still counts',
    );
    assert.deepEqual(
      await forum().forum.services.db('user_second_factors').where({ user_id: id }).orderBy('id'),
      before,
      'nothing changed',
    );
  });
});
