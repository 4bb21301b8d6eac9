import QUnit from 'qunit';
import type { BrowserContext, Page } from 'playwright-core';
import { seriousViolations } from '../src/accessibility.js';
import { watchForPageErrors } from '../src/browser.js';
import { logInWithPassword, signUp, useForumAndBrowser } from '../src/journey-forum.js';
import { shoot } from '../src/screenshots.js';

const { module, test } = QUnit;
QUnit.config.testTimeout = 180_000;

const member = { username: 'ada_keys', email: 'ada_keys@example.test', password: 'a long member password' };

/**
 * A passkey provider in Chromium itself (CDP's virtual authenticator): resident keys, user
 * verification, presence simulated, so the browser's prompt answers at once.
 */
async function addVirtualAuthenticator(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      ctap2Version: 'ctap2_1',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

module('journey: security keys and passkeys (Chromium, virtual authenticator)', (hooks) => {
  const running = useForumAndBrowser(hooks);

  test('add a key, log in with it at the second step, log in with a passkey alone, remove it', async (assert) => {
    const { forum, browser } = running();
    // WebAuthn needs the forum's own name: http://localhost:<port>, never 127.0.0.1.
    const origin = forum.forum.publicUrl;
    // bypassCSP only lets the audit inject axe-core, as in the accessibility test.
    const context = await browser.newContext({ acceptDownloads: true, bypassCSP: true });
    const page = await context.newPage();
    const errors = watchForPageErrors(page);
    await addVirtualAuthenticator(context, page);

    await page.goto(origin);
    await signUp(page, member);
    await page.goto(`${origin}/u/${member.username}/preferences/security`);
    await page.locator('[data-test-no-security-keys]').waitFor();
    await shoot(page, 'security-keys-none');
    await page.getByRole('button', { name: 'Add security key or passkey' }).click();
    await page.getByRole('heading', { name: 'Add a security key or passkey' }).waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'axe: the setup dialog');
    await shoot(page, 'security-key-setup');
    await page.getByRole('dialog').getByRole('button', { name: 'Use your security key' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('Laptop');
    await shoot(page, 'security-key-name');
    await page.getByRole('button', { name: 'Save' }).click();

    // The first second factor brings the first backup codes, as an authenticator app does.
    await page.getByRole('heading', { name: 'Save your backup codes' }).waitFor();
    await Promise.all([page.waitForEvent('download'), page.locator('[data-test-download-codes]').click()]);
    await page.getByLabel('I have saved these codes').check();
    await page.locator('[data-test-codes-done]').click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.locator('[data-test-security-keys] [data-test-authenticator-name]').waitFor();
    assert.strictEqual(
      await page.locator('[data-test-security-keys] [data-test-authenticator-name]').innerText(),
      'Laptop',
    );
    assert.deepEqual(await seriousViolations(page), [], 'axe: preferences with a key');
    await shoot(page, 'security-keys-listed');

    // Password, then the key: it is the member's only factor, so it is offered first.
    await page.getByRole('button', { name: 'Log out' }).click();
    await logInWithPassword(page, member.username, member.password);
    await page.locator('[data-test-security-key-step]').waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'axe: the second step with a key');
    await shoot(page, 'security-key-login-step');
    await page.locator('[data-test-use-security-key]').click();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    assert.true(
      await page.locator('.site-header').getByText(member.username).isVisible(),
      'logged in with password and key: the header names the member',
    );

    // No password at all: the passkey verified its member.
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('[data-test-passkey-login]').waitFor();
    await shoot(page, 'passkey-login');
    await page.locator('[data-test-passkey-login]').click();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    assert.true(
      await page.locator('.site-header').getByText(member.username).isVisible(),
      'logged in with the passkey alone: the header names the member',
    );

    // Remove it: the recent-login window of the passkey login covers it.
    await page.goto(`${origin}/u/${member.username}/preferences/security`);
    await page.locator('[data-test-security-keys]').getByRole('button', { name: 'Remove' }).click();
    await page.locator('[data-test-security-keys]').getByRole('button', { name: 'Yes, remove' }).click();
    await page.locator('[data-test-no-security-keys]').waitFor();
    const keysLeft = await forum.forum.services
      .db('user_second_factors')
      .join('users', 'users.id', 'user_second_factors.user_id')
      .where({ 'users.username': member.username, 'user_second_factors.method': 3 })
      .count({ n: '*' })
      .first();
    assert.strictEqual(Number(keysLeft?.n), 0, 'removed on the server too');
    assert.deepEqual(errors, [], 'no page errors');
    await context.close();
  });
});
