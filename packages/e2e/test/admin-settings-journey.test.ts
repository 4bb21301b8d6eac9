import QUnit from 'qunit';
import { watchForPageErrors } from '../src/browser.js';
import { shoot } from '../src/screenshots.js';
import { logInWithPassword, useForumAndBrowser } from '../src/journey-forum.js';

const { module, test } = QUnit;
QUnit.config.testTimeout = 120_000;

module('journey: an admin edits several site settings and saves them once (Chromium)', (hooks) => {
  const running = useForumAndBrowser(hooks);

  test('one Save for the page; leaving or closing the tab with unsaved changes asks first', async (assert) => {
    const { forum, browser } = running();
    const admin = { username: 'settingsadmin', email: 'settings@example.test', password: 'a long admin password' };
    await forum.forum.createUser({ ...admin, admin: true });
    // A context of its own: Chromium shows beforeunload questions there (not on browser.newPage()'s).
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = watchForPageErrors(page);
    await page.goto(forum.forum.url);
    await logInWithPassword(page, admin.username, admin.password);
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    await page.goto(`${forum.forum.url}/admin/site-settings`);

    await page.getByLabel('Forum name').fill('The Allotment Forum');
    await page.getByLabel('Backup codes per batch').fill('12');
    await page.getByText('2 unsaved changes').waitFor();
    await shoot(page, 'admin-settings-unsaved');

    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Users' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Leave without saving?').waitFor();
    await shoot(page, 'admin-settings-leave-question');
    await dialog.getByRole('button', { name: 'Stay on this page' }).click();
    assert.true(page.url().endsWith('/admin/site-settings'), 'stayed');

    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved 2 changes.').waitFor();
    assert.strictEqual(
      await page.locator('.site-title').textContent(),
      'The Allotment Forum',
      'the header reads the new name at once',
    );
    const stored = await forum.forum.services.settings.all();
    assert.deepEqual(
      [stored.title, stored.backup_codes_count],
      ['The Allotment Forum', 12],
      'both saved by the one request',
    );

    // Typed with the keyboard: Chromium asks before unloading only a page the person interacted with.
    await page.getByLabel('Backup codes per batch').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('30');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Enter at most 20.').waitFor();
    await shoot(page, 'admin-settings-refused');

    // Closing the tab with the refused edit still in it: the browser asks, and staying keeps the page.
    const question = page.waitForEvent('dialog');
    await page.close({ runBeforeUnload: true });
    const asked = await question;
    assert.strictEqual(asked.type(), 'beforeunload', 'the browser asked before closing');
    await asked.dismiss();
    await page.getByRole('button', { name: 'Save changes' }).waitFor();
    assert.false(page.isClosed(), 'dismissing the question keeps the page');
    assert.deepEqual(errors, []);
    await page.getByRole('button', { name: 'Discard changes' }).click();
    const closed = page.waitForEvent('close');
    await page.close({ runBeforeUnload: true });
    await closed;
    assert.true(page.isClosed(), 'no changes: no question');
    await context.close();
  });
});
