import QUnit from 'qunit';
import type { Page } from 'playwright-core';
import { seriousViolations } from '../src/accessibility.js';
import { watchForPageErrors } from '../src/browser.js';
import { totpAt } from '../src/forum-client.js';
import { logInWithPassword, signUp, useForumAndBrowser } from '../src/journey-forum.js';
import { writeSiteSettings } from 'forum-server/testing';
import { desktop, phone, shoot } from '../src/screenshots.js';

const { module, test } = QUnit;
QUnit.config.testTimeout = 180_000;

/** The accessible name of the focused element, or its tag: what a keyboard user is on. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'body';
    return (element.textContent ?? '').trim() || element.tagName.toLowerCase();
  });
}

/** Tab forward until the control named `name` has focus, as a keyboard user would. */
async function tabTo(page: Page, name: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    if ((await focused(page)) === name) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached “${name}”`);
}

/** Codes that wrap onto a second line, and buttons whose words wrap, in the open dialog. */
function brokenLayout(page: Page): Promise<{ brokenCodes: string[]; wrappedButtons: string[] }> {
  return page.evaluate(() => {
    const lines = (element: Element) => {
      const range = document.createRange();
      range.selectNodeContents(element);
      return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
    };
    return {
      brokenCodes: [...document.querySelectorAll('[role="dialog"] .backup-codes code')]
        .filter((c) => lines(c) > 1)
        .map((c) => c.textContent ?? ''),
      wrappedButtons: [...document.querySelectorAll('[role="dialog"] .btn')]
        .filter((b) => lines(b) > 1)
        .map((b) => (b.textContent ?? '').trim()),
    };
  });
}

module('journey: keyboard only, and a phone (Chromium)', (hooks) => {
  const running = useForumAndBrowser(hooks);

  test('focus comes back to the opener after Escape; Escape after Download asks; codes never break at 390 px', async (assert) => {
    const { forum, browser } = running();
    // bypassCSP only lets the audit inject axe-core.
    const context = await browser.newContext({ viewport: desktop, acceptDownloads: true, bypassCSP: true });
    const page = await context.newPage();
    const errors = watchForPageErrors(page);
    const member = { username: 'keyboardkim', email: 'kim@example.test', password: 'a long member password' };

    await page.goto(forum.forum.url);
    await signUp(page, member);
    await page.goto(`${forum.forum.url}/u/${member.username}/preferences/security`);
    await page.locator('[data-test-security-activity-empty]').waitFor();
    assert.true(
      await page.locator('[data-test-security-activity-empty]').isVisible(),
      '"Recent security activity" loads for a member with no events',
    );

    // Open "Add authenticator app" from the keyboard, and leave with Escape.
    await tabTo(page, 'Add authenticator app');
    await page.keyboard.press('Enter');
    await page.locator('[data-test-qr-code]').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    assert.strictEqual(await focused(page), 'Add authenticator app', 'Escape: focus back on the opener');

    // Again, to the end: the code typed, Enter, the first batch.
    await page.keyboard.press('Enter');
    await page.locator('[data-test-qr-code]').waitFor();
    const secret = (await page.locator('[data-test-secret]').innerText()).replace(/\s+/g, '');
    assert.strictEqual(await focused(page), 'input', 'the code field has focus');
    await page.keyboard.type(totpAt(secret, Date.now() / 1000));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Save your backup codes' }).waitFor();
    await shoot(page, 'backup-codes-sheet');
    await page.setViewportSize(phone);
    const onPhone = await brokenLayout(page);
    assert.deepEqual(onPhone.brokenCodes, [], 'at 390 px no code breaks across lines');
    assert.deepEqual(onPhone.wrappedButtons, [], 'at 390 px no button wraps its words');
    await page.setViewportSize(desktop);
    assert.deepEqual((await brokenLayout(page)).brokenCodes, [], 'nor at 1280 px');

    // Download (focused first), then Escape without "I have saved these codes": asked, as × does.
    assert.strictEqual(await focused(page), 'Download (.txt)');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    assert.ok(
      /^forum-keyboardkim-backup-codes-\d{4}-\d{2}-\d{2}-\d{4}\.txt$/.test(download.suggestedFilename()),
      download.suggestedFilename(),
    );
    await page.keyboard.press('Escape');
    await page.locator('[data-test-confirm-close]').waitFor();
    assert.ok((await page.locator('[data-test-confirm-close]').innerText()).includes('You have not ticked'));
    await shoot(page, 'backup-codes-close-question');
    assert.deepEqual(await seriousViolations(page), [], 'axe: the close question');
    await tabTo(page, 'Close without saving');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    assert.strictEqual(
      await focused(page),
      'Add authenticator app',
      'focus back on the opener after the set-up dialog',
    );
    await page.locator('[data-test-backup-codes-unconfirmed]').waitFor();
    assert.true(
      await page.locator('[data-test-backup-codes-unconfirmed]').isVisible(),
      'the panel says the codes were never confirmed saved',
    );
    await page.locator('[data-test-security-event="totp_enabled"]').waitFor();
    assert.true(
      await page.locator('[data-test-security-event="totp_enabled"]').isVisible(),
      'the activity shows the new authenticator without a reload',
    );
    await shoot(page, 'security-preferences-unconfirmed');
    assert.deepEqual(await seriousViolations(page), [], 'axe: the panel with unconfirmed codes');

    // "Create new backup codes" from the keyboard, Escape: back on it.
    await tabTo(page, 'Create new backup codes');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    assert.strictEqual(
      await focused(page),
      'Create new backup codes',
      'Escape: focus back on "Create new backup codes"',
    );

    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a mistyped backup code stays, selected; with backup codes off, the panel says they are paused', async (assert) => {
    const { forum, browser } = running();
    const context = await browser.newContext({ viewport: desktop, bypassCSP: true });
    const page = await context.newPage();
    const errors = watchForPageErrors(page);
    const member = { username: 'typotom', email: 'tom@example.test', password: 'a long member password' };

    await page.goto(forum.forum.url);
    await signUp(page, member);
    await page.goto(`${forum.forum.url}/u/${member.username}/preferences/security`);
    await page.getByRole('button', { name: 'Add authenticator app' }).click();
    const secret = (await page.locator('[data-test-secret]').innerText()).replace(/\s+/g, '');
    await page.getByLabel('6-digit code shown in the app').fill(totpAt(secret, Date.now() / 1000));
    await page.getByRole('button', { name: 'Enable' }).click();
    const first = (await page.locator('[data-test-backup-codes] li').first().innerText()).trim();
    await page.getByLabel('I have saved these codes').check();
    await page.locator('[data-test-codes-done]').click();
    await page.getByRole('button', { name: 'Log out' }).click();

    // One character wrong (the last): the member sees what they typed, selected, ready to retype.
    const typo = `${first.slice(0, -1)}${first.endsWith('0') ? '1' : '0'}`;
    await logInWithPassword(page, member.username, member.password);
    await page.getByRole('button', { name: 'Use a backup code instead' }).click();
    await page.getByLabel('Backup code').fill(typo);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.locator('[data-test-second-factor-error]').filter({ hasText: /\S/ }).waitFor();
    const field = await page.getByLabel('Backup code').evaluate((input: HTMLInputElement) => ({
      value: input.value,
      selected: input.value.slice(input.selectionStart ?? 0, input.selectionEnd ?? 0),
      focused: input === document.activeElement,
    }));
    assert.deepEqual(field, { value: typo, selected: typo, focused: true }, 'kept, focused and selected');
    await shoot(page, 'login-wrong-backup-code');
    await page.keyboard.type(first);
    await page.keyboard.press('Enter');
    await page.locator('[data-test-notice-ok]').click();

    await writeSiteSettings(forum.forum, { backup_codes_enabled: false });
    try {
      await page.goto(`${forum.forum.url}/u/${member.username}/preferences/security`);
      await page.locator('[data-test-backup-codes-paused]').waitFor();
      assert.ok((await page.locator('[data-test-backup-codes-paused]').innerText()).includes('paused, not gone'));
      await shoot(page, 'security-preferences-backup-codes-paused');
      assert.deepEqual(await seriousViolations(page), [], 'axe: the paused notice');
    } finally {
      await writeSiteSettings(forum.forum, { backup_codes_enabled: true });
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
});
