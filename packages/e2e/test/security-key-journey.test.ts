import QUnit from 'qunit';
import type { BrowserContext, Page } from 'playwright-core';
import { seriousViolations } from '../src/accessibility.js';
import { watchForPageErrors } from '../src/browser.js';
import { logInWithPassword, signUp, useForumAndBrowser } from '../src/journey-forum.js';
import { shoot } from '../src/screenshots.js';

const { module, test } = QUnit;
QUnit.config.testTimeout = 180_000;

const member = { username: 'ada_keys', email: 'ada_keys@example.test', password: 'a long member password' };
const admin = { username: 'keys_admin', email: 'keys_admin@example.test', password: 'a long admin password' };
const WINDOW_CLOSED_MS = 11 * 60 * 1000; // recent_auth_window_minutes is 10 by default

/** The browser's virtual authenticator, and the switch for "the member touches it". */
interface VirtualAuthenticator {
  /** Off: the key waits, as for a member who does not pick the passkey from the autofill. */
  setPresence(present: boolean): Promise<void>;
}

/**
 * A passkey provider in Chromium itself (CDP's virtual authenticator): resident keys, user
 * verification, presence simulated, so the browser's prompt answers at once.
 */
async function addVirtualAuthenticator(context: BrowserContext, page: Page): Promise<VirtualAuthenticator> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
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
  return {
    setPresence: async (present) => {
      await cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled: present });
    },
  };
}

