import QUnit from 'qunit';
import { seriousViolations } from '../src/accessibility.js';
import { watchForPageErrors } from '../src/browser.js';
import { totpAt } from '../src/forum-client.js';
import { shoot } from '../src/screenshots.js';
import { logInWithPassword, useForumAndBrowser } from '../src/journey-forum.js';

const { module, test } = QUnit;
QUnit.config.testTimeout = 180_000;

const DAY_MS = 24 * 60 * 60 * 1000;
const admin = { username: 'graceadmin', email: 'graceadmin@example.test', password: 'a long admin password' };
const member = { username: 'gracie', email: 'gracie@example.test', password: 'a long member password' };

module('journey: enforcement with a grace period (Chromium, the clock moved)', (hooks) => {
  const running = useForumAndBrowser(hooks);

  test('the admin requires 2FA; the member browses under a banner with the deadline, then reaches only set-up; with an authenticator, the forum again', async (assert) => {
    const { forum, browser } = running();
    await forum.forum.createUser({ ...admin, admin: true });
    await forum.forum.createUser({ ...member, admin: false });

    // The admin turns enforcement on; the panel above the settings counts the members.
    // bypassCSP only lets the audit inject axe-core: the app itself runs under the forum's CSP elsewhere.
    const adminContext = await browser.newContext({ bypassCSP: true });
    const adminPage = await adminContext.newPage();
    const errors = watchForPageErrors(adminPage);
    await adminPage.goto(forum.forum.url);
    await logInWithPassword(adminPage, admin.username, admin.password);
    await adminPage.getByRole('button', { name: 'Log out' }).waitFor();
    await adminPage.goto(`${forum.forum.url}/admin/site-settings`);
    await adminPage.locator('[data-test-enrolment-off]').waitFor();
    await adminPage.locator('[data-test-setting="enforce_second_factor"] select').selectOption('all');
    await adminPage.getByRole('button', { name: 'Save changes' }).click();
    await adminPage.getByText('Saved 1 change.').waitFor();
    await adminPage.locator('[data-test-enrolment-refresh]').click();
    await adminPage.locator('[data-test-enrolment-summary]').waitFor();
    assert.strictEqual(
      await adminPage.locator('[data-test-enrolment-summary]').innerText(),
      '0 of 2 members have set up two-factor authentication.',
    );
    assert.strictEqual(await adminPage.locator('[data-test-enrolment-in-grace]').innerText(), '1', 'the admin');
    assert.strictEqual(await adminPage.locator('[data-test-enrolment-not-started]').innerText(), '1', 'the member');
    await adminPage.locator('.enforcement-enrolment').scrollIntoViewIfNeeded();
    await shoot(adminPage, 'enforcement-enrolment-panel', { fullPage: false });
    assert.deepEqual(
      await seriousViolations(adminPage),
      [],
      'the panel: no serious or critical WCAG 2.1 AA violations',
    );

    // The member logs in: a banner with the deadline, on every page.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    errors.push(...watchForPageErrors(page));
    await page.goto(forum.forum.url);
    await logInWithPassword(page, member.username, member.password);
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    const banner = page.locator('[data-test-enforcement-grace]');
    await banner.waitFor();
    const memberRow: { id: number } = await forum.forum.services
      .db('users')
      .where({ username: member.username })
      .first('id');
    const row: { started_at: Date | string } = await forum.forum.services
      .db('second_factor_enforcement_grace')
      .where({ user_id: memberRow.id })
      .first('started_at');
    const deadline = new Date(new Date(row.started_at).getTime() + 7 * DAY_MS);
    const shown = await page.evaluate(
      (iso) =>
        new Intl.DateTimeFormat(navigator.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)),
      deadline.toISOString(),
    );
    assert.strictEqual(
      await page.locator('[data-test-enforcement-grace-deadline]').innerText(),
      `Two-factor authentication is required from ${shown}.`,
      'the deadline, in the browser’s locale',
    );
    await shoot(page, 'enforcement-grace-banner', { fullPage: false });
    assert.deepEqual(await seriousViolations(page), [], 'the banner: no serious or critical WCAG 2.1 AA violations');

    await page.goto(`${forum.forum.url}/u/${member.username}/preferences/account`);
    await banner.waitFor();
    assert.true(page.url().endsWith('/preferences/account'), 'browsing as usual during the grace');

    // A week later: only the security page, with the reason, and no banner.
    forum.clock.advance(7 * DAY_MS + 60_000);
    await page.goto(forum.forum.url);
    await page.locator('[data-test-second-factor-required]').waitFor();
    assert.true(page.url().endsWith(`/u/${member.username}/preferences/security`), 'sent to set up');
    assert.strictEqual(await banner.count(), 0, 'the banner has gone');
    await page.goto(`${forum.forum.url}/u/${member.username}/preferences/account`);
    await page.waitForURL(/\/preferences\/security$/);
    assert.true(page.url().endsWith('/preferences/security'), 'anywhere else sends them back');

    // Sets up an authenticator (the login was a week ago: "confirm it's you" with the password first).
    await page.getByRole('button', { name: 'Add authenticator app' }).click();
    await page.getByRole('heading', { name: "Confirm it's you" }).waitFor();
    await page.getByRole('dialog').getByLabel('Password').fill(member.password);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('[data-test-qr-code]').waitFor();
    const secret = (await page.locator('[data-test-secret]').innerText()).replace(/\s+/g, '');
    await page.getByLabel('6-digit code shown in the app').fill(totpAt(secret, forum.clock.now().getTime() / 1000));
    await page.getByRole('button', { name: 'Enable' }).click();
    await page.getByRole('heading', { name: 'Save your backup codes' }).waitFor();
    await page.getByLabel('I have saved these codes').check();
    await page.locator('[data-test-codes-done]').click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    await page.goto(`${forum.forum.url}/u/${member.username}/preferences/account`);
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    assert.true(page.url().endsWith('/preferences/account'), 'the forum again');
    assert.strictEqual(await banner.count(), 0, 'no banner with a second factor');
    assert.deepEqual(errors, [], 'no page errors');
    await context.close();
    await adminContext.close();
  });
});
