import QUnit from 'qunit';
import { errorCode, useForum } from './helpers.js';

const { module, test } = QUnit;

module('bad input gets a 4xx JSON error', (hooks) => {
  const forum = useForum(hooks);

  test('malformed JSON', async (assert) => {
    const response = await forum().client().request('POST', '/api/session', { body: '{"login": ', headers: { 'content-type': 'application/json' } });
    assert.strictEqual(response.status, 400);
    assert.strictEqual(errorCode(response), 'invalid_json');
  });

  test('a JSON scalar instead of an object', async (assert) => {
    const response = await forum().client().request('POST', '/api/session', { body: '"hello"', headers: { 'content-type': 'application/json' } });
    assert.strictEqual(response.status, 400);
  });

  test('a 1 MB body', async (assert) => {
    const response = await forum().client().post('/api/users', { username: 'x'.repeat(1024 * 1024), email: 'a@b.c', password: 'p' });
    assert.strictEqual(response.status, 413);
    assert.strictEqual(errorCode(response), 'payload_too_large');
  });

  test('a body that is not JSON', async (assert) => {
    const response = await forum().client().request('POST', '/api/session', { body: 'login=a&password=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.strictEqual(response.status, 415);
    assert.strictEqual(errorCode(response), 'unsupported_media_type');
  });

  test('missing fields, wrong types and extra fields', async (assert) => {
    for (const body of [{}, { login: 'a' }, { login: 1, password: 'x' }, { login: 'a', password: 'b', admin: true }]) {
      const response = await forum().client().post('/api/session', body);
      assert.strictEqual(response.status, 400, JSON.stringify(body));
      assert.strictEqual(errorCode(response), 'invalid_request');
      assert.strictEqual(typeof (response.body as { error: { message: string } }).error.message, 'string');
    }
  });

  test('prototype-pollution keys are refused by the JSON parser itself', async (assert) => {
    const response = await forum().client().request('POST', '/api/session', {
      body: '{"login":"a","password":"b","__proto__":{"admin":true}}',
      headers: { 'content-type': 'application/json' },
    });
    assert.strictEqual(response.status, 400);
    assert.strictEqual(errorCode(response), 'invalid_json');
  });

  test('an unknown API path is a JSON 404', async (assert) => {
    const response = await forum().client().get('/api/no/such/thing');
    assert.strictEqual(response.status, 404);
    assert.strictEqual(errorCode(response), 'not_found');
  });

  test('API responses carry security headers', async (assert) => {
    const response = await forum().client().get('/api/site');
    assert.strictEqual(response.headers.get('x-content-type-options'), 'nosniff');
    assert.strictEqual(response.headers.get('referrer-policy'), 'no-referrer');
    assert.ok(response.headers.get('content-security-policy')?.includes("frame-ancestors 'none'"));
    assert.strictEqual(response.headers.get('cache-control'), 'no-store');
  });
});
