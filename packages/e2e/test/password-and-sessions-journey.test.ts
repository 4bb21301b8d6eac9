import QUnit from 'qunit';
import { seriousViolations } from '../src/accessibility.js';
import { watchForPageErrors } from '../src/browser.js';
import { logInWithPassword, signUp, useForumAndBrowser } from '../src/journey-forum.js';
import { shoot } from '../src/screenshots.js';

const { module, test } = QUnit;
QUnit.config.testTimeout = 120_000;

module(
  'journey: the member sees where they are logged in, logs a browser out and changes the password (Chromium)',
  (hooks) => {
    const running = useForumAndBrowser(hooks);

    test('two browsers; "Log out" on the other one; a new password logs out everywhere else', async (assert) => {
      const { forum, browser } = running();
      const member = { username: 'sessionsam', email: 'sam@example.test', password: 'a long member password' };
      const laptop = await browser.newContext({
        bypassCSP: true,
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36',
      });
      const phone = await browser.newContext({
        bypassCSP: true,
        userAgent:
          'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
      });
      const page = await laptop.newPage();
      const other = await phone.newPage();
      const errors = [...watchForPageErrors(page)];
      errors.push(...watchForPageErrors(other));

      await page.goto(forum.forum.url);
      await signUp(page, member);
      await other.goto(forum.forum.url);
      await logInWithPassword(other, member.username, member.password);
      await other.getByRole('button', { name: 'Log out' }).waitFor();

      await page.goto(`${forum.forum.url}/u/${member.username}/preferences/security`);
      await page.locator('[data-test-member-session="other"]').waitFor();
      assert.ok((await page.locator('[data-test-member-session="current"]').innerText()).includes('Chrome on Linux'));
      assert.ok((await page.locator('[data-test-member-session="other"]').innerText()).includes('Safari on iOS'));
      await shoot(page, 'security-password-and-sessions');
      assert.deepEqual(await seriousViolations(page), [], 'axe: nothing serious');

      await page.locator('[data-test-member-session="other"]').getByRole('button', { name: 'Log out' }).click();
      await page.getByRole('status').getByText('Safari on iOS is logged out.').waitFor();
      await other.reload();
      await other.getByRole('button', { name: 'Log in' }).waitFor();
      assert.true(await other.getByRole('button', { name: 'Log in' }).isVisible(), 'the phone is logged out');

      await page.getByLabel('Current password').fill(member.password);
      await page.getByLabel('New password').fill('an even longer new password');
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.getByText('Password changed. You were logged out everywhere else.').waitFor();
      await shoot(page, 'security-password-changed');
      assert.deepEqual(errors, []);
      await laptop.close();
      await phone.close();
    });
  },
);
