import QUnit from 'qunit';
import type { Page } from 'playwright-core';
import { seriousViolations } from '../src/accessibility.js';
import { totpAt } from '../src/forum-client.js';
import { logInWithPassword, useForumAndBrowser } from '../src/journey-forum.js';

const { module, test } = QUnit;
QUnit.config.testTimeout = 180_000;

module('accessibility: axe-core on every screen (Chromium)', (hooks) => {
  const running = useForumAndBrowser(hooks);

  async function audit(assert: Assert, page: Page, screen: string): Promise<void> {
    const violations = await seriousViolations(page);
    assert.deepEqual(violations, [], `${screen}: no serious or critical WCAG 2.1 AA violations`);
  }

  test('visitor, member and admin screens', async (assert) => {
    const { forum, browser } = running();
    const admin = { username: 'axe_admin', email: 'axe_admin@example.test', password: 'a long admin password' };
    await forum.forum.createUser({ ...admin, admin: true });
    // bypassCSP only lets the audit inject axe-core: the app itself runs under the forum's CSP elsewhere.
    const page = await browser.newPage({ bypassCSP: true });
    await page.goto(forum.forum.url);
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await audit(assert, page, 'home');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('dialog').waitFor();
    await audit(assert, page, 'login modal');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByLabel('Username').fill('axe_member');
    await page.getByLabel('Email').fill('axe_member@example.test');
    await page.getByLabel('Password').fill('a long member password');
    await audit(assert, page, 'sign-up modal');
    await page.getByRole('dialog').getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('button', { name: 'Log out' }).waitFor();

    await page.goto(`${forum.forum.url}/u/axe_member/preferences/security`);
    await page.getByRole('button', { name: 'Add authenticator app' }).waitFor();
    await audit(assert, page, 'security preferences');
    await page.getByRole('button', { name: 'Add authenticator app' }).click();
    await page.locator('[data-test-qr-code]').waitFor();
    await audit(assert, page, 'authenticator setup');
    const secret = (await page.locator('[data-test-secret]').innerText()).replace(/\s+/g, '');
    await page.getByLabel('6-digit code shown in the app').fill(totpAt(secret, Date.now() / 1000));
    await page.getByRole('button', { name: 'Enable' }).click();
    await page.getByRole('heading', { name: 'Save your backup codes' }).waitFor();
    await audit(assert, page, 'first batch of backup codes');
    await page.getByLabel('I have saved these codes').check();
    await page.locator('[data-test-codes-done]').click();
    await page.locator('[data-test-backup-codes-panel]').waitFor();
    await audit(assert, page, 'security preferences with 2FA');
    await page.goto(`${forum.forum.url}/u/axe_member/preferences/account`);
    await page.getByText('axe_member@example.test').waitFor();
    await audit(assert, page, 'account preferences');

    await page.getByRole('button', { name: 'Log out' }).click();
    await logInWithPassword(page, 'axe_member', 'a long member password');
    await page.getByRole('button', { name: 'Use a backup code instead' }).waitFor();
    await audit(assert, page, 'login second step');
    await page.getByRole('button', { name: 'Use a backup code instead' }).click();
    await audit(assert, page, 'login second step, backup code');
    await page.keyboard.press('Escape');

    const adminPage = await browser.newPage({ bypassCSP: true });
    await adminPage.goto(forum.forum.url);
    await logInWithPassword(adminPage, admin.username, admin.password);
    await adminPage.getByRole('button', { name: 'Log out' }).waitFor();
    for (const [path, ready] of [
      ['/admin/site-settings', 'backup_codes_count'],
      ['/admin/users', 'axe_member'],
      ['/admin/logs', 'axe_member'],
      ['/admin/mail', 'Mail is not being sent.'],
    ] as const) {
      await adminPage.goto(`${forum.forum.url}${path}`);
      await adminPage.getByText(ready).first().waitFor();
      await audit(assert, adminPage, path);
    }
    await adminPage.getByRole('link', { name: 'Users' }).first().click();
    await adminPage.getByRole('link', { name: 'axe_member' }).first().click();
    await adminPage.getByRole('button', { name: /Reset two-factor/ }).waitFor();
    await audit(assert, adminPage, 'admin member page');
  });
});
