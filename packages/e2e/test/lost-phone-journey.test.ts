import fs from 'node:fs';
import QUnit from 'qunit';
import type { Page } from 'playwright-core';
import type { PendingAuthenticator } from '@second-factor/core';
import { seriousViolations } from '../src/accessibility.js';
import { watchForPageErrors } from '../src/browser.js';
import type { TestClient, TestForum } from 'forum-server/testing';
import { totpAt } from '../src/forum-client.js';
import { shoot } from '../src/screenshots.js';
import { logInWithPassword, useForumAndBrowser } from '../src/journey-forum.js';

const { module, test } = QUnit;
QUnit.config.testTimeout = 180_000;

const CODE_FIELD = '6-digit code from your authenticator app';

async function codesOnScreen(page: Page): Promise<string[]> {
  const text = await page.locator('[data-test-backup-codes]').innerText();
  return text.match(/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/g) ?? [];
}

/** Downloads the sheet through the browser and returns the file's text. */
async function downloadSheet(page: Page): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('[data-test-download-codes]').click(),
  ]);
  return fs.readFileSync(await download.path(), 'utf8');
}

/** An app's next code on the forum's clock (each use needs a step not used yet; the clock only moves on). */
function nextCode(forum: TestForum, secret: string): string {
  forum.clock.advance(30_000);
  return totpAt(secret, Math.floor(forum.clock.now().getTime() / 1000));
}

let members = 0;

/** Signs up on `client` and enables an app at the forum's time; returns its secret and first sheet. */
async function enrol(forum: TestForum, client: TestClient, prefix: string) {
  members += 1;
  const username = `${prefix}${members}`;
  const password = `a long password for ${username}`;
  await client.signUp({ username, email: `${username}@example.test`, password });
  const pending = await client.post<PendingAuthenticator>('/api/u/me/second-factors/totp', {});
  const enabled = await client.post<{ backupCodes?: string[] }>(
    `/api/u/me/second-factors/totp/${pending.body.id}/enable`,
    { token: nextCode(forum, pending.body.secret) },
  );
  if (!enabled.body.backupCodes) throw new Error(`enrolment failed: ${enabled.text}`);
  return { username, password, secret: pending.body.secret, backupCodes: enabled.body.backupCodes };
}

async function logInWithBackupCode(page: Page, username: string, password: string, code: string): Promise<void> {
  await logInWithPassword(page, username, password);
  await page.getByRole('button', { name: 'Use a backup code instead' }).click();
  await page.getByLabel('Backup code').fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.locator('[data-test-backup-code-login-notice]').waitFor();
}

