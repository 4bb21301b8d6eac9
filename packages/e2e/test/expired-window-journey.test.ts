import QUnit from 'qunit';
import type { Page } from 'playwright-core';
import type { TestForum } from 'forum-server/testing';
import { watchForPageErrors } from '../src/browser.js';
import { totpAt } from '../src/forum-client.js';
import { logInWithPassword, signUp, useForumAndBrowser } from '../src/journey-forum.js';

const { module, test } = QUnit;
QUnit.config.testTimeout = 180_000;

const WINDOW_CLOSED_MS = 11 * 60 * 1000; // recent_auth_window_minutes is 10 by default
const member = { username: 'winnie', email: 'winnie@example.test', password: 'a long member password' };
const admin = { username: 'windowadmin', email: 'windowadmin@example.test', password: 'a long admin password' };

/** The code the member's app shows at the forum's time (the test moves that clock). */
function appCode(forum: TestForum, secret: string): string {
  return totpAt(secret, forum.clock.now().getTime() / 1000);
}

/** "Confirm it's you" as a dialog: only the password is asked when a code was already typed. */
async function confirmWithPassword(page: Page, password: string): Promise<void> {
  await page.getByRole('heading', { name: "Confirm it's you" }).waitFor();
  await page.getByRole('dialog').getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Confirm' }).click();
}

async function eventsOf(forum: TestForum, username: string): Promise<string[]> {
  const rows: { event: string }[] = await forum.forum.services
    .db('second_factor_events')
    .join('users', 'users.id', 'second_factor_events.user_id')
    .where('users.username', username)
    .orderBy('second_factor_events.id')
    .select('event');
  return rows.map((r) => r.event);
}

module('journey: the recent-login window has closed (Chromium, the clock moved)', (hooks) => {
  const running = useForumAndBrowser(hooks);

  test('create new codes, add and remove an authenticator, and an admin reset: each secret asked once', async (assert) => {
    const { forum, browser } = running();
    const page = await browser.newPage();
    const errors = watchForPageErrors(page);
    const security = `${forum.forum.url}/u/${member.username}/preferences/security`;

    await page.goto(forum.forum.url);
    await signUp(page, member);
    await page.goto(security);
    await page.getByRole('button', { name: 'Add authenticator app' }).click();
    await page.locator('[data-test-qr-code]').waitFor();
    const secret = (await page.locator('[data-test-secret]').innerText()).replace(/\s+/g, '');
    await page.getByLabel('6-digit code shown in the app').fill(appCode(forum, secret));
    await page.getByRole('button', { name: 'Enable' }).click();
    await page.getByRole('heading', { name: 'Save your backup codes' }).waitFor();
    await page.getByLabel('I have saved these codes').check();
    await page.locator('[data-test-codes-done]').click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    // 1. "Create new backup codes": one code, then the password alone; no reuse alarm.
    forum.clock.advance(WINDOW_CLOSED_MS);
    const before = (await eventsOf(forum, member.username)).length;
    await page.locator('[data-test-create-codes]').click();
    await page.getByRole('dialog').getByLabel('6-digit code from your authenticator app').fill(appCode(forum, secret));
    await page.getByRole('dialog').getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: "Confirm it's you" }).waitFor();
    assert.strictEqual(
      await page.getByRole('dialog').getByLabel('6-digit code from your authenticator app').count(),
      0,
      'the code is not asked again',
    );
    await confirmWithPassword(page, member.password);
    await page.locator('[data-test-backup-codes]').waitFor();
    assert.deepEqual(
      (await eventsOf(forum, member.username)).slice(before),
      ['totp_verified', 'backup_codes_created'],
      'no reused code, no failure',
    );
    await page.getByLabel('I have saved these codes').check();
    await page.locator('[data-test-codes-done]').click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    // 2. Adding a second authenticator: "confirm it's you" with the password and the first app's code.
    forum.clock.advance(WINDOW_CLOSED_MS);
    await page.getByRole('button', { name: 'Add authenticator app' }).click();
    await page.getByRole('heading', { name: "Confirm it's you" }).waitFor();
    await page.getByRole('dialog').getByLabel('Password').fill(member.password);
    await page.getByRole('dialog').getByLabel('6-digit code from your authenticator app').fill(appCode(forum, secret));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('[data-test-qr-code]').waitFor();
    const second = (await page.locator('[data-test-secret]').innerText()).replace(/\s+/g, '');
    await page.getByLabel('6-digit code shown in the app').fill(appCode(forum, second));
    await page.getByRole('button', { name: 'Enable' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.locator('[data-test-authenticator-name]').nth(1).waitFor();
    assert.strictEqual(await page.locator('[data-test-authenticator-name]').count(), 2, 'two authenticators');

    // 3. Removing one: "confirm it's you" again, then it is gone.
    forum.clock.advance(WINDOW_CLOSED_MS);
    await page.getByRole('button', { name: 'Remove' }).nth(1).click();
    await page.getByRole('button', { name: 'Yes, remove' }).click();
    await page.getByRole('heading', { name: "Confirm it's you" }).waitFor();
    await page.getByRole('dialog').getByLabel('Password').fill(member.password);
    await page
      .getByRole('dialog')
      .getByLabel('6-digit code from your authenticator app')
      .fill(totpAt(secret, forum.clock.now().getTime() / 1000 + 30));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.querySelectorAll('[data-test-authenticator-name]').length === 1);
    assert.strictEqual(await page.locator('[data-test-authenticator-name]').count(), 1, 'one authenticator left');

    // 4. The admin's reset, after the admin's own window closed.
    await forum.forum.createUser({ ...admin, admin: true });
    const adminPage = await browser.newPage();
    errors.push(...watchForPageErrors(adminPage));
    await adminPage.goto(forum.forum.url);
    await logInWithPassword(adminPage, admin.username, admin.password);
    await adminPage.getByRole('button', { name: 'Log out' }).waitFor();
    forum.clock.advance(WINDOW_CLOSED_MS);
    const memberId = (await forum.forum.services.db('users').where({ username: member.username }).first('id'))
      .id as number;
    await adminPage.goto(`${forum.forum.url}/admin/users/${memberId}`);
    await adminPage.locator('[data-test-admin-2fa-reset]').click();
    await adminPage.locator('[data-test-admin-2fa-confirm-reset]').click();
    await confirmWithPassword(adminPage, admin.password);
    await adminPage.locator('[data-test-admin-2fa-status]').waitFor();
    assert.strictEqual(await adminPage.locator('[data-test-admin-2fa-enabled]').innerText(), 'Off', 'reset');
    assert.deepEqual(errors, []);
    await adminPage.close();
    await page.close();
  });
});
