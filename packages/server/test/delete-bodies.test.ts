import QUnit from 'qunit';
import { userIdOf } from './support/backup-codes.js';
import { errorCode, memberWithAuthenticator, useForumWithPlugin } from './support/forum.js';

const { module, test } = QUnit;

const json = { 'content-type': 'application/json' };

module("the plugin's DELETE routes take no body", (hooks) => {
  const forum = useForumWithPlugin(hooks);

  async function rowsOf(username: string): Promise<number> {
    const id = await userIdOf(forum(), username);
    return (await forum().forum.services.db('user_second_factors').where({ user_id: id, enabled: true })).length;
  }

  test('DELETE /api/u/me/backup-codes: invalid JSON or a body other than {} is a 400, and nothing is removed', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum());
    for (const [body, code] of [
      ['{not json', 'invalid_json'],
      ['{"confirm": true}', 'invalid_request'],
    ] as const) {
      const response = await enrolled.client.request('DELETE', '/api/u/me/backup-codes', { body, headers: json });
      assert.strictEqual(response.status, 400, body);
      assert.strictEqual(errorCode(response), code, body);
    }
    assert.strictEqual(await rowsOf(enrolled.member.username), 11, 'the authenticator and 10 codes are all there');
    const removed = await enrolled.client.request('DELETE', '/api/u/me/backup-codes', { body: '{}', headers: json });
    assert.strictEqual(removed.status, 204, removed.text);
    assert.strictEqual(await rowsOf(enrolled.member.username), 1, 'then {} removes the codes');
  });

  test('DELETE /api/u/me/second-factors/totp/:id: the same rule', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum());
    const path = `/api/u/me/second-factors/totp/${enrolled.authenticatorId}`;
    const refused = await enrolled.client.request('DELETE', path, { body: '[]', headers: json });
    assert.strictEqual(refused.status, 400);
    assert.strictEqual(errorCode(refused), 'invalid_request');
    assert.strictEqual(await rowsOf(enrolled.member.username), 11, 'nothing removed');
    assert.strictEqual((await enrolled.client.delete(path)).status, 204, 'no body is fine');
  });
});
