import QUnit from 'qunit';
import { TestClient } from 'forum-server/testing';
import { watchForPageErrors } from '../src/browser.js';
import { shoot } from '../src/screenshots.js';
import { logInWithPassword, signUp, useForumAndBrowser } from '../src/journey-forum.js';

const { module, test } = QUnit;
QUnit.config.testTimeout = 120_000;

module('journey: an attacker locks a member out; the member still gets in, the admin unlocks (Chromium)', (hooks) => {
  const running = useForumAndBrowser(hooks);

  test("the member's own browser logs in through a lockout; the admin sees it and clicks Unlock", async (assert) => {
    const { forum, browser } = running();
    const member = { username: 'lockedlucy', email: 'lucy@example.test', password: 'a long member password' };
    const admin = { username: 'unlockadmin', email: 'unlock@example.test', password: 'a long admin password' };
    await forum.forum.createUser({ ...admin, admin: true });

    const memberPage = await browser.newPage();
    const errors = watchForPageErrors(memberPage);
    await memberPage.goto(forum.forum.url);
    await signUp(memberPage, member);
    await memberPage.getByRole('button', { name: 'Log out' }).click();

    const attacker = new TestClient(forum.forum.url);
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await attacker.logIn(member.username, `guess number ${i}`)).status);
    assert.strictEqual(statuses.at(-1), 429, 'the attacker has locked the account (20 wrong passwords)');

    await logInWithPassword(memberPage, member.username, member.password);
    await memberPage.getByRole('button', { name: 'Log out' }).waitFor();
    assert.true(
      await memberPage.getByRole('button', { name: 'Log out' }).isVisible(),
      "the member's own browser logs in regardless",
    );

    const adminContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const adminPage = await adminContext.newPage();
    errors.push(...watchForPageErrors(adminPage));
    await adminPage.goto(forum.forum.url);
    await logInWithPassword(adminPage, admin.username, admin.password);
    await adminPage.getByRole('button', { name: 'Log out' }).waitFor();
    const memberId = (await forum.forum.services.db('users').where({ username: member.username }).first('id'))
      .id as number;
    await adminPage.goto(`${forum.forum.url}/admin/users/${memberId}`);
    await adminPage.getByText('Locked until').waitFor();
    await shoot(adminPage, 'admin-member-locked');
    await adminPage.getByRole('button', { name: 'Unlock' }).click();
    await adminPage.getByRole('status').getByText(`${member.username} can log in again.`).waitFor();
    await shoot(adminPage, 'admin-member-unlocked');
    assert.strictEqual(
      (await new TestClient(forum.forum.url).logIn(member.username, member.password)).status,
      200,
      'any browser gets in again',
    );
    assert.deepEqual(errors, []);
    await adminContext.close();
    await memberPage.close();
  });
});
