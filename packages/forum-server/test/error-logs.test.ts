import QUnit from 'qunit';
import { Writable } from 'node:stream';
import { createLogger } from '../src/logger.js';
import { User } from '../src/models/user.js';
import { writeGreetingManifest } from './fixtures/greeting-manifest.js';
import { newMember, useForum } from './helpers.js';

const { module, test } = QUnit;

/** The `err` of every log line with this message. */
function loggedErrors(lines: string[], message: string): Record<string, unknown>[] {
  return lines
    .map((line) => JSON.parse(line) as { msg?: string; err?: Record<string, unknown> })
    .filter((entry) => entry.msg === message && entry.err)
    .map((entry) => entry.err!);
}

/** The error and every error it wraps (objection's `nativeError`). */
function chain(err: Record<string, unknown>): Record<string, unknown>[] {
  const nested = err.nativeError as Record<string, unknown> | undefined;
  return nested ? [err, ...chain(nested)] : [err];
}

module('database errors in the logs', (hooks) => {
  const forum = useForum(hooks, { pluginManifests: [writeGreetingManifest()] });

  test('an unhandled database error is logged without its bind parameters, and with its code', async (assert) => {
    const typed = `typed-by-a-member-${Date.now()}`;
    const before = forum().logLines.length;
    const response = await forum().client().get(`/api/greetings/${typed}`);
    assert.strictEqual(response.status, 500);
    assert.notOk(response.text.includes(typed), 'not in the answer');

    const lines = forum().logLines.slice(before);
    const [err] = loggedErrors(lines, 'unhandled error');
    assert.ok(err, 'the error is logged');
    assert.notOk(lines.join('\n').includes(typed), 'the value is in no log line: not as a parameter, not in a message');
    const codes = chain(err!)
      .map((e) => e.code)
      .filter((c) => c !== undefined);
    assert.ok(codes.includes('22P02'), `the SQLSTATE stays readable: ${JSON.stringify(codes)}`);
    assert.ok(String(err!.message).includes('$1'), 'the SQL is there, with its placeholder');
  });

  test("a constraint's refusal is logged without the refused row", async (assert) => {
    const member = newMember();
    await forum().forum.createUser(member);
    const lines: string[] = [];
    const logger = createLogger(
      'info',
      new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) }),
    );
    const other = `${member.username.slice(0, 15)}x`;
    try {
      // Past the sign-up's own checks, as in a race: the unique index refuses, through objection.
      await User.query(forum().forum.services.db).insert({
        username: other,
        username_lower: other.toLowerCase(),
        email: member.email.toLowerCase(),
        password_hash: 'not a hash',
        admin: false,
      });
      assert.ok(false, 'the duplicate email is refused');
    } catch (error) {
      logger.error({ err: error }, 'unhandled error');
    }
    const log = lines.join('\n');
    assert.notOk(
      log.toLowerCase().includes(member.email.toLowerCase()),
      'no email in the log (no "Key (email)=(…)" detail, no parameters)',
    );
    assert.ok(log.includes('"code":"23505"'), 'unique_violation is readable');
  });

  test('a code typed by a member is still redacted where input goes', (assert) => {
    const lines: string[] = [];
    const logger = createLogger(
      'info',
      new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) }),
    );
    logger.info(
      {
        code: '0AB1-CDEF-GHJK',
        body: { code: '123456', password: 'hunter22hunter' },
        err: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
      },
      'x',
    );
    const log = lines.join('\n');
    assert.notOk(
      log.includes('0AB1-CDEF-GHJK') || log.includes('123456') || log.includes('hunter22'),
      'the secrets are redacted',
    );
    assert.ok(log.includes('"code":"ECONNREFUSED"'), "an error's code is not");
  });
});
