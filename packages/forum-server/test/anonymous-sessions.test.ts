import QUnit from 'qunit';
import { sessionIdFor } from '../src/sessions/session-tokens.js';
import { errorCode, newMember, useForum } from './helpers.js';

const { module, test } = QUnit;

/** A GET with exactly this session cookie; returns the new cookie the server set, if any. */
async function visitWith(baseUrl: string, cookie: string): Promise<{ setCookie: string | null; csrf: string }> {
  const response = await fetch(`${baseUrl}/api/session/csrf`, { headers: { cookie: `forum_session=${cookie}` } });
  const line = response.headers.getSetCookie().find((c) => c.startsWith('forum_session='));
  const body = (await response.json()) as { csrf: string };
  return { setCookie: line ? /^forum_session=([^;]*)/.exec(line)![1]! : null, csrf: body.csrf };
}

module('anonymous sessions', (hooks) => {
  const forum = useForum(hooks);

  test('a well-formed cookie value the server never issued is replaced by one it issued', async (assert) => {
    const madeUp = 'A'.repeat(43);
    const first = await visitWith(forum().forum.url, madeUp);
    assert.ok(first.setCookie, 'a new cookie is set');
    assert.notStrictEqual(first.setCookie, madeUp);
    const again = await visitWith(forum().forum.url, first.setCookie!);
    assert.strictEqual(again.setCookie, null, 'the issued one is kept as it is');
    assert.strictEqual(again.csrf, first.csrf, 'and so is its CSRF token');
  });

  test("a made-up cookie's CSRF token is worthless: the request runs on a new token", async (assert) => {
    const madeUp = 'B'.repeat(43);
    const planted = await visitWith(forum().forum.url, madeUp);
    // What a page planting the cookie would compute from it is the CSRF of the issued token,
    // never of the planted value: a POST carrying the planted value is refused.
    const response = await fetch(`${forum().forum.url}/api/session`, {
      method: 'POST',
      headers: { cookie: `forum_session=${madeUp}`, 'content-type': 'application/json', 'x-csrf-token': planted.csrf },
      body: JSON.stringify({ login: 'x', password: 'y' }),
    });
    assert.strictEqual(response.status, 403);
    assert.strictEqual(((await response.json()) as { error: { code: string } }).error.code, 'invalid_csrf');
  });

  test('anonymous tokens are not stored, and a token differing only in spare bits is not accepted', async (assert) => {
    const client = forum().client();
    await client.csrfToken();
    const token = client.sessionCookie!;
    assert.strictEqual(
      await forum()
        .forum.services.db('sessions')
        .where({ id: sessionIdFor(token) })
        .first(),
      undefined,
      'no row for a visitor',
    );
    // 43 base64url characters hold 258 bits for 256: the last character has 2 spare bits.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(token.at(-1)!);
    const variant = token.slice(0, -1) + alphabet[last ^ 1]!;
    assert.ok((await visitWith(forum().forum.url, variant)).setCookie, 'replaced');
  });

  test('the cookie of a session that ended is replaced too, and logging in still works after', async (assert) => {
    const client = forum().client();
    const member = newMember();
    await client.signUp(member);
    const loggedIn = client.sessionCookie!;
    await forum().forum.services.db('sessions').delete();
    const after = await visitWith(forum().forum.url, loggedIn);
    assert.ok(after.setCookie && after.setCookie !== loggedIn, 'a fresh anonymous token');
    const again = await forum().client().logIn(member.username, member.password);
    assert.strictEqual(again.status, 200, again.text);
    assert.strictEqual(errorCode(await forum().client().get('/api/session/current')), 'not_logged_in');
  });
});
