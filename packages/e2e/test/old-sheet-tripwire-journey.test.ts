import QUnit from 'qunit';
import { watchForPageErrors } from '../src/browser.js';
import { enrolMember } from '../src/forum-client.js';
import { shoot } from '../src/screenshots.js';
import { logInWithPassword, useForumAndBrowser } from '../src/journey-forum.js';

const { module, test } = QUnit;
QUnit.config.testTimeout = 120_000;

module('journey: a code from a replaced backup-code sheet (Chromium)', (hooks) => {
  const running = useForumAndBrowser(hooks);

  test('the old sheet is refused with the date it was replaced, the member is mailed, and the activity says so', async (assert) => {
    const { forum, browser } = running();
    const client = forum.client();
    const member = await enrolMember(client, 'oldsheet');
    const oldSheet = member.backupCodes;
    // The member printed the first sheet, then made a new one (proved with a code of the old).
    const created = await client.post<{ backupCodes: string[] }>('/api/u/me/backup-codes', {
      method: 'backup_code',
      token: oldSheet[0],
    });
    assert.strictEqual(created.status, 201, created.text);
    const replacedOn = forum.clock.now().toLocaleDateString('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

    // Someone with the old sheet (and the password) tries it.
    const page = await browser.newPage();
    const errors = watchForPageErrors(page);
    await page.goto(forum.forum.url);
    await logInWithPassword(page, member.username, member.password);
    await page.getByRole('button', { name: 'Use a backup code instead' }).click();
    await page.getByLabel('Backup code').fill(oldSheet[3]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    const error = page.locator('[data-test-second-factor-error]').filter({ hasText: /replaced on/ });
    await error.waitFor();
    assert.strictEqual(
      (await error.innerText()).trim(),
      `This code is from a backup-code sheet you replaced on ${replacedOn}. Use a code from your newest sheet.`,
    );
    await shoot(page, 'old-sheet-refused');

    const mail: { subject: string; body_text: string } | undefined = await forum.forum.services
      .db('mail_outbox')
      .where({ to_address: `${member.username}@example.test` })
      .orderBy('id', 'desc')
      .first('subject', 'body_text');
    assert.strictEqual(mail?.subject, 'Forum: a code from your old backup-code sheet was used');
    assert.notOk(
      oldSheet.some((code) => mail?.body_text.includes(code)),
      'no code in the mail',
    );

    // The member, with the new sheet, gets in and sees what happened.
    await page.getByLabel('Backup code').fill(created.body.backupCodes[0]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.locator('[data-test-notice-ok]').click();
    await page.goto(`${forum.forum.url}/u/${member.username}/preferences/security`);
    const event = page.locator('[data-test-security-event="backup_code_from_replaced_sheet"]');
    await event.waitFor();
    assert.ok((await event.innerText()).includes('Code from a replaced backup-code sheet refused'));
    await event.scrollIntoViewIfNeeded();
    await shoot(page, 'old-sheet-activity');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