module('journey: lost your phone? (Chromium)', (hooks) => {
  const running = useForumAndBrowser(hooks);

  test('from a backup-code login to a new sheet: the lost app gone, everywhere else signed out', async (assert) => {
    const { forum, browser } = running();
    // The member has their phone's app (with its first sheet) and a tablet's.
    const client = forum.client();
    const member = await enrol(forum, client, 'lostphone');
    const tablet = await client.post<PendingAuthenticator>('/api/u/me/second-factors/totp', { name: 'Tablet' });
    const enabled = await client.post(`/api/u/me/second-factors/totp/${tablet.body.id}/enable`, {
      token: nextCode(forum, tablet.body.secret),
    });
    assert.strictEqual(enabled.status, 200, enabled.text);

    // Another browser is logged in (with the tablet).
    const otherContext = await browser.newContext();
    const other = await otherContext.newPage();
    await other.goto(forum.forum.url);
    await logInWithPassword(other, member.username, member.password);
    await other.getByLabel(CODE_FIELD).fill(nextCode(forum, tablet.body.secret));
    await other.getByRole('button', { name: 'Verify' }).click();
    await other.getByRole('button', { name: 'Log out' }).waitFor();

    // The phone is lost: a backup code, and the notice says which and how many remain.
    // bypassCSP only lets the audit inject axe-core.
    const context = await browser.newContext({ acceptDownloads: true, bypassCSP: true });
    const page = await context.newPage();
    const errors = watchForPageErrors(page);
    await page.goto(forum.forum.url);
    await logInWithBackupCode(page, member.username, member.password, member.backupCodes[2]!);
    assert.ok(
      (await page.locator('[data-test-backup-code-login-notice]').innerText()).includes('You used code #3; 9 remain.'),
      await page.locator('[data-test-backup-code-login-notice]').innerText(),
    );
    await shoot(page, 'lost-phone-notice', { fullPage: false });
    assert.deepEqual(await seriousViolations(page), [], 'the notice: no serious WCAG 2.1 AA violations');

    // One screen: both apps ticked; the member keeps the tablet.
    await page.getByRole('button', { name: 'Lost your phone?' }).click();
    await page.locator('[data-test-lost-phone]').waitFor();
    // The phone's app was added first, unnamed ("Authenticator app").
    const apps = page.locator('[data-test-lost-phone-authenticator]');
    assert.strictEqual(await apps.count(), 2);
    assert.true(await apps.first().isChecked(), 'the phone is ticked');
    assert.true(await page.getByLabel('Tablet').isChecked(), 'every app is ticked at first');
    await page.getByLabel('Tablet').uncheck();
    await shoot(page, 'lost-phone-recovery', { fullPage: false });
    assert.deepEqual(await seriousViolations(page), [], 'the recovery screen: no serious violations');
    await page.getByRole('button', { name: 'Remove and sign out everywhere else' }).click();

    // The new sheet, Download first.
    await page.getByRole('heading', { name: 'Done: save your new backup codes' }).waitFor();
    assert.true(
      await page.locator('[data-test-download-codes]').evaluate((el) => el === document.activeElement),
      'Download has the focus',
    );
    const summary = await page.locator('[data-test-lost-phone-summary]').innerText();
    assert.ok(summary.includes('1 authenticator app removed.'), summary);
    assert.ok(summary.includes('other sessions signed out') || summary.includes('other session signed out'), summary);
    const newSheet = await codesOnScreen(page);
    assert.strictEqual(newSheet.length, 10);
    assert.strictEqual(newSheet.filter((c) => member.backupCodes.includes(c)).length, 0, 'all new codes');
    const file = await downloadSheet(page);
    assert.ok(file.includes(newSheet[0]!), 'the download is the new sheet');
    await shoot(page, 'lost-phone-new-sheet', { fullPage: false });
    assert.deepEqual(await seriousViolations(page), [], 'the new sheet: no serious violations');
    await page.getByLabel('I have saved these codes').check();
    await page.locator('[data-test-codes-done]').click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    // The other browser is logged out; this one is not; the phone's app is gone.
    await other.reload();
    await other.getByRole('button', { name: 'Log in' }).waitFor();
    await page.goto(`${forum.forum.url}/u/${member.username}/preferences/security`);
    const listed = page.locator('.authenticators').first();
    await listed.getByText('Tablet').waitFor();
    assert.strictEqual(await listed.getByText('Authenticator app', { exact: true }).count(), 0, 'the lost app is gone');
    await shoot(page, 'lost-phone-preferences-after');

    // The next login: an old code is refused, a new one works.
    await page.getByRole('navigation', { name: 'Account' }).getByRole('button', { name: 'Log out' }).click();
    await logInWithPassword(page, member.username, member.password);
    await page.getByRole('button', { name: 'Use a backup code instead' }).click();
    await page.getByLabel('Backup code').fill(member.backupCodes[3]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page
      .locator('[data-test-second-factor-error]')
      .filter({ hasText: /sheet you replaced on/ })
      .waitFor();
    await page.getByLabel('Backup code').fill(newSheet[0]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.locator('[data-test-backup-code-login-notice]').waitFor();
    assert.ok(
      (await page.locator('[data-test-backup-code-login-notice]').innerText()).includes('You used code #1; 9 remain.'),
      'a code from the new sheet logged in',
    );
    assert.deepEqual(errors, []);
    await otherContext.close();
    await context.close();
  });
  test('the only app lost: the codes go too, and a new app brings a new sheet', async (assert) => {
    const { forum, browser } = running();
    const member = await enrol(forum, forum.client(), 'onlyphone');
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const errors = watchForPageErrors(page);
    await page.goto(forum.forum.url);
    await logInWithBackupCode(page, member.username, member.password, member.backupCodes[0]!);
    await page.getByRole('button', { name: 'Lost your phone?' }).click();
    await page.locator('[data-test-lost-phone]').waitFor();
    assert.ok(
      (await page.locator('[data-test-lost-phone-nothing-left]').innerText()).includes('backup codes are removed too'),
      'it says nothing will be left',
    );
    await page.getByRole('button', { name: 'Remove and sign out everywhere else' }).click();
    await page.getByRole('heading', { name: 'Set up a new authenticator app' }).waitFor();
    await shoot(page, 'lost-phone-set-up-again', { fullPage: false });

    // The new app: its set-up hands over the first sheet of the new start, Download first.
    await page.getByRole('button', { name: 'Add authenticator app' }).click();
    await page.locator('[data-test-qr-code]').waitFor();
    const secret = (await page.locator('[data-test-secret]').innerText()).replace(/\s+/g, '');
    await page.getByLabel('6-digit code shown in the app').fill(nextCode(forum, secret));
    await page.getByRole('button', { name: 'Enable' }).click();
    await page.getByRole('heading', { name: 'Save your backup codes' }).waitFor();
    const sheet = await codesOnScreen(page);
    assert.strictEqual(sheet.length, 10);
    assert.strictEqual(sheet.filter((c) => member.backupCodes.includes(c)).length, 0, 'a new sheet');
    await downloadSheet(page);
    await page.getByLabel('I have saved these codes').check();
    await page.locator('[data-test-codes-done]').click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    assert.deepEqual(errors, []);
    await context.close();
  });
});
