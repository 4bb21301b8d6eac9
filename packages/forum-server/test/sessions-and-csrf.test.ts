import QUnit from 'qunit';
import { startTestForum, TestClient } from '../src/testing/index.js';
import { errorCode, newMember, useForum } from './helpers.js';

const { module, test } = QUnit;

module('sessions and CSRF', (hooks) => {
  const forum = useForum(hooks);

  test('the first request gets an HttpOnly, SameSite=Lax session cookie and a CSRF token', async (assert) => {
    const response = await fetch(`${forum().forum.url}/api/session/csrf`);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('forum_session='));
    assert.ok(cookie, 'cookie set before login');
    assert.ok(/httponly/i.test(cookie!), 'HttpOnly');
    assert.ok(/samesite=lax/i.test(cookie!), 'SameSite=Lax');
    assert.notOk(/secure/i.test(cookie!), 'not Secure over plain http on loopback');
    const body = (await response.json()) as { csrf: string };
    assert.ok(body.csrf.length >= 40);
  });

  test('behind a TLS proxy (TRUST_PROXY) the cookie is also Secure', async (assert) => {
    const behindProxy = await startTestForum({ pluginManifests: [], trustedProxies: 1 });
    try {
      const response = await fetch(`${behindProxy.forum.url}/api/session/csrf`, {
        headers: { 'x-forwarded-proto': 'https' },
      });
      const cookie = response.headers.getSetCookie().find((c) => c.startsWith('forum_session='));
      assert.ok(cookie && /;\s*secure/i.test(cookie), cookie);
    } finally {
      await behindProxy.stop();
    }
  });

  test('logging in rotates the session id, and the old cookie is worthless afterwards', async (assert) => {
    const client = forum().client();
    const member = newMember();
    await client.signUp(member);
    await client.delete('/api/session');
    const before = client.sessionCookie;
    await client.logIn(member.username, member.password);
    const during = client.sessionCookie;
    assert.notEqual(during, before, 'new id on login');

    const stolen = new TestClient(forum().forum.url).useSessionOf(client);
    assert.strictEqual(
      (await stolen.get('/api/session/current')).status,
      200,
      'the cookie works while the session lives',
    );
    await client.delete('/api/session');
    assert.notEqual(client.sessionCookie, during, 'new id on logout');
    assert.strictEqual((await stolen.get('/api/session/current')).status, 404, 'a logged-out session cannot be reused');
  });

  test('the database keeps a digest of the session token, never the token', async (assert) => {
    const client = forum().client();
    await client.signUp(newMember());
    const rows = await forum().forum.services.db('sessions').select('id');
    assert.ok(rows.length > 0);
    assert.notOk(JSON.stringify(rows).includes(client.sessionCookie!));
  });

  test('a state-changing request without the CSRF token is refused and changes nothing', async (assert) => {
    const client = forum().client();
    const member = newMember();
    const response = await client.post('/api/users', member, { csrf: false });
    assert.strictEqual(response.status, 403);
    assert.strictEqual(errorCode(response), 'invalid_csrf');
    const wrong = await client.post('/api/users', member, { csrf: false, headers: { 'x-csrf-token': 'x'.repeat(43) } });
    assert.strictEqual(errorCode(wrong), 'invalid_csrf');
    const row = await forum().forum.services.db('users').where({ username: member.username }).first();
    assert.strictEqual(row, undefined);
  });

  test("another session's CSRF token does not work", async (assert) => {
    const mine = forum().client();
    const theirs = forum().client();
    const token = await theirs.csrfToken();
    await mine.csrfToken();
    const response = await mine.post(
      '/api/session',
      { login: 'x', password: 'y' },
      { csrf: false, headers: { 'x-csrf-token': token } },
    );
    assert.strictEqual(errorCode(response), 'invalid_csrf');
  });

  test('a cross-site Origin is refused even with a valid token', async (assert) => {
    const client = forum().client();
    const response = await client.post(
      '/api/session',
      { login: 'x', password: 'y' },
      { headers: { origin: 'https://evil.example' } },
    );
    assert.strictEqual(response.status, 403);
    assert.strictEqual(errorCode(response), 'invalid_csrf');
    const sameOrigin = await client.post(
      '/api/session',
      { login: 'x', password: 'y' },
      { headers: { origin: forum().forum.url } },
    );
    assert.strictEqual(sameOrigin.status, 401, 'same origin passes the CSRF check');
  });
});
