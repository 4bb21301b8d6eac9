import QUnit from 'qunit';
import { watchForPageErrors } from '../src/browser.js';
import { shoot } from '../src/screenshots.js';
import { logInWithPassword, signUp, useForumAndBrowser } from '../src/journey-forum.js';

const { module, test } = QUnit;
QUnit.config.testTimeout = 120_000;

module('journey: a new forum, its admin and a member (Chromium)', (hooks) => {
  const running = useForumAndBrowser(hooks);

  test('the setup link creates the admin, who opens the site settings', async (assert) => {
    const { forum, browser } = running();
    const page = await browser.newPage();
    const errors = watchForPageErrors(page);
    await page.goto(forum.forum.setupUrl!);
    await page.getByLabel('Username').fill('founder');
    await page.getByLabel('Email').fill('founder@example.test');
    await page.getByLabel('Password').fill('a long founder password');
    await page.getByRole('button', { name: 'Create admin account' }).click();
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.waitForURL('**/admin/**');
    await page.getByText('backup_codes_count').first().waitFor();
    assert.ok((await page.content()).includes('backup_codes_enabled'), "the plugin's settings are listed");
    await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor();
    await shoot(page, 'admin-site-settings');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a member signs up, logs out, logs in and opens both preference tabs', async (assert) => {
    const { forum, browser } = running();
    const page = await browser.newPage();
    const errors = watchForPageErrors(page);
    await page.goto(forum.forum.url);
    await signUp(page, {
      username: 'marguerite',
      email: 'marguerite@example.test',
      password: 'a long member password',
    });
    await page.getByRole('button', { name: 'Log out' }).click();
    await logInWithPassword(page, 'marguerite@example.test', 'a long member password');
    await page.getByRole('link', { name: 'Preferences' }).click();
    await page.getByRole('link', { name: 'Security' }).click();
    await page.waitForURL('**/u/marguerite/preferences/security');
    await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor();
    assert.true(
      await page.getByRole('heading', { name: 'Two-factor authentication' }).isVisible(),
      'the plugin section renders in the security tab',
    );
    await page.goto(`${forum.forum.url}/u/marguerite/preferences/account`);
    await page.getByText('marguerite@example.test').waitFor();
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a logged-out page load asks for nothing that fails (no 404 for "who is logged in")', async (assert) => {
    const { forum, browser } = running();
    const page = await browser.newPage();
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    await page.goto(forum.forum.url);
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await page.waitForLoadState('networkidle');
    assert.deepEqual(failed, []);
    await page.close();
  });
});
