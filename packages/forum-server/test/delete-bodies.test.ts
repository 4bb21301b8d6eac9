import QUnit from 'qunit';
import { errorCode, newMember, useForum } from './helpers.js';

const { module, test } = QUnit;

const json = { 'content-type': 'application/json' };

module('DELETE takes no body', (hooks) => {
  const forum = useForum(hooks);

  test('invalid JSON, or any body but {}, is a 400 and changes nothing', async (assert) => {
    const client = forum().client();
    await client.signUp(newMember());
    const cases: [string, string][] = [
      ['{not json', 'invalid_json'],
      ['{"everywhere": true}', 'invalid_request'],
      ['[]', 'invalid_request'],
      ['"x"', 'invalid_json'],
    ];
    for (const [body, code] of cases) {
      const response = await client.request('DELETE', '/api/session', { body, headers: json });
      assert.strictEqual(response.status, 400, body);
      assert.strictEqual(errorCode(response), code, body);
    }
    assert.strictEqual((await client.get('/api/session/current')).status, 200, 'still logged in');
  });

  test('no body, an empty JSON body or {} is fine', async (assert) => {
    for (const options of [
      {},
      { body: '', headers: json },
      { body: '{}', headers: json },
      { body: ' { } ', headers: json },
    ]) {
      const client = forum().client();
      await client.signUp(newMember());
      const response = await client.request('DELETE', '/api/session', options);
      assert.strictEqual(response.status, 204, JSON.stringify(options));
      assert.strictEqual((await client.get('/api/session/current')).status, 404, 'logged out');
    }
  });

  test('a body that is not JSON is a 415, as for every method', async (assert) => {
    const client = forum().client();
    const response = await client.request('DELETE', '/api/session', {
      body: 'everywhere=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.strictEqual(response.status, 415);
    assert.strictEqual(errorCode(response), 'unsupported_media_type');
  });
});
