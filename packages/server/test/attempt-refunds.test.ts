import QUnit from 'qunit';
import type { TestClient } from 'forum-server/testing';
import { memberWithAuthenticator, useForumWithPlugin, type EnrolledMember } from './support/forum.js';
import { totpAt } from './support/rfc6238.js';

const { module, test } = QUnit;

/**
 * A right answer gives its attempt counts back inside the statement that ends its step (the
 * challenge after the password, the session after the second factor); an answer that was never
 * checked gives them back when its step is refused. Either way nothing stays counted.
 */
module('attempt counts given back', (hooks) => {
  const forum = useForumWithPlugin(hooks);

  async function countsLeft(): Promise<{ key: string; points: number }[]> {
    const now = forum().clock.now().getTime();
    const rows: { key: string; points: number }[] = await forum()
      .forum.services.db('attempt_counters')
      .where('points', '>', 0)
      .where('expire', '>', now)
      .select('key', 'points');
    return rows.map((r) => ({ key: r.key, points: Number(r.points) }));
  }

  async function challengeFor(client: TestClient, enrolled: EnrolledMember): Promise<string> {
    const response = await client.logIn(enrolled.member.username, enrolled.member.password);
    const challenge = (response.body as { challenge?: string }).challenge;
    if (!challenge) throw new Error(`no challenge: ${response.text}`);
    return challenge;
  }

  test('seven full logins within the burst window: each right password and code is given back', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum());
    for (let i = 0; i < 7; i++) {
      const client = forum().client();
      const challenge = await challengeFor(client, enrolled);
      assert.deepEqual(
        await countsLeft(),
        [],
        `login ${i + 1}: the right password counts nothing once the challenge is out`,
      );
      // Each login a step later (30 s), so the code is no replay; seven stay inside the 5-minute burst.
      forum().clock.advance(30_000);
      const code = totpAt(enrolled.secret, Math.floor(forum().clock.now().getTime() / 1000));
      const login = await client.post('/api/session/second-factor', { challenge, method: 'totp', token: code });
      assert.strictEqual(login.status, 200, `login ${i + 1}: ${login.text}`);
      assert.deepEqual(await countsLeft(), [], `login ${i + 1}: the right code counts nothing once the session is out`);
    }
  });

  test('a backup code that is not shaped like one is refused and leaves nothing counted', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum());
    const client = forum().client();
    const challenge = await challengeFor(client, enrolled);
    for (let i = 0; i < 6; i++) {
      const refused = await client.post('/api/session/second-factor', { challenge, method: 'backup_code', token: '!' });
      assert.strictEqual(refused.status, 400, `answer ${i + 1}: ${refused.text}`);
    }
    assert.deepEqual(await countsLeft(), [], 'no count was kept');
  });

  test('a wrong code stays counted: the given-back path does not take failures with it', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum());
    const client = forum().client();
    const challenge = await challengeFor(client, enrolled);
    forum().clock.advance(30_000);
    const right = totpAt(enrolled.secret, Math.floor(forum().clock.now().getTime() / 1000));
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    const refused = await client.post('/api/session/second-factor', { challenge, method: 'totp', token: wrong });
    assert.strictEqual(refused.status, 401, refused.text);
    const left = await countsLeft();
    assert.deepEqual(
      left.map((c) => c.key.split(':').slice(0, 3).join(':')).sort(),
      ['second-factor:codes:burst', 'second-factor:codes:hour', 'second-factor:codes:ip-hour'],
      'the wrong code is counted under each of its rules',
    );
    assert.true(
      left.every((c) => c.points === 1),
      'once each',
    );
  });
});
