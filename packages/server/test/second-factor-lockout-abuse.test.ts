import QUnit from 'qunit';
import { memberWithAuthenticator, useForumWithPlugin } from './support/forum.js';
import { nowSeconds, totpAt } from './support/rfc6238.js';

const { module, test } = QUnit;

module('second-factor lockouts cannot be turned against the member', (hooks) => {
  const forum = useForumWithPlugin(hooks);

  test("an attacker who knows the password locks strangers out, not the member's own browser", async (assert) => {
    const enrolled = await memberWithAuthenticator(forum(), 'sfown'); // signed up here: a known device
    const { member, secret } = enrolled;
    await enrolled.client.delete('/api/session');

    const attacker = forum().client();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const step = await attacker.logIn(member.username, member.password);
      statuses.push(
        (
          await attacker.post('/api/session/second-factor', {
            challenge: step.body.challenge,
            method: 'totp',
            token: i % 2 ? '000001' : '999998',
          })
        ).status,
      );
    }
    assert.deepEqual(
      statuses,
      [401, 401, 401, 401, 401, 429],
      'five wrong codes, then the account is locked for the attacker',
    );

    const own = await enrolled.client.logIn(member.username, member.password);
    const done = await enrolled.client.post('/api/session/second-factor', {
      challenge: own.body.challenge,
      method: 'totp',
      token: totpAt(secret, nowSeconds() + 30),
    });
    assert.strictEqual(done.status, 200, `the member's own browser completes the login: ${done.text}`);
  });
});
