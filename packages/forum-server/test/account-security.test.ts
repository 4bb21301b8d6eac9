import QUnit from 'qunit';
import { errorCode, newMember, useForum } from './helpers.js';

const { module, test } = QUnit;

interface SessionRow {
  id: string;
  current: boolean;
  userAgent: string | null;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
}

module("the member's password and sessions", (hooks) => {
  const forum = useForum(hooks);

  test('changing the password: the current one first; then every other session ends and a notice is mailed', async (assert) => {
    const member = newMember('pw');
    const here = forum().client();
    await here.signUp(member);
    const elsewhere = forum().client();
    await elsewhere.logIn(member.username, member.password);

    const wrong = await here.post('/api/u/me/password', {
      currentPassword: 'not my password',
      newPassword: 'a brand new password',
    });
    assert.strictEqual(wrong.status, 401);
    assert.strictEqual(errorCode(wrong), 'invalid_credentials');
    const weak = await here.post<{ error: { message: string } }>('/api/u/me/password', {
      currentPassword: member.password,
      newPassword: 'short',
    });
    assert.strictEqual(weak.status, 400);
    assert.strictEqual(
      weak.body.error.message,
      'Passwords have at least 10 characters.',
      'a sentence for the member, no raw field name in front',
    );
    assert.strictEqual(
      (await forum().client().logIn(member.username, member.password)).status,
      200,
      'nothing changed yet',
    );

    const changed = await here.post('/api/u/me/password', {
      currentPassword: member.password,
      newPassword: 'a brand new password',
    });
    assert.strictEqual(changed.status, 204, changed.text);
    assert.strictEqual((await here.get('/api/session/current')).status, 200, 'this browser stays logged in');
    assert.strictEqual((await elsewhere.get('/api/session/current')).status, 404, 'the other browser is logged out');
    assert.strictEqual(
      (await forum().client().logIn(member.username, member.password)).status,
      401,
      'the old password is gone',
    );
    assert.strictEqual((await forum().client().logIn(member.username, 'a brand new password')).status, 200);
    const mail = await forum()
      .forum.services.db('mail_outbox')
      .where({ to_address: member.email })
      .orderBy('id', 'desc')
      .first('subject', 'body_text');
    assert.strictEqual(mail?.subject, 'Forum: your password was changed');
    assert.notOk(String(mail?.body_text).includes('brand new'), 'no password in the mail');
  });

  test('sessions: listed with this browser first; one ended, or all the others; this one only by logging out', async (assert) => {
    const member = newMember('sess');
    const here = forum().client();
    await here.signUp(member);
    const phone = forum().client();
    await phone.request('POST', '/api/session', {
      json: { login: member.username, password: member.password },
      headers: { 'user-agent': 'PhoneBrowser/1.0' },
    });
    const laptop = forum().client();
    await laptop.logIn(member.username, member.password);

    const listed = await here.get<{ sessions: SessionRow[] }>('/api/u/me/sessions');
    assert.strictEqual(listed.body.sessions.length, 3);
    assert.true(listed.body.sessions[0]!.current, 'this browser first');
    assert.strictEqual(listed.body.sessions.filter((s) => s.current).length, 1);
    const phoneRow = listed.body.sessions.find((s) => s.userAgent === 'PhoneBrowser/1.0');
    assert.ok(phoneRow, 'the browser is named by its user agent');

    assert.strictEqual((await here.delete(`/api/u/me/sessions/${phoneRow!.id}`)).status, 204);
    assert.strictEqual((await phone.get('/api/session/current')).status, 404, 'the phone is logged out');
    assert.strictEqual((await laptop.get('/api/session/current')).status, 200, 'the laptop is not');
    const self = await here.delete(`/api/u/me/sessions/${listed.body.sessions[0]!.id}`);
    assert.strictEqual(self.status, 409);
    assert.strictEqual(errorCode(self), 'current_session');
    assert.strictEqual((await here.delete(`/api/u/me/sessions/${'0'.repeat(32)}`)).status, 404);
    assert.strictEqual((await here.delete('/api/u/me/sessions/not-an-id')).status, 404);

    assert.strictEqual((await here.delete('/api/u/me/sessions')).status, 204);
    assert.strictEqual((await laptop.get('/api/session/current')).status, 404, 'everywhere else: logged out');
    assert.strictEqual((await here.get<{ sessions: SessionRow[] }>('/api/u/me/sessions')).body.sessions.length, 1);
  });

  test("another member's session cannot be ended, nor listed", async (assert) => {
    const a = newMember('sa');
    const b = newMember('sb');
    const clientA = forum().client();
    const clientB = forum().client();
    await clientA.signUp(a);
    await clientB.signUp(b);
    const bSessions = await clientB.get<{ sessions: SessionRow[] }>('/api/u/me/sessions');
    const attempt = await clientA.delete(`/api/u/me/sessions/${bSessions.body.sessions[0]!.id}`);
    assert.strictEqual(attempt.status, 404);
    assert.strictEqual((await clientB.get('/api/session/current')).status, 200);
    assert.strictEqual((await forum().client().get('/api/u/me/sessions')).status, 401, 'logged out: nothing to list');
  });
});
