import QUnit from 'qunit';
import type { TestForum } from 'forum-server/testing';
import type { TestSmtpServer } from 'forum-server/testing/smtp';
import type { SecondFactorsStatus } from '@second-factor/core';
import { backupCodeHashEvaluations } from '../src/index.js';
import { MAX_KEPT_SHEETS } from '../src/backup-codes/backup-codes.js';
import { logInWithBackupCode, setSettings, userIdOf } from './support/backup-codes.js';
import { errorCode, loggedInAdmin, memberWithAuthenticator, type EnrolledMember } from './support/forum.js';
import { startMailingForum, stopMailingForum } from './support/mailing-forum.js';
import { totpAt } from './support/rfc6238.js';

const { module, test } = QUnit;
const DAY_MS = 24 * 60 * 60 * 1000;

/** "Dec 2, 2026": how the server writes a date in a message. */
const dateOf = (date: Date): string => date.toLocaleDateString('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

// The old-sheet tripwire (issue #16): a replaced sheet's codes are kept, refused as such, and mail the member.
module('old-sheet tripwire', (hooks) => {
  let smtp: TestSmtpServer;
  let forum: TestForum;
  hooks.before(async () => {
    ({ forum, smtp } = await startMailingForum());
  });
  hooks.afterEach(async () => {
    await setSettings(forum, { backup_codes_tripwire_days: 90 });
  });
  hooks.after(() => stopMailingForum({ forum, smtp }));

  const db = () => forum.forum.services.db;
  /** A code from the next time step: enabling the authenticator used the current one. */
  const nextTotp = (enrolled: EnrolledMember) =>
    totpAt(enrolled.secret, Math.floor(forum.clock.now().getTime() / 1000) + 30);

  /** "Create new backup codes", proved with a code of the current sheet (which burns it). */
  async function replaceSheet(enrolled: EnrolledMember, proof: string): Promise<string[]> {
    const created = await enrolled.client.post<{ backupCodes: string[] }>('/api/u/me/backup-codes', {
      method: 'backup_code',
      token: proof,
    });
    if (created.status !== 201) throw new Error(`new codes refused: ${created.text}`);
    return created.body.backupCodes;
  }

  async function backupRows(
    enrolled: EnrolledMember,
  ): Promise<{ replaced_at: Date | null; identifier: string; batch: string }[]> {
    return db()('user_second_factors')
      .where({ user_id: await userIdOf(forum, enrolled.member.username), method: 2 })
      .select('replaced_at', db().raw("data->>'identifier' as identifier"), db().raw("data->>'batch' as batch"));
  }

  test('a code from the replaced sheet is refused with the date, logged, mailed, and the counts ignore that sheet', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum, 'tripwire');
    const oldSheet = enrolled.enableResponse.backupCodes as string[];
    const created = await enrolled.client.post<{ backupCodes: string[] }>('/api/u/me/backup-codes', {
      method: 'totp',
      token: nextTotp(enrolled),
    });
    assert.strictEqual(created.status, 201, created.text);
    const replacedOn = dateOf(forum.clock.now());

    const login = await logInWithBackupCode(forum, enrolled, oldSheet[4]!);
    assert.strictEqual(login.response.status, 401);
    assert.strictEqual(errorCode(login.response), 'code_from_replaced_sheet');
    assert.strictEqual(
      (login.response.body as { error: { message: string } }).error.message,
      `This code is from a backup-code sheet you replaced on ${replacedOn}. Use a code from your newest sheet.`,
    );
    const confirm = await enrolled.client.post('/api/session/confirm', {
      password: enrolled.member.password,
      method: 'backup_code',
      token: oldSheet[5]!,
    });
    assert.strictEqual(errorCode(confirm), 'code_from_replaced_sheet', '"confirm it\'s you" says the same');

    const events: { event: string; ip: string | null; details: Record<string, unknown> }[] = await db()(
      'second_factor_events',
    )
      .where({ user_id: await userIdOf(forum, enrolled.member.username), event: 'backup_code_from_replaced_sheet' })
      .select('event', 'ip', 'details');
    assert.deepEqual(
      events.map((e) => e.details['purpose']),
      ['login', 'confirm'],
      'one event per attempt',
    );
    assert.ok(events.every((e) => e.ip === '127.0.0.1'));

    const status = await enrolled.client.get<SecondFactorsStatus>('/api/u/me/second-factors');
    assert.deepEqual(
      [status.body.backupCodes.total, status.body.backupCodes.remaining, status.body.backupCodes.used],
      [10, 10, []],
      'the replaced sheet is not counted',
    );
    const admin = await loggedInAdmin(forum, 'tripadmin');
    const summary = await admin.get<{ backupCodesRemaining: number }>(
      `/api/admin/users/${await userIdOf(forum, enrolled.member.username)}/second-factors`,
    );
    assert.strictEqual(summary.body.backupCodesRemaining, 10, "the admin's view neither");
    const fresh = await logInWithBackupCode(forum, enrolled, created.body.backupCodes[0]!);
    assert.strictEqual(fresh.response.status, 200, 'the new sheet works');

    await forum.forum.services.mailDelivery.deliverDue();
    const mails = smtp.received.filter(
      (m) =>
        m.envelopeTo.includes(enrolled.member.email) &&
        m.parsed.subject === 'Forum: a code from your old backup-code sheet was used',
    );
    assert.strictEqual(mails.length, 2, 'a mail per attempt');
    assert.ok(mails[0]!.parsed.text?.includes(`from the sheet you replaced on ${replacedOn}`), mails[0]!.parsed.text);
    assert.ok(mails[0]!.parsed.text?.includes('someone has that old sheet'));
    const wire = mails.map((m) => [m.raw, m.parsed.text, m.parsed.html].join('\n')).join('\n');
    for (const secret of [enrolled.secret, enrolled.member.password, ...oldSheet, ...created.body.backupCodes]) {
      assert.notOk(
        wire.includes(secret) || wire.includes(secret.replaceAll('-', '')),
        'no code, secret or password on the wire',
      );
    }
  });

  test('old-sheet codes count as failures: the sixth fast one is a lockout', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum, 'tripcount');
    const oldSheet = enrolled.enableResponse.backupCodes as string[];
    await replaceSheet(enrolled, oldSheet[0]!);
    const codes: (string | undefined)[] = [];
    for (const code of oldSheet.slice(1, 7))
      codes.push(errorCode((await logInWithBackupCode(forum, enrolled, code)).response));
    assert.deepEqual(codes, [...Array<string>(5).fill('code_from_replaced_sheet'), 'too_many_attempts']);
  });

  test('identifiers never collide with kept sheets, at most a few sheets are kept, and every attempt costs one argon2', async (assert) => {
    await setSettings(forum, { backup_codes_count: 20 });
    try {
      const enrolled = await memberWithAuthenticator(forum, 'tripids');
      const sheets = [enrolled.enableResponse.backupCodes as string[]];
      for (let i = 0; i < MAX_KEPT_SHEETS + 2; i++) sheets.push(await replaceSheet(enrolled, sheets.at(-1)![0]!));
      const rows = await backupRows(enrolled);
      assert.strictEqual(
        new Set(rows.map((r) => r.identifier)).size,
        rows.length,
        'an identifier selects exactly one row',
      );
      assert.strictEqual(
        new Set(rows.filter((r) => r.replaced_at).map((r) => r.batch)).size,
        MAX_KEPT_SHEETS,
        'the newest sheets are kept',
      );
      assert.strictEqual(rows.length, 20 * (MAX_KEPT_SHEETS + 1));

      const attempts = [
        sheets.at(-2)![5]!, // the sheet just replaced
        sheets[0]![5]!, // a sheet no longer kept: as wrong as any
        `${sheets.at(-1)![3]!.slice(0, 2)}00-0000-0000`, // the current sheet's identifier, wrong secret
        sheets.at(-1)![4]!, // right
      ];
      const outcomes: (string | number)[] = [];
      for (const attempt of attempts) {
        const before = backupCodeHashEvaluations();
        const response = (await logInWithBackupCode(forum, enrolled, attempt)).response;
        outcomes.push(errorCode(response) ?? response.status);
        assert.strictEqual(backupCodeHashEvaluations() - before, 1, `one evaluation: ${attempt.slice(0, 2)}`);
      }
      assert.deepEqual(outcomes, ['code_from_replaced_sheet', 'invalid_second_factor', 'invalid_second_factor', 200]);
    } finally {
      await setSettings(forum, { backup_codes_count: 10 });
    }
  });

  test('the tripwire lasts backup_codes_tripwire_days; expired sheets are purged at the next new batch; 0 turns it off', async (assert) => {
    await setSettings(forum, { backup_codes_tripwire_days: 2 });
    const enrolled = await memberWithAuthenticator(forum, 'tripexpire');
    const oldSheet = enrolled.enableResponse.backupCodes as string[];
    await replaceSheet(enrolled, oldSheet[0]!);
    forum.clock.advance(2 * DAY_MS - 60_000);
    assert.strictEqual(
      errorCode((await logInWithBackupCode(forum, enrolled, oldSheet[1]!)).response),
      'code_from_replaced_sheet',
      'still watched just before',
    );
    forum.clock.advance(2 * 60_000);
    assert.strictEqual(
      errorCode((await logInWithBackupCode(forum, enrolled, oldSheet[2]!)).response),
      'invalid_second_factor',
      'as wrong as any code after',
    );
    assert.strictEqual((await backupRows(enrolled)).filter((r) => r.replaced_at).length, 10, 'kept until a purge');
    await memberWithAuthenticator(forum, 'trippurge'); // anyone's new batch purges expired sheets forum-wide
    assert.strictEqual((await backupRows(enrolled)).filter((r) => r.replaced_at).length, 0, 'purged');

    await setSettings(forum, { backup_codes_tripwire_days: 0 });
    const off = await memberWithAuthenticator(forum, 'tripoff');
    const offSheet = off.enableResponse.backupCodes as string[];
    await replaceSheet(off, offSheet[0]!);
    assert.strictEqual((await backupRows(off)).length, 10, 'off: the old sheet is deleted, as before');
    assert.strictEqual(
      errorCode((await logInWithBackupCode(forum, off, offSheet[1]!)).response),
      'invalid_second_factor',
    );

    await setSettings(forum, { backup_codes_tripwire_days: 90 });
    const switched = await memberWithAuthenticator(forum, 'tripswitch');
    const switchedSheet = switched.enableResponse.backupCodes as string[];
    await replaceSheet(switched, switchedSheet[0]!);
    await setSettings(forum, { backup_codes_tripwire_days: 0 });
    assert.strictEqual(
      errorCode((await logInWithBackupCode(forum, switched, switchedSheet[1]!)).response),
      'invalid_second_factor',
      'switched off: kept sheets are no longer watched',
    );
  });

  test('removing the codes, the last authenticator, or an admin reset removes the replaced sheets too', async (assert) => {
    const removesCodes = await memberWithAuthenticator(forum, 'tripdel');
    await replaceSheet(removesCodes, (removesCodes.enableResponse.backupCodes as string[])[0]!);
    assert.strictEqual((await removesCodes.client.delete('/api/u/me/backup-codes')).status, 204);
    assert.strictEqual((await backupRows(removesCodes)).length, 0);

    const removesApp = await memberWithAuthenticator(forum, 'tripapp');
    await replaceSheet(removesApp, (removesApp.enableResponse.backupCodes as string[])[0]!);
    assert.strictEqual(
      (await removesApp.client.delete(`/api/u/me/second-factors/totp/${removesApp.authenticatorId}`)).status,
      204,
    );
    assert.strictEqual((await backupRows(removesApp)).length, 0);

    const reset = await memberWithAuthenticator(forum, 'tripreset');
    await replaceSheet(reset, (reset.enableResponse.backupCodes as string[])[0]!);
    const admin = await loggedInAdmin(forum, 'tripadm2');
    assert.strictEqual(
      (await admin.post(`/api/admin/users/${await userIdOf(forum, reset.member.username)}/second-factors/reset`, {}))
        .status,
      200,
    );
    assert.strictEqual((await backupRows(reset)).length, 0);
  });
});
