import QUnit from 'qunit';
import { watchForPageErrors } from '../src/browser.js';
import { enrolMember, totpAt } from '../src/forum-client.js';
import { shoot } from '../src/screenshots.js';
import { logInWithPassword, useForumAndBrowser } from '../src/journey-forum.js';

const { module, test } = QUnit;
QUnit.config.testTimeout = 120_000;

const CHALLENGE_MS = 5 * 60 * 1000;

module('journey: the right password, then no second step (Chromium)', (hooks) => {
  const running = useForumAndBrowser(hooks);

  test('a login left at the second step mails "someone knows your password" and shows in the activity', async (assert) => {
    const { forum, browser } = running();
    const member = await enrolMember(forum.client(), 'pwknown');

    // Someone who knows the password gets as far as the code, and gives up.
    const intruder = await browser.newContext({
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
    });
    const intruderPage = await intruder.newPage();
    const errors = watchForPageErrors(intruderPage);
    await intruderPage.goto(forum.forum.url);
    await logInWithPassword(intruderPage, member.username, member.password);
    await intruderPage.getByLabel('6-digit code from your authenticator app').waitFor();
    await intruder.close();

    forum.clock.advance(CHALLENGE_MS + 1000);
    assert.strictEqual(
      await forum.forum.services.abandonedLogins.sweepNow(),
      1,
      'the expired challenge is handed over',
    );
    const mail: { subject: string; body_text: string } | undefined = await forum.forum.services
      .db('mail_outbox')
      .where({ to_address: `${member.username}@example.test` })
      .orderBy('id', 'desc')
      .first('subject', 'body_text');
    assert.strictEqual(mail?.subject, 'Forum: your password was entered, but the login was not completed');
    assert.ok(mail?.body_text.includes('from 127.0.0.1, Firefox on Linux at'), mail?.body_text);
    assert.notOk(mail?.body_text.includes(member.password), 'no password in the mail');

    // The member logs in and finds it in their security activity.
    const page = await browser.newPage();
    errors.push(...watchForPageErrors(page));
    await page.goto(forum.forum.url);
    await logInWithPassword(page, member.username, member.password);
    await page
      .getByLabel('6-digit code from your authenticator app')
      .fill(totpAt(member.secret, forum.clock.now().getTime() / 1000));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    await page.goto(`${forum.forum.url}/u/${member.username}/preferences/security`);
    const event = page.locator('[data-test-security-event="second_step_abandoned"]');
    await event.waitFor();
    assert.ok((await event.innerText()).includes('Right password, but the login was not completed'));
    await event.scrollIntoViewIfNeeded();
    await shoot(page, 'password-known-activity');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
