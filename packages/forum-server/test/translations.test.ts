import { fileURLToPath } from 'node:url';
import QUnit from 'qunit';
import { addTranslations, inLocale, localeFromAcceptLanguage, translationKeysInSource } from 'forum-plugin-api/server';
import messages from '../src/translations/server.en.json' with { type: 'json' };
import { t } from '../src/i18n.js';
import { tryAgainIn } from '../src/limits/attempt-limiter.js';
import { layOutMail } from '../src/mail/mail-layout.js';
import { valueSchemaFor } from '../src/settings/setting-definition.js';
import { translationFileReport } from '../src/testing/index.js';
import { newMember, useForum } from './helpers.js';

const { module, test } = QUnit;

const srcDir = fileURLToPath(new URL('../../src/', import.meta.url));

// A second locale is data only: a pseudo-locale ('en-XA', bracketed text) registered here, with
// no change to any route or mail, is what a request that asks for it reads; what it lacks is English.
const pseudo = {
  'forum.errors.wrong_login': '[Ĩñçöŕŕéçţ ûšéŕñåɱé, éɱåîļ öŕ ƥåššŵöŕð.]',
  'forum.input.password_too_short': '[Ƥåššŵöŕðš ĥåṽé åţ ļéåšţ 10 çĥåŕåçţéŕš.]',
  'forum.errors.try_again_in_minutes': { one: '[{count} ɱîñûţé]', other: '[{count} ɱîñûţéš]' },
  'forum.mail.password_changed.subject': '[{forum}: ýöûŕ ƥåššŵöŕð ŵåš çĥåñĝéð]',
};

module('server strings (src/translations/server.en.json)', () => {
  test('server.en.json and the source files agree, and every key is the host’s own (under forum.)', (assert) => {
    const report = translationFileReport(messages, srcDir, 'forum.');
    assert.true(report.sourceFiles > 50, `${report.sourceFiles} source files read`);
    assert.deepEqual(report.missing, [], 'every key the source uses is in server.en.json');
    assert.deepEqual(report.unused, [], 'every key in server.en.json is used somewhere in the source');
    assert.deepEqual(report.foreign, [], 'no key outside forum.');
  });

  test('the scan finds a missing and an unused key', (assert) => {
    const found = translationKeysInSource({ 'a.used': 'A', 'a.unused': 'B' }, [
      `t('a.used'); z.string().min(1, { error: () => t('a.missing') })`,
    ]);
    assert.deepEqual(found, { unused: ['a.unused'], missing: ['a.missing'] });
  });

  test('plurals: "1 minute", "15 minutes"; a setting of at most 1 character', (assert) => {
    assert.strictEqual(tryAgainIn(30), '1 minute');
    assert.strictEqual(tryAgainIn(60), '1 minute');
    assert.strictEqual(tryAgainIn(61), '2 minutes');
    assert.strictEqual(tryAgainIn(900), '15 minutes');
    const definition = {
      name: 'code',
      label: 'Code',
      plugin: null,
      type: 'string',
      default: '',
      maxLength: 1,
      client: false,
      sensitive: false,
      description: 'A letter.',
    } as const;
    assert.strictEqual(
      valueSchemaFor(definition).safeParse('ab').error?.issues[0]?.message,
      'Code (code) has at most 1 character.',
    );
    assert.strictEqual(
      valueSchemaFor({ ...definition, maxLength: 80 }).safeParse('x'.repeat(81)).error?.issues[0]?.message,
      'Code (code) has at most 80 characters.',
    );
  });

  test('a choice by a value: the control-character refusal names the part of the request', (assert) => {
    assert.strictEqual(
      t('forum.errors.control_character', { where: 'query', field: 'q: ' }),
      'q: the query string contains a control character or an unpaired surrogate, which is not allowed.',
    );
    assert.strictEqual(
      t('forum.errors.control_character', { where: 'body', field: '' }),
      'the request body contains a control character or an unpaired surrogate, which is not allowed.',
    );
  });
});

