import { fileURLToPath } from 'node:url';
import QUnit from 'qunit';
import { SecondFactorEvent, SecondFactorMethod } from '@second-factor/core';
import { addTranslations, inLocale } from 'forum-plugin-api/server';
import { translationFileReport, type TestClient } from 'forum-server/testing';
import messages from '../src/translations/server.en.json' with { type: 'json' };
import { noticeFor } from '../src/events/notices.js';
import { answerFor } from '../src/routes/refusals.js';
import { loggedInAdmin, newMember, useForumWithPlugin } from './support/forum.js';
import { nowSeconds, totpAt } from './support/rfc6238.js';

const { module, test } = QUnit;

/** A six-digit code that is not the current one. */
const notTheCode = (secret: string) => (totpAt(secret, nowSeconds()) === '000000' ? '111111' : '000000');

const srcDir = fileURLToPath(new URL('../../src/', import.meta.url));

// A second locale is data only: a pseudo-locale ('en-XA', bracketed text) registered here, with
// no change to any refusal or notice, is what a request that asks for it reads; what it lacks is English.
const pseudo = {
  'second_factor.errors.setup_code_wrong': '[Ţĥåţ çöðé îš ñöţ ŕîĝĥţ.]',
  'second_factor.errors.malformed': {
    select: 'method',
    totp: '[Éñţéŕ ţĥé 6-ðîĝîţ çöðé.]',
    other: '[Ƀåçķûƥ çöðéš ĥåṽé 12 ļéţţéŕš.]',
  },
  'second_factor.notices.totp_enabled.subject': '[{forum}: åñ åûţĥéñţîçåţöŕ åƥƥ ŵåš åððéð]',
  'second_factor.notices.backup_codes_low.text': {
    one: '[Öñļý {count} ƀåçķûƥ çöðé îš ļéƒţ öñ {forum}.]',
    other: '[Öñļý {count} ƀåçķûƥ çöðéš åŕé ļéƒţ öñ {forum}.]',
  },
};

module('server strings (src/translations/server.en.json)', () => {
  test('server.en.json and the source files agree, and every key is the plugin’s own (under second_factor.)', (assert) => {
    const report = translationFileReport(messages, srcDir, 'second_factor.');
    assert.true(report.sourceFiles > 30, `${report.sourceFiles} source files read`);
    assert.deepEqual(report.missing, [], 'every key the source uses is in server.en.json');
    assert.deepEqual(report.unused, [], 'every key in server.en.json is used somewhere in the source');
    assert.deepEqual(report.foreign, [], 'no key outside second_factor.');
  });

  test('one refusal row per reason: the wording by method is a choice in the locale file', (assert) => {
    const message = (refusal: Parameters<typeof answerFor>[0]) => answerFor(refusal).message;
    const { totp, backupCode } = SecondFactorMethod;
    assert.strictEqual(
      message({ ok: false, reason: 'malformed', method: totp }),
      'Enter the 6-digit code from your authenticator app.',
    );
    assert.strictEqual(
      message({ ok: false, reason: 'malformed', method: backupCode }),
      'Backup codes have 12 or more letters and digits, like ABCD-EFGH-JKMN.',
    );
    assert.strictEqual(
      message({ ok: false, reason: 'wrong', method: backupCode }),
      'That backup code is not right. Check it against your saved codes.',
    );
    assert.strictEqual(
      message({ ok: false, reason: 'already_used', method: backupCode, usedAt: new Date('2026-12-01T23:30:00Z') }),
      'That backup code was already used (Dec 1, 2026). Try another one.',
      'the date in UTC',
    );
    assert.strictEqual(
      message({ ok: false, reason: 'already_used', method: totp }),
      'That code was already used. Wait for the next code in your app.',
    );
  });

  test('plurals: "1 backup code is left", "3 backup codes are left"; "1 remains"; "paused for 1 minute"', (assert) => {
    const text = (event: Parameters<typeof noticeFor>[0], details: Parameters<typeof noticeFor>[1]) =>
      noticeFor(event, details)?.('Forum').text;
    assert.strictEqual(
      text(SecondFactorEvent.backupCodesLow, { remaining: 1 }),
      'Only 1 backup code is left on your Forum account. Create new ones in your preferences, under Security.',
    );
    assert.strictEqual(
      text(SecondFactorEvent.backupCodesLow, { remaining: 3 }),
      'Only 3 backup codes are left on your Forum account. Create new ones in your preferences, under Security.',
    );
    assert.true(
      text(SecondFactorEvent.backupCodeUsed, { position: 4, remaining: 1 })?.includes(
        '#4 was used on your Forum account; 1 remains.',
      ),
    );
    assert.true(text(SecondFactorEvent.backupCodeUsed, { position: 2, remaining: 0 })?.includes('; 0 remain.'));
    assert.true(text(SecondFactorEvent.lockedOut, { retryAfterSeconds: 60 })?.includes('paused for 1 minute.'));
    assert.true(text(SecondFactorEvent.lockedOut, { retryAfterSeconds: 900 })?.includes('paused for 15 minutes.'));
  });

  test('a notice reads exactly as before: sentences, then the closing paragraph', (assert) => {
    assert.deepEqual(noticeFor(SecondFactorEvent.totpRemoved, { lastOne: true })?.('Forum'), {
      subject: 'Forum: an authenticator app was removed',
      text:
        'An authenticator app was removed from your Forum account. It was the last one: two-factor authentication' +
        ' is now off, and your backup codes were removed. You can review this in your preferences, under Security.' +
        '\n\nIf this was not you, change your password at once and tell the forum admins.',
    });
    assert.strictEqual(
      noticeFor(SecondFactorEvent.secondFactorsReset, { via: 'cli' })?.('Forum').text.split(' reset ')[0],
      "The forum's operator",
    );
    assert.strictEqual(
      noticeFor(SecondFactorEvent.secondStepAbandoned, {
        mailed: true,
        reason: 'wrong_codes',
        ip: null,
        browser: 'Firefox on Linux',
        at: '2026-12-02T06:42:10.000Z',
      })?.('Forum').text,
      'Your Forum password was entered correctly from an unknown address, Firefox on Linux at 2026-12-02 06:42 UTC,' +
        " but the second step was not completed (wrong codes were entered). If this wasn't you, change your password" +
        ' at once: someone knows it, and your second factor stopped them. You can review this in your preferences,' +
        ' under Security.',
    );
  });
});

