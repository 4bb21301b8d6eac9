import QUnit from 'qunit';
import type { ApiResponse } from '../src/testing/index.js';
import { errorCode, newMember, useForum } from './helpers.js';

const { module, test } = QUnit;

module('bad input gets a 4xx JSON error', (hooks) => {
  const forum = useForum(hooks);

  test('malformed JSON', async (assert) => {
    const response = await forum()
      .client()
      .request('POST', '/api/session', { body: '{"login": ', headers: { 'content-type': 'application/json' } });
    assert.strictEqual(response.status, 400);
    assert.strictEqual(errorCode(response), 'invalid_json');
  });

  test('a JSON scalar instead of an object', async (assert) => {
    const response = await forum()
      .client()
      .request('POST', '/api/session', { body: '"hello"', headers: { 'content-type': 'application/json' } });
    assert.strictEqual(response.status, 400);
  });

  test('a 1 MB body', async (assert) => {
    const response = await forum()
      .client()
      .post('/api/users', { username: 'x'.repeat(1024 * 1024), email: 'a@b.c', password: 'p' });
    assert.strictEqual(response.status, 413);
    assert.strictEqual(errorCode(response), 'payload_too_large');
  });

  test('a body that is not JSON', async (assert) => {
    const response = await forum()
      .client()
      .request('POST', '/api/session', {
        body: 'login=a&password=b',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
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
    const response = await forum()
      .client()
      .request('POST', '/api/session', {
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

  test('a NUL in the login is a 400, not a database error (was a 500 on PGlite and PostgreSQL)', async (assert) => {
    const response = await forum().client().post('/api/session', { login: 'a\u0000b', password: 'whatever it is' });
    assertRefused(assert, response);
    assert.true(
      String((response.body as { error: { message: string } }).error.message).startsWith('login:'),
      'the message names the field',
    );
  });

  test('control characters and lone surrogates anywhere in a JSON body are refused, keys included', async (assert) => {
    const hostile = [
      '\u0000',
      '\u0001',
      '\t',
      '\n',
      '\u001f',
      '\u007f',
      '\u0085',
      '\u009f',
      '\ud800',
      '\udfff',
      'x\udc00y',
    ];
    for (const bad of hostile) {
      for (const body of [
        { login: `a${bad}b`, password: 'whatever it is' },
        { login: 'a', password: `pass${bad}word` },
        { login: 'a', password: 'b', [`k${bad}`]: 1 },
      ]) {
        assertRefused(assert, await forum().client().post('/api/session', body), JSON.stringify(body));
      }
    }
    assertRefused(
      assert,
      await forum()
        .client()
        .post('/api/users', { username: 'abc', email: 'a@b.c', password: ['x', { deep: [`\u0000`] }] }),
      'nested in arrays and objects',
    );
  });

  test('a body nested 30,000 levels deep is answered, not a crash', async (assert) => {
    const deep = `{"login":${'['.repeat(30_000)}"\\u0000"${']'.repeat(30_000)},"password":"x"}`;
    const response = await forum()
      .client()
      .request('POST', '/api/session', { body: deep, headers: { 'content-type': 'application/json' } });
    assertRefused(assert, response);
    assert.true(response.text.length < 1000, 'a short message');
  });

  test("well-formed unusual unicode still passes the edge (emoji pairs, accents, format characters are the schemas' business)", async (assert) => {
    const response = await forum()
      .client()
      .post('/api/session', { login: 'zoë😀', password: 'pässwörd 🔑 long enough' });
    assert.strictEqual(response.status, 401, response.text);
    assert.strictEqual(errorCode(response), 'invalid_credentials');
  });

  test('a URL over 16 KiB is a JSON 431, not a bare status line (found by the fuzzer)', async (assert) => {
    const response = await forum()
      .client()
      .get(`/api/site?q=${'%C3%A9'.repeat(4000)}`);
    assert.strictEqual(response.status, 431, response.text.slice(0, 200));
    assert.strictEqual(errorCode(response), 'headers_too_large');
    assert.strictEqual(response.headers.get('x-content-type-options'), 'nosniff');
  });

  test('a method the path does not have is a JSON 405 with Allow, not a text one (found by the fuzzer)', async (assert) => {
    const response = await forum().client().request('DELETE', '/api/site');
    assert.strictEqual(response.status, 405, response.text.slice(0, 200));
    assert.strictEqual(errorCode(response), 'method_not_allowed');
    assert.strictEqual(response.headers.get('allow'), 'HEAD, GET');
    const unknown = await forum().client().request('PROPFIND', '/api/site', { csrf: false });
    assert.strictEqual(unknown.status, 501);
    assert.strictEqual(errorCode(unknown), 'method_not_allowed');
  });

  module('as an admin', (hooks) => {
    let admin: ReturnType<ReturnType<typeof forum>['client']>;
    hooks.before(async () => {
      const member = newMember('badadmin');
      await forum().forum.createUser({ ...member, admin: true });
      admin = forum().client();
      await admin.logIn(member.username, member.password);
    });

    test('a NUL in the member search is a 400, not a database error (was a 500)', async (assert) => {
      const response = await admin.get('/api/admin/users?q=%00');
      assertRefused(assert, response);
      assert.true(
        String((response.body as { error: { message: string } }).error.message).startsWith('q:'),
        'the message names the parameter',
      );
    });

    test('control characters in any query parameter or path segment are refused, on every route', async (assert) => {
      for (const path of [
        '/api/admin/users?q=a%01b',
        '/api/admin/users?q=%7F',
        '/api/admin/users?q=%C2%85',
        '/api/admin/users?q=ok&q=%00',
        '/api/admin/users?%00=1',
        '/api/site?x=%00',
        '/api/admin/users/%00',
        '/api/admin/users/1%0A',
        '/api/setup/%00',
      ]) {
        assertRefused(assert, await admin.get(path), path);
      }
    });

    test('escapes that decode to no control character are left to the routes', async (assert) => {
      assert.strictEqual((await admin.get('/api/admin/users?q=%ZZ')).status, 200, 'a malformed escape is plain text');
      assert.strictEqual(
        (await admin.get('/api/admin/users?q=%ED%A0%80')).status,
        200,
        'an encoded surrogate decodes to U+FFFD',
      );
      assert.strictEqual(
        (await admin.get('/api/admin/users/%FF')).status,
        400,
        'a malformed escape in the path fails the id schema',
      );
    });
  });
});

function assertRefused(assert: Assert, response: ApiResponse, where = ''): void {
  assert.strictEqual(response.status, 400, `${where} → ${response.status} ${response.text.slice(0, 200)}`);
  assert.strictEqual(errorCode(response), 'invalid_request', where);
}