/** As in a browser without passkey autofill (conditional UI): the login modal offers the button alone. */
async function withoutPasskeyAutofill(page: Page): Promise<void> {
  await page.evaluate(() => {
    PublicKeyCredential.isConditionalMediationAvailable = () => Promise.resolve(false);
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
    const authenticator = await addVirtualAuthenticator(context, page);

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
    assert.deepEqual(await seriousViolations(page), [], 'axe: the naming dialog');
    await shoot(page, 'security-key-name', { fullPage: false });
    await shoot(page, 'security-key-name-full');
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

    // Password, then the key: it is the member's only factor, so it is offered first. The key
    // waits meanwhile (a member who does not pick the passkey the username field offers), and
    // going on to the second step cancels that offer.
    await page.getByRole('button', { name: 'Log out' }).click();
    await authenticator.setPresence(false);
    await logInWithPassword(page, member.username, member.password);
    await page.locator('[data-test-security-key-step]').waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'axe: the second step with a key');
    await shoot(page, 'security-key-login-step', { fullPage: false });
    await authenticator.setPresence(true);
    await page.locator('[data-test-use-security-key]').click();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    assert.true(
      await page.locator('.site-header').getByText(member.username).isVisible(),
      'logged in with password and key: the header names the member',
    );

    // The username field's autofill offers the passkey (conditional UI); the virtual
    // authenticator picks it at once, as a member choosing it there would: no password at all.
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    assert.true(
      await page.locator('.site-header').getByText(member.username).isVisible(),
      'logged in from the autofill with the passkey alone',
    );

    // A browser without that autofill: the button. No password either: the passkey verified its member.
    await page.getByRole('button', { name: 'Log out' }).click();
    await withoutPasskeyAutofill(page);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('[data-test-passkey-login]').waitFor();
    assert.strictEqual(
      await page.getByLabel('Username or email').getAttribute('autocomplete'),
      'username webauthn',
      'passkeys offered in the username field where the browser supports it',
    );
    assert.deepEqual(await seriousViolations(page), [], 'axe: the login modal with a passkey');
    await shoot(page, 'passkey-login', { fullPage: false });
    await page.locator('[data-test-passkey-login]').click();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    assert.true(
      await page.locator('.site-header').getByText(member.username).isVisible(),
      'logged in with the passkey alone: the header names the member',
    );

    // New backup codes with the key as the proof: no code field for a member without an app.
    await page.goto(`${origin}/u/${member.username}/preferences/security`);
    await page.getByRole('button', { name: 'Create new backup codes' }).click();
    await page.getByRole('heading', { name: 'Create new backup codes' }).waitFor();
    assert.strictEqual(await page.locator('#backup-codes-verify-code').count(), 0, 'no code field: the key');
    assert.deepEqual(await seriousViolations(page), [], 'axe: new codes with a key');
    await shoot(page, 'security-key-new-codes', { fullPage: false });
    await page.getByRole('dialog').getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Your new backup codes' }).waitFor();
    await Promise.all([page.waitForEvent('download'), page.locator('[data-test-download-codes]').click()]);
    await page.getByLabel('I have saved these codes').check();
    await page.locator('[data-test-codes-done]').click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    // The recent-login window closes: "Confirm it's you" takes the password and the key, then
    // the sensitive action (adding an authenticator app) goes ahead.
    forum.clock.advance(WINDOW_CLOSED_MS);
    await page.getByRole('button', { name: 'Add authenticator app' }).click();
    await page.getByRole('heading', { name: "Confirm it's you" }).waitFor();
    assert.strictEqual(await page.locator('#confirm-identity-code').count(), 0, 'no app code asked of a key holder');
    await page.locator('[data-test-confirm-identity-security-key]').waitFor();
    await page.getByRole('dialog').getByLabel('Password').fill(member.password);
    assert.deepEqual(await seriousViolations(page), [], 'axe: confirm it is you with a key');
    await shoot(page, 'security-key-confirm-identity', { fullPage: false });
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('heading', { name: 'Add an authenticator app' }).waitFor();
    assert.true(
      await page
        .getByRole('dialog')
        .getByRole('img', { name: /QR code/ })
        .isVisible(),
      'confirmed with the key: the new authenticator is on its way',
    );
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    // The password change, once the window has closed again, takes the key too (no code field
    // for a member without an app), and opens the window for what follows.
    forum.clock.advance(WINDOW_CLOSED_MS);
    const newPassword = `${member.password} renewed`;
    await page.getByLabel('Current password').fill(member.password);
    await page.getByLabel('New password').fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.locator('[data-test-change-password-security-key]').waitFor();
    assert.strictEqual(await page.locator('#change-password-code').count(), 0, 'no app code asked of a key holder');
    assert.deepEqual(await seriousViolations(page), [], 'axe: the password change asking for a key');
    await shoot(page, 'security-key-change-password', { fullPage: false });
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.locator('[data-test-change-password-status]').waitFor();
    const relogin = await forum.client().logIn(member.username, newPassword);
    assert.true(Boolean((relogin.body as { challenge?: string }).challenge), 'the new password is the one');

    // The admin's member page lists the key beside the other factors.
    await forum.forum.createUser({ ...admin, admin: true });
    const adminContext = await browser.newContext({ bypassCSP: true });
    const adminPage = await adminContext.newPage();
    errors.push(...watchForPageErrors(adminPage));
    await adminPage.goto(origin);
    await logInWithPassword(adminPage, admin.username, admin.password);
    await adminPage.getByRole('button', { name: 'Log out' }).waitFor();
    const memberId = (await forum.forum.services.db('users').where({ username: member.username }).first('id'))
      .id as number;
    await adminPage.goto(`${origin}/admin/users/${memberId}`);
    await adminPage.locator('[data-test-admin-security-keys]').waitFor();
    assert.strictEqual(await adminPage.locator('[data-test-admin-security-key]').count(), 1);
    assert.strictEqual(await adminPage.locator('[data-test-admin-security-key-name]').innerText(), 'Laptop');
    assert.strictEqual(await adminPage.locator('[data-test-admin-security-key-kind]').innerText(), 'Passkey');
    assert.notStrictEqual(
      await adminPage.locator('[data-test-admin-security-key-last-used]').innerText(),
      'Never',
      'used to log in: the admin sees when',
    );
    assert.deepEqual(await seriousViolations(adminPage), [], 'axe: the admin member page with a key');
    await shoot(adminPage, 'admin-member-security-keys');
    await adminContext.close();

    // Remove it: the window "confirm it's you" opened covers it.
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

  test('at another address than PUBLIC_URL a notice replaces the key and passkey buttons', async (assert) => {
    const { forum, browser } = running();
    const origin = forum.forum.publicUrl;
    // The same forum by its IP address: browsers sign for 127.0.0.1, the server accepts localhost only.
    const elsewhere = origin.replace('//localhost:', '//127.0.0.1:');
    assert.notStrictEqual(elsewhere, origin);
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const errors = watchForPageErrors(page);
    await page.goto(elsewhere);

    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('[data-test-webauthn-wrong-address]').waitFor();
    assert.strictEqual(
      await page.locator('[data-test-passkey-login]').count(),
      0,
      'no passkey button that cannot work',
    );
    assert.strictEqual(
      await page.locator('[data-test-webauthn-right-address]').getAttribute('href'),
      `${origin}/`,
      'a link to the same page at the right address',
    );
    assert.deepEqual(await seriousViolations(page), [], 'axe: the login modal at the wrong address');
    await shoot(page, 'webauthn-wrong-address-login', { fullPage: false });
    await page.keyboard.press('Escape');

    const visitor = { username: 'ip_visitor', email: 'ip_visitor@example.test', password: 'a long member password' };
    await signUp(page, visitor);
    await page.goto(`${elsewhere}/u/${visitor.username}/preferences/security`);
    await page.locator('[data-test-no-security-keys]').waitFor();
    await page.locator('[data-test-webauthn-wrong-address]').waitFor();
    assert.strictEqual(
      await page.getByRole('button', { name: 'Add security key or passkey' }).count(),
      0,
      'no add button that cannot work',
    );
    assert.true(await page.getByRole('button', { name: 'Add authenticator app' }).isVisible(), 'the app still can');
    assert.deepEqual(await seriousViolations(page), [], 'axe: preferences at the wrong address');
    await shoot(page, 'webauthn-wrong-address-preferences');
    assert.deepEqual(errors, [], 'no page errors');
    await context.close();
  });
});