module('a second server locale needs no code change', (hooks) => {
  const forum = useForumWithPlugin(hooks);
  const xa = { 'accept-language': 'en-XA' };
  let admin: TestClient;

  hooks.before(async () => {
    addTranslations('en-XA', pseudo);
    admin = await loggedInAdmin(forum(), 'xaadmin');
  });

  test('a refusal and a notice mail in en-XA, from a request that asks for it', async (assert) => {
    const client = forum().client();
    const member = newMember('xa');
    await client.signUp(member);
    const pending = await client.post<{ id: number; secret: string }>(
      '/api/u/me/second-factors/totp',
      { name: 'Phone' },
      { headers: xa },
    );
    const enable = `/api/u/me/second-factors/totp/${pending.body.id}/enable`;
    const wrong = await client.post<{ error: { code: string; message: string } }>(
      enable,
      { token: notTheCode(pending.body.secret) },
      { headers: xa },
    );
    assert.deepEqual(wrong.body.error, { code: 'invalid_second_factor', message: '[Ţĥåţ çöðé îš ñöţ ŕîĝĥţ.]' });
    const english = await client.post<{ error: { message: string } }>(enable, {
      token: notTheCode(pending.body.secret),
    });
    assert.strictEqual(
      english.body.error.message,
      'That code is not right. Check the time on your phone and enter the current code.',
      'no header: English',
    );

    const enabled = await client.post(enable, { token: totpAt(pending.body.secret, nowSeconds()) }, { headers: xa });
    assert.strictEqual(enabled.status, 200, enabled.text);
    const outbox = await admin.get<{ mails: { to: string; subject: string; text: string }[] }>(
      '/api/admin/mail-outbox',
    );
    const mails = outbox.body.mails.filter((m) => m.to === member.email).reverse();
    assert.strictEqual(mails[0]?.subject, '[Forum: åñ åûţĥéñţîçåţöŕ åƥƥ ŵåš åððéð]');
    assert.true(
      mails[0]?.text.startsWith('An authenticator app was added to your Forum account.'),
      'not in en-XA: English',
    );
  });

  test('the choice by method and the plurals in en-XA', (assert) => {
    inLocale('en-XA', () => {
      assert.strictEqual(
        answerFor({ ok: false, reason: 'malformed', method: 'totp' }).message,
        '[Éñţéŕ ţĥé 6-ðîĝîţ çöðé.]',
      );
      assert.strictEqual(
        answerFor({ ok: false, reason: 'malformed', method: 'backup_code' }).message,
        '[Ƀåçķûƥ çöðéš ĥåṽé 12 ļéţţéŕš.]',
      );
      const low = (remaining: number) => noticeFor(SecondFactorEvent.backupCodesLow, { remaining })?.('F').text;
      assert.strictEqual(low(1), '[Öñļý 1 ƀåçķûƥ çöðé îš ļéƒţ öñ F.]');
      assert.strictEqual(low(2), '[Öñļý 2 ƀåçķûƥ çöðéš åŕé ļéƒţ öñ F.]');
    });
  });
});
