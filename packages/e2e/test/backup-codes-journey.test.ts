import fs from 'node:fs';
import QUnit from 'qunit';
import type { Page } from 'playwright-core';
import { watchForPageErrors } from '../src/browser.js';
import { totpAt } from '../src/forum-client.js';
import { logInWithPassword as passwordStep, signUp, useForumAndBrowser } from '../src/journey-forum.js';

const { module, test } = QUnit;
QUnit.config.testTimeout = 180_000;

const member = { username: 'rosalind', email: 'rosalind@example.test', password: 'a long member password' };

async function codesOnScreen(page: Page): Promise<string[]> {
  const text = await page.locator('[data-test-backup-codes]').innerText();
  return text.match(/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/g) ?? [];
}

function logInWithPassword(page: Page): Promise<void> {
  return passwordStep(page, member.username, member.password);
}

/** Downloads the sheet through the browser and returns the file's name and text. */
async function downloadSheet(page: Page): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('[data-test-download-codes]').click(),
  ]);
  const file = await download.path();
  return { name: download.suggestedFilename(), text: fs.readFileSync(file, 'utf8') };
}

module('journey: authenticator and backup codes (Chromium)', (hooks) => {
  const running = useForumAndBrowser(hooks);

  test('set up an app, download the first batch at once, log in with a code, renew the batch', async (assert) => {
    const { forum, browser } = running();
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const errors = watchForPageErrors(page);

    // Sign up and add an authenticator app, reading the key as a person typing it into an app would.
    await page.goto(forum.forum.url);
    await signUp(page, member);
    await page.goto(`${forum.forum.url}/u/${member.username}/preferences/security`);
    await page.getByRole('button', { name: 'Add authenticator app' }).click();
    await page.locator('[data-test-qr-code]').waitFor();
    const secret = (await page.locator('[data-test-secret]').innerText()).replace(/\s+/g, '');
    await page.getByLabel('6-digit code shown in the app').fill(totpAt(secret, Date.now() / 1000));
    await page.getByRole('button', { name: 'Enable' }).click();

    // The same modal goes on to the first batch, with Download focused first.
    await page.getByRole('heading', { name: 'Save your backup codes' }).waitFor();
    assert.true(
      await page.locator('[data-test-download-codes]').evaluate((el) => el === document.activeElement),
      'Download has the focus',
    );
    const firstBatch = await codesOnScreen(page);
    assert.strictEqual(firstBatch.length, 10);
    const sheet = await downloadSheet(page);
    // The batch's date and time to the minute: a second batch made the same day is another file.
    assert.ok(
      new RegExp(`^forum-${member.username}-backup-codes-\\d{4}-\\d{2}-\\d{2}-\\d{4}\\.txt$`).test(sheet.name),
      sheet.name,
    );
    assert.ok(sheet.text.startsWith(`Forum — backup codes for ${member.username}\n`), sheet.text.slice(0, 80));
    firstBatch.forEach((code, i) =>
      assert.ok(sheet.text.includes(`${String(i + 1).padStart(2, ' ')}. ${code}\n`), `code ${i + 1} on the sheet`),
    );
    assert.true(await page.locator('[data-test-codes-done]').isDisabled(), 'Done waits for "I have saved these codes"');
    await page.getByLabel('I have saved these codes').check();
    await page.locator('[data-test-codes-done]').click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    // Phone lost: log in with the first backup code, typed loosely.
    await page.getByRole('button', { name: 'Log out' }).click();
    await logInWithPassword(page);
    await page.getByRole('button', { name: 'Use a backup code instead' }).click();
    await page.getByLabel('Backup code').fill(firstBatch[0]!.toLowerCase().replaceAll('-', ' '));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.locator('[data-test-backup-code-login-notice]').waitFor();
    assert.ok(
      (await page.locator('[data-test-backup-code-login-notice]').innerText()).includes('9'),
      'the notice says 9 remain',
    );
    await page.locator('[data-test-notice-ok]').click();
    await page.goto(`${forum.forum.url}/u/${member.username}/preferences/security`);
    await page.locator('[data-test-backup-codes-used]').waitFor();
    assert.ok((await page.locator('[data-test-backup-codes-used]').innerText()).includes('#1 used'));
    assert.ok((await page.locator('[data-test-backup-codes-state]').innerText()).includes('9'));

    // New codes, after a current code from the app; print preview shows only the sheet.
    await page.locator('[data-test-create-codes]').click();
    await page.getByLabel('6-digit code from your authenticator app').fill(totpAt(secret, Date.now() / 1000 + 30));
    await page.getByRole('dialog').getByRole('button', { name: 'Continue' }).click();
    await page.locator('[data-test-backup-codes]').waitFor();
    const secondBatch = await codesOnScreen(page);
    assert.strictEqual(secondBatch.length, 10);
    assert.strictEqual(secondBatch.filter((c) => firstBatch.includes(c)).length, 0, 'all new codes');
    await page.emulateMedia({ media: 'print' });
    const visibleInPrint = await page.evaluate(() =>
      [...document.body.querySelectorAll<HTMLElement>('body *')]
        .filter((el) => el.offsetParent !== null && el.children.length === 0 && el.innerText.trim() !== '')
        .map((el) => el.innerText.trim()),
    );
    assert.ok(
      visibleInPrint.some((t) => t.includes(secondBatch[0]!)),
      'the codes print',
    );
    assert.notOk(
      visibleInPrint.some((t) => t === 'Log out' || t === 'Add authenticator app'),
      'nothing but the sheet prints',
    );
    await page.emulateMedia({ media: 'screen' });
    await downloadSheet(page);
    await page.getByLabel('I have saved these codes').check();
    await page.locator('[data-test-codes-done]').click();

    // An old code no longer works, and the member is told it is from the replaced sheet (the tripwire).
    await page.getByRole('button', { name: 'Log out' }).click();
    await logInWithPassword(page);
    await page.getByRole('button', { name: 'Use a backup code instead' }).click();
    await page.getByLabel('Backup code').fill(firstBatch[1]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page
      .locator('[data-test-second-factor-error]')
      .filter({ hasText: /sheet you replaced on/ })
      .waitFor();
    assert.true(
      await page
        .locator('[data-test-second-factor-error]')
        .filter({ hasText: /sheet you replaced on/ })
        .isVisible(),
      'an old code is refused',
    );
    assert.deepEqual(errors, []);
    await context.close();
  });
});