module('a second server locale needs no code change', (hooks) => {
  const forum = useForum(hooks);
  const xa = { 'accept-language': 'fr-CA, en-XA;q=0.8, en;q=0.5' };

  hooks.before(() => {
    addTranslations('en-XA', pseudo);
  });

  test('Accept-Language picks the first language with messages, by weight; English otherwise', (assert) => {
    assert.strictEqual(localeFromAcceptLanguage(xa['accept-language']), 'en-XA', 'no French: the pseudo-locale');
    assert.strictEqual(localeFromAcceptLanguage('en-XA;q=0.1, en-GB'), 'en-GB', 'heavier first, kept with its region');
    assert.strictEqual(localeFromAcceptLanguage('de, *'), 'en');
    assert.strictEqual(localeFromAcceptLanguage('not a tag!!, en-XA;q=0'), 'en', 'q=0 means not this one');
    assert.strictEqual(localeFromAcceptLanguage(undefined), 'en');
  });

  test('API errors in en-XA, zod messages and plurals included; English for what it lacks', async (assert) => {
    const client = forum().client();
    const wrong = await client.post<{ error: { code: string; message: string } }>(
      '/api/session',
      { login: 'nobody', password: 'not a password' },
      { headers: xa },
    );
    assert.deepEqual(wrong.body.error, {
      code: 'invalid_credentials',
      message: '[Ĩñçöŕŕéçţ ûšéŕñåɱé, éɱåîļ öŕ ƥåššŵöŕð.]',
    });
    const weak = await client.post<{ error: { message: string } }>(
      '/api/users',
      { ...newMember('xa'), password: 'short' },
      { headers: xa },
    );
    assert.strictEqual(
      weak.body.error.message,
      '[Ƥåššŵöŕðš ĥåṽé åţ ļéåšţ 10 çĥåŕåçţéŕš.]',
      'a zod message, read per request',
    );
    const english = await client.post<{ error: { message: string } }>('/api/session', {
      login: 'nobody',
      password: 'x',
    });
    assert.strictEqual(english.body.error.message, 'Incorrect username, email or password.', 'no header: English');
    const notJson = await client.request<{ error: { message: string } }>('POST', '/api/session', {
      body: 'not json',
      headers: { ...xa, 'content-type': 'application/json' },
    });
    assert.strictEqual(notJson.body.error.message, 'The request body is not valid JSON.', 'not in en-XA: English');
    assert.strictEqual(
      inLocale('en-XA', () => tryAgainIn(60)),
      '[1 ɱîñûţé]',
    );
    assert.strictEqual(
      inLocale('en-XA', () => tryAgainIn(120)),
      '[2 ɱîñûţéš]',
    );
  });

  test("a mail queued while answering an en-XA request has the pseudo-locale's subject", async (assert) => {
    const member = newMember('xamail');
    const client = forum().client();
    await client.signUp(member);
    const changed = await client.post(
      '/api/u/me/password',
      { currentPassword: member.password, newPassword: 'a brand new password' },
      { headers: xa },
    );
    assert.strictEqual(changed.status, 204, changed.text);
    const mail = await forum()
      .forum.services.db('mail_outbox')
      .where({ to_address: member.email })
      .orderBy('id', 'desc')
      .first('subject', 'body_text');
    assert.strictEqual(mail?.subject, '[Forum: ýöûŕ ƥåššŵöŕð ŵåš çĥåñĝéð]');
    assert.true(
      String(mail?.body_text).startsWith('Your password was changed at '),
      'the text is not in en-XA: English',
    );
    // The frame is added at send time, in the locale of the pass that sends it.
    const framed = inLocale('en-XA', () =>
      layOutMail({ forumTitle: 'Forum', subject: 's', text: 'x', securityUrl: 'https://f.test/', at: new Date(0) }),
    );
    assert.true(framed.text.includes('When: 1970-01-01 00:00 UTC'), framed.text);
  });
});
