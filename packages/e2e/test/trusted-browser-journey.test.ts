import QUnit from 'qunit';
import type { Page } from 'playwright-core';
import { watchForPageErrors } from '../src/browser.js';
import { enrolMember, totpAt } from '../src/forum-client.js';
import { shoot } from '../src/screenshots.js';
import { logInWithPassword, useForumAndBrowser } from '../src/journey-forum.js';

const { module, test } = QUnit;
QUnit.config.testTimeout = 180_000;

const CODE_FIELD = '6-digit code from your authenticator app';

module('journey: trust this browser (Chromium)', (hooks) => {
  const running = useForumAndBrowser(hooks);

  test('trust a browser, log out, log in again without a code, stop trusting it, asked again', async (assert) => {
    const { forum, browser } = running();
    const member = await enrolMember(forum.client(), 'trusted');
    /** The app's next code, on the forum's clock (each login needs a step not used yet). */
    const nextCode = () => {
      forum.clock.advance(30_000);
      return totpAt(member.secret, Math.floor(forum.clock.now().getTime() / 1000));
    };
    const logOutButton = (page: Page) =>
      page.getByRole('navigation', { name: 'Account' }).getByRole('button', { name: 'Log out' });
    const logOut = async (page: Page) => {
      await logOutButton(page).click();
      await page.getByRole('button', { name: 'Log in' }).waitFor();
    };

    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = watchForPageErrors(page);
    await page.goto(forum.forum.url);

    // The second step offers the trust; the member ticks it.
    await logInWithPassword(page, member.username, member.password);
    await page.getByLabel(CODE_FIELD).fill(nextCode());
    const trust = page.getByLabel('Trust this browser for 30 days');
    await trust.check();
    await shoot(page, 'trusted-browser-login-step');
    await page.getByRole('button', { name: 'Verify' }).click();
    await logOutButton(page).waitFor();

    // Logged out and in again: the password alone.
    await logOut(page);
    await logInWithPassword(page, member.username, member.password);
    await logOutButton(page).waitFor();
    assert.strictEqual(await page.getByLabel(CODE_FIELD).count(), 0, 'no code asked');

    // Preferences → Security lists it, marked as this browser.
    await page.goto(`${forum.forum.url}/u/${member.username}/preferences/security`);
    const section = page.locator('[data-test-trusted-browsers]');
    const row = section.locator('[data-test-trusted-browser]');
    await row.first().waitFor();
    assert.strictEqual(await row.count(), 1);
    assert.strictEqual(await row.locator('[data-test-trusted-browser-name]').innerText(), 'Chrome on Linux');
    assert.strictEqual(await row.locator('[data-test-trusted-browser-current]').innerText(), 'This browser');
    await section.scrollIntoViewIfNeeded();
    await shoot(page, 'trusted-browsers-preferences');

    // Stop trusting it: the list says so, and the next login asks for the code again.
    await row.getByRole('button', { name: 'Stop trusting' }).click();
    await section.locator('[data-test-no-trusted-browsers]').waitFor();
    assert.ok(
      (await section.locator('[data-test-trusted-browsers-status]').innerText()).includes('is no longer trusted'),
    );
    await shoot(page, 'trusted-browsers-stopped');
    await logOut(page);
    await logInWithPassword(page, member.username, member.password);
    await page.getByLabel(CODE_FIELD).waitFor();
    assert.false(await page.getByLabel('Trust this browser for 30 days').isChecked(), 'offered again, unticked');
    await page.getByLabel(CODE_FIELD).fill(nextCode());
    await page.getByRole('button', { name: 'Verify' }).click();
    await logOutButton(page).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });
});
