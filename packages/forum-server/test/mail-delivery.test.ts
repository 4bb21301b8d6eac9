import { execFile } from 'node:child_process';
import net from 'node:net';
import QUnit from 'qunit';
import { configFromEnv, ConfigError } from '../src/config.js';
import { startForum, openForum, type ForumOptions, type RunningForum } from '../src/forum.js';
import { CLAIM_LEASE_MS, retryDelayMs } from '../src/mail/mail-delivery.js';
import { queueMemberMail } from '../src/mail/mail-outbox.js';
import {
  AdjustableClock,
  createTestDatabase,
  forumBin,
  quietForumOptions,
  startTestForum,
  writeSiteSettings,
  type TestClient,
  type TestDatabase,
  type TestForum,
} from '../src/testing/index.js';
import { TestSmtpServer } from '../src/testing/test-smtp-server.js';
import { errorCode, newMember, useForum } from './helpers.js';

const { module, test } = QUnit;
const onPostgres = Boolean(process.env.DATABASE_URL);
const MINUTE = 60_000;

interface OutboxRow {
  id: number;
  status: string;
  attempts: number;
  next_attempt_at: Date | null;
  last_error: string | null;
  message_id: string | null;
  smtp_response: string | null;
}

interface AdminMail {
  id: number;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  sentAt: string | null;
}

interface AdminOutbox {
  mails: AdminMail[];
  delivery: { configured: boolean; maxTries: number };
}

/** A member with a real account, and a mail queued to them by the host's own outbox function. */
async function queueMailTo(
  forum: TestForum,
  subject: string,
): Promise<{ id: number; email: string; username: string }> {
  const member = newMember('mailed');
  const user = await forum.forum.createUser(member);
  await queueMemberMail(forum.forum.services.db, forum.forum.services.logger, {
    userId: user.id,
    subject,
    text: `Something happened on your account.\n\nIf this was not you, tell the admins.`,
  });
  const row: { id: number } = await forum.forum.services
    .db('mail_outbox')
    .where({ user_id: user.id })
    .orderBy('id', 'desc')
    .first('id');
  return { id: Number(row.id), email: member.email, username: member.username };
}

async function rowOf(forum: { forum: RunningForum }, id: number): Promise<OutboxRow> {
  return forum.forum.services.db('mail_outbox').where({ id }).first();
}

async function adminClient(forum: TestForum): Promise<TestClient> {
  const member = newMember('postmaster');
  await forum.forum.createUser({ ...member, admin: true });
  const client = forum.client();
  await client.logIn(member.username, member.password);
  return client;
}

/** A port nothing listens on: bound for a moment by us, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const mailOptions = (smtp: TestSmtpServer) => ({
  smtpUrl: smtp.url,
  mailFrom: 'Night Owls <forum@owls.test>',
  publicUrl: 'https://owls.test/forum',
  mailMaxTries: 4,
  mailPollIntervalMs: 0,
});

/** A forum with no plugin, on `database`, mailing through `smtp`; `extra` overrides the options. */
function startMailForum(database: TestDatabase, smtp: TestSmtpServer, extra: Partial<ForumOptions> = {}) {
  return startForum({
    ...quietForumOptions(database),
    clock: new AdjustableClock(),
    ...mailOptions(smtp),
    ...extra,
  });
}

module('mail delivery: a notice over real SMTP', (hooks) => {
  let smtp: TestSmtpServer;
  hooks.before(async () => {
    smtp = await TestSmtpServer.start();
  });
  hooks.after(async () => {
    await smtp.close();
  });
  let current: TestForum | null = null;
  hooks.before(async () => {
    current = await startTestForum({ pluginManifests: [], ...mailOptions(smtp) });
  });
  hooks.after(async () => {
    await current?.stop();
  });
  const mailing = () => current!;

  test('a password change mails the member: recipient, subject, text and HTML with the forum title, the Security link and the UTC time, and no secret', async (assert) => {
    await writeSiteSettings(mailing().forum, { title: 'Night <Owls> & "co"' });
    const member = newMember('changer');
    const client = mailing().client();
    await client.signUp(member);
    const newPassword = 'a brand new password for mail';
    assert.strictEqual(
      (await client.post('/api/u/me/password', { currentPassword: member.password, newPassword })).status,
      204,
    );
    const before = smtp.received.length;
    const pass = await mailing().forum.services.mailDelivery.deliverDue();
    assert.deepEqual(pass, { sent: 1, retrying: 0, failed: 0 });
    assert.strictEqual(smtp.received.length, before + 1, 'exactly one mail arrived');
    const mail = smtp.received.at(-1)!;
    assert.deepEqual(mail.envelopeTo, [member.email], 'to the member');
    assert.strictEqual(mail.envelopeFrom, 'forum@owls.test');
    assert.strictEqual(mail.parsed.subject, 'Night <Owls> & "co": your password was changed');
    const link = `https://owls.test/forum/u/${member.username}/preferences/security`;
    const text = mail.parsed.text ?? '';
    assert.ok(text.includes('Your password was changed at'), text);
    assert.ok(text.includes(link), 'the text has the absolute Security link');
    assert.ok(/When: \d{4}-\d\d-\d\d \d\d:\d\d UTC/.test(text), 'the text has the time in UTC');
    assert.ok(text.includes('— Night <Owls> & "co"'), 'the text names the forum');
    const html = typeof mail.parsed.html === 'string' ? mail.parsed.html : '';
    assert.ok(html.includes(`<a href="${link}">`), 'the HTML part links to Security');
    assert.ok(html.includes('Night &lt;Owls&gt; &amp; &quot;co&quot;'), 'the title is escaped in the HTML');
    assert.notOk(html.includes('<Owls>'), 'nothing unescaped');
    assert.ok(/When: \d{4}-\d\d-\d\d \d\d:\d\d UTC/.test(html), 'the HTML has the time in UTC');
    assert.strictEqual(mail.parsed.headers.get('auto-submitted'), 'auto-generated');
    const wire = [mail.raw, text, html].join('\n'); // raw and decoded: an encoded part could hide one
    for (const secret of [member.password, newPassword, smtp.password])
      assert.notOk(wire.includes(secret), 'no password on the wire or in a part');

    const row: OutboxRow = await mailing().forum.services.db('mail_outbox').where({ to_address: member.email }).first();
    assert.strictEqual(row.status, 'sent');
    assert.strictEqual(row.message_id, mail.messageId, 'the row keeps the Message-ID the receiver saw');
    assert.ok(row.smtp_response?.startsWith('250'), `the server's answer is kept: ${row.smtp_response}`);
    await writeSiteSettings(mailing().forum, { title: 'Forum' });
  });

  test('refusals (4xx, then 5xx) are retried at 1, 2 and 4 minutes with jitter, then the mail is failed with the answer and no credentials; "retry now" sends it', async (assert) => {
    const { forum: f, clock } = mailing();
    const delivery = f.services.mailDelivery;
    const mail = await queueMailTo(mailing(), 'Forum: refused at first');
    smtp.refuse(451, 'Try again later, greylisted');
    const seen = () => smtp.dataAttempts;
    const start = seen();

    const expectRetry = async (attempt: number, scheduledMs: number) => {
      const failedAt = clock.now().getTime();
      const row = await rowOf(mailing(), mail.id);
      assert.strictEqual(row.status, 'retrying', `after try ${attempt}`);
      assert.strictEqual(row.attempts, attempt);
      const wait = new Date(row.next_attempt_at!).getTime() - failedAt;
      assert.ok(
        wait > scheduledMs * 0.8 - 1000 && wait <= scheduledMs + 1000,
        `try ${attempt + 1} after ${wait} ms, scheduled ${scheduledMs} ms less up to 20 %`,
      );
      clock.advance(Math.max(0, wait - 2000));
      await delivery.deliverDue();
      assert.strictEqual(seen(), start + attempt, 'not tried before the time');
      clock.advance(2000);
    };

    await delivery.deliverDue();
    assert.strictEqual(seen(), start + 1, 'tried once');
    assert.ok((await rowOf(mailing(), mail.id)).last_error?.includes('451'), 'the 4xx answer is kept');
    await expectRetry(1, MINUTE);
    await delivery.deliverDue();
    assert.strictEqual(seen(), start + 2, 'tried again after about a minute');
    smtp.refuse(550, 'Mailbox unavailable');
    await expectRetry(2, 2 * MINUTE);
    await delivery.deliverDue();
    assert.strictEqual(seen(), start + 3);
    await expectRetry(3, 4 * MINUTE);
    const last = await delivery.deliverDue();
    assert.strictEqual(seen(), start + 4, 'the fourth and last try');
    assert.deepEqual(last, { sent: 0, retrying: 0, failed: 1 });

    const failed = await rowOf(mailing(), mail.id);
    assert.strictEqual(failed.status, 'failed');
    assert.ok(
      failed.last_error?.includes('550') && failed.last_error.includes('Mailbox unavailable'),
      failed.last_error ?? '',
    );
    assert.notOk(failed.last_error?.includes(smtp.password), 'no SMTP password in the error');
    clock.advance(7 * 60 * MINUTE);
    await delivery.deliverDue();
    assert.strictEqual(seen(), start + 4, 'a failed mail is not tried again on its own');

    const admin = await adminClient(mailing());
    const listed = (await admin.get<AdminOutbox>('/api/admin/mail-outbox')).body;
    assert.deepEqual(listed.delivery, { configured: true, maxTries: 4 });
    const shown = listed.mails.find((m) => m.id === mail.id)!;
    assert.strictEqual(shown.status, 'failed');
    assert.ok(shown.lastError?.includes('550'));

    smtp.accept();
    const retried = await admin.post<{ mail: AdminMail }>(`/api/admin/mail-outbox/${mail.id}/retry`, {});
    assert.strictEqual(retried.status, 200, retried.text);
    assert.strictEqual(retried.body.mail.status, 'queued');
    assert.strictEqual(retried.body.mail.attempts, 0, 'tries count from zero again');
    assert.strictEqual(
      errorCode(await admin.post(`/api/admin/mail-outbox/${mail.id}/retry`, {})),
      'mail_not_failed',
      'only a failed mail is retried',
    );
    await delivery.deliverDue();
    assert.strictEqual((await rowOf(mailing(), mail.id)).status, 'sent');
    assert.deepEqual(smtp.received.at(-1)?.envelopeTo, [mail.email]);
  });

  test('a retry-delay schedule doubles from one minute and stops at six hours, never later than scheduled', (assert) => {
    assert.strictEqual(
      retryDelayMs(1, () => 0),
      MINUTE,
    );
    assert.strictEqual(
      retryDelayMs(2, () => 0),
      2 * MINUTE,
    );
    assert.strictEqual(
      retryDelayMs(3, () => 0),
      4 * MINUTE,
    );
    assert.strictEqual(
      retryDelayMs(9, () => 0),
      256 * MINUTE,
    );
    assert.strictEqual(
      retryDelayMs(10, () => 0),
      6 * 60 * MINUTE,
      'capped at 6 h',
    );
    assert.strictEqual(
      retryDelayMs(30, () => 0),
      6 * 60 * MINUTE,
    );
    assert.strictEqual(
      retryDelayMs(3, () => 1),
      0.8 * 4 * MINUTE,
      'jitter takes up to 20 % off',
    );
  });

  test('a worker that dies between claim and mark leaves the mail to go out once the lease ends, with the same Message-ID', async (assert) => {
    const { forum: f, clock } = mailing();
    const delivery = f.services.mailDelivery;
    smtp.accept();
    const abandoned = await queueMailTo(mailing(), 'Forum: claimed and abandoned');
    const claim = await delivery.claimNext();
    assert.strictEqual(claim?.id, abandoned.id, 'claimed, then the worker "dies"');
    const before = smtp.received.length;
    await delivery.deliverDue();
    assert.strictEqual(smtp.received.length, before, 'nobody sends it while the lease holds');
    clock.advance(CLAIM_LEASE_MS + 1000);
    await delivery.deliverDue();
    assert.strictEqual(smtp.received.length, before + 1, 'sent after the lease ran out');
    assert.strictEqual((await rowOf(mailing(), abandoned.id)).status, 'sent');

    // The worse crash: the mail went out, the mark did not happen. It goes again, and the
    // receiver can drop the copy by its Message-ID.
    const sentThenDied = await queueMailTo(mailing(), 'Forum: sent, then the worker died');
    const second = await delivery.claimNext();
    assert.strictEqual(second?.id, sentThenDied.id);
    await delivery.send(second!);
    clock.advance(CLAIM_LEASE_MS + 1000);
    await delivery.deliverDue();
    const copies = smtp.received.filter((m) => m.parsed.subject === 'Forum: sent, then the worker died');
    assert.strictEqual(copies.length, 2, 'at least once: it went out again');
    assert.ok(copies[0]!.messageId.startsWith('<outbox-'), copies[0]!.messageId);
    assert.strictEqual(copies[0]!.messageId, copies[1]!.messageId, 'with the same Message-ID');
    const row = await rowOf(mailing(), sentThenDied.id);
    assert.strictEqual(row.status, 'sent');
    assert.strictEqual(row.attempts, 2);
  });

  test('members cannot retry mail, and an unknown mail is a 404', async (assert) => {
    const member = newMember('notadmin');
    const client = mailing().client();
    await client.signUp(member);
    assert.strictEqual((await client.post('/api/admin/mail-outbox/1/retry', {})).status, 403);
    const admin = await adminClient(mailing());
    assert.strictEqual((await admin.post('/api/admin/mail-outbox/999999/retry', {})).status, 404);
    assert.strictEqual(
      (await admin.post('/api/admin/mail-outbox/1/retry', {}, { csrf: false })).status,
      403,
      'CSRF as every write',
    );
  });
});

module('mail delivery: the SMTP server is away', (hooks) => {
  let port: number;
  let current: TestForum | null = null;
  hooks.before(async () => {
    port = await closedPort();
    current = await startTestForum({
      pluginManifests: [],
      smtpUrl: `smtp://u:hunter2-secret@127.0.0.1:${port}`,
      mailFrom: 'forum@owls.test',
      mailMaxTries: 3,
      mailPollIntervalMs: 0,
    });
  });
  hooks.after(async () => {
    await current?.stop();
  });

  test('connection refused is retried at the backoff times and then marked failed, without the password in the error', async (assert) => {
    const { forum: f, clock } = current!;
    const delivery = f.services.mailDelivery;
    const mail = await queueMailTo(current!, 'Forum: nobody listens');
    assert.deepEqual(await delivery.deliverDue(), { sent: 0, retrying: 1, failed: 0 });
    let row = await rowOf(current!, mail.id);
    assert.ok(row.last_error?.includes('ECONNREFUSED'), row.last_error ?? '');
    assert.notOk(row.last_error?.includes('hunter2'), 'no password');
    assert.deepEqual(await delivery.deliverDue(), { sent: 0, retrying: 0, failed: 0 }, 'not before its time');
    clock.advance(MINUTE + 1000);
    assert.deepEqual(await delivery.deliverDue(), { sent: 0, retrying: 1, failed: 0 }, 'second try after a minute');
    row = await rowOf(current!, mail.id);
    assert.strictEqual(row.attempts, 2);
    clock.advance(2 * MINUTE + 1000);
    assert.deepEqual(await delivery.deliverDue(), { sent: 0, retrying: 0, failed: 1 }, 'third and last try');
    row = await rowOf(current!, mail.id);
    assert.strictEqual(row.status, 'failed');
    assert.notOk(JSON.stringify(row).includes('hunter2'));
  });
});

module('mail delivery: without SMTP_URL', (hooks) => {
  const forum = useForum(hooks);

  test('mail stays queued in the outbox, the log says once that it is not sent, and the admin API says delivery is off', async (assert) => {
    const mail = await queueMailTo(forum(), 'Forum: kept in the outbox');
    assert.deepEqual(await forum().forum.services.mailDelivery.deliverDue(), { sent: 0, retrying: 0, failed: 0 });
    assert.strictEqual((await rowOf(forum(), mail.id)).status, 'queued');
    const notices = forum().logLines.filter((l) => l.includes('"event":"mail_not_sent"'));
    assert.strictEqual(notices.length, 1, 'said once at start');
    const admin = await adminClient(forum());
    const outbox = await admin.get<AdminOutbox>('/api/admin/mail-outbox');
    assert.false(outbox.body.delivery.configured);
    assert.strictEqual(outbox.body.mails.find((m) => m.id === mail.id)?.status, 'queued');
    await forum().forum.services.db('mail_outbox').where({ id: mail.id }).update({ status: 'failed', last_error: 'x' });
    assert.strictEqual(
      errorCode(await admin.post(`/api/admin/mail-outbox/${mail.id}/retry`, {})),
      'mail_not_configured',
    );
  });
});

module('mail delivery: configuration from the environment', () => {
  test('SMTP_URL, MAIL_FROM, PUBLIC_URL and MAIL_MAX_TRIES are parsed, and a bad one is named without echoing the password', (assert) => {
    const config = configFromEnv({
      SMTP_URL: 'smtps://mailer:s3cret@smtp.example.com:465',
      MAIL_FROM: 'Night Owls <forum@example.com>',
      PUBLIC_URL: 'https://forum.example.com/',
      MAIL_MAX_TRIES: '5',
    });
    assert.strictEqual(config.smtpUrl, 'smtps://mailer:s3cret@smtp.example.com:465');
    assert.strictEqual(config.mailFrom, 'Night Owls <forum@example.com>');
    assert.strictEqual(config.publicUrl, 'https://forum.example.com', 'no trailing slash');
    assert.strictEqual(config.mailMaxTries, 5);
    const defaults = configFromEnv({});
    assert.deepEqual(
      [defaults.smtpUrl, defaults.mailFrom, defaults.publicUrl, defaults.mailMaxTries],
      [null, null, null, 12],
    );

    const bad = (env: NodeJS.ProcessEnv): string => {
      let message = 'accepted';
      try {
        configFromEnv(env);
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        message = (error as Error).message;
      }
      return message;
    };
    const http = bad({ SMTP_URL: 'http://mailer:s3cret@smtp.example.com', MAIL_FROM: 'f@example.com' });
    assert.ok(http.includes('SMTP_URL') && !http.includes('s3cret'), http);
    assert.ok(
      bad({ SMTP_URL: 'smtp://smtp.example.com' }).includes('MAIL_FROM'),
      'MAIL_FROM is required with SMTP_URL',
    );
    assert.ok(bad({ MAIL_FROM: 'not an address' }).includes('MAIL_FROM'));
    assert.ok(bad({ PUBLIC_URL: '/relative' }).includes('PUBLIC_URL'));
    assert.ok(bad({ MAIL_MAX_TRIES: '0' }).includes('MAIL_MAX_TRIES'));
  });
});

module('mail delivery: shutting down', () => {
  test('stopping the forum waits for a send in flight, which is marked sent', async (assert) => {
    const smtp = await TestSmtpServer.start();
    const database = await createTestDatabase();
    try {
      const forum = await startMailForum(database, smtp);
      const user = await forum.createUser(newMember('inflight'));
      await queueMemberMail(forum.services.db, forum.services.logger, {
        userId: user.id,
        subject: 'Forum: in flight',
        text: 'Held by the server.',
      });
      const held = smtp.hold();
      const pass = forum.services.mailDelivery.deliverDue();
      await held.started;
      let stopped = false;
      const stopping = forum.stop().then(() => (stopped = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.false(stopped, 'stop waits while the server holds the message');
      held.release();
      await stopping;
      assert.deepEqual(await pass, { sent: 1, retrying: 0, failed: 0 });
      assert.strictEqual(smtp.received.length, 1);
      const reopened = await openForum({ ...database.config, logLevel: 'silent', pluginManifests: [] });
      try {
        const row: OutboxRow = await reopened.db('mail_outbox').where({ user_id: user.id }).first();
        assert.strictEqual(row.status, 'sent', 'marked before the database closed');
      } finally {
        await reopened.close();
      }
    } finally {
      await smtp.close();
      await database.drop();
    }
  });
});

module('mail delivery: the worker on its own', () => {
  test('a running forum sends queued mail without being asked', async (assert) => {
    const smtp = await TestSmtpServer.start();
    const database = await createTestDatabase();
    try {
      const forum = await startMailForum(database, smtp, { mailPollIntervalMs: 100 });
      try {
        const user = await forum.createUser(newMember('polled'));
        await queueMemberMail(forum.services.db, forum.services.logger, {
          userId: user.id,
          subject: 'Forum: found by the worker',
          text: 'Nobody called deliverDue.',
        });
        await smtp.waitForMessages(1);
        assert.strictEqual(smtp.received[0]?.parsed.subject, 'Forum: found by the worker');
      } finally {
        await forum.stop();
      }
    } finally {
      await smtp.close();
      await database.drop();
    }
  });
});

module('CLI: npx forum mail test', (hooks) => {
  let smtp: TestSmtpServer;
  hooks.before(async () => {
    smtp = await TestSmtpServer.start();
  });
  hooks.after(async () => {
    await smtp.close();
  });

  function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      // Asynchronous: the SMTP server answering it runs in this process.
      const childEnv: NodeJS.ProcessEnv = { ...process.env, PLUGINS: '', ...env };
      delete childEnv.DATABASE_URL; // the command opens no database
      execFile(process.execPath, [forumBin, ...args], { env: childEnv, timeout: 60_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      });
    });
  }

  test('sends one mail and prints what the SMTP server answered; without SMTP_URL it says so', async (assert) => {
    const ok = await run(['mail', 'test', 'ops@example.test'], { SMTP_URL: smtp.url, MAIL_FROM: 'forum@owls.test' });
    assert.strictEqual(ok.code, 0, ok.stderr);
    assert.ok(ok.stdout.includes('The SMTP server answered: 250'), ok.stdout);
    assert.deepEqual(smtp.received.at(-1)?.envelopeTo, ['ops@example.test']);
    assert.notOk(ok.stdout.includes(smtp.password), 'no password printed');
    const refused = await run(['mail', 'test', 'ops@example.test'], {
      SMTP_URL: `smtp://${smtp.user}:wrong-password@127.0.0.1:${smtp.port}`,
      MAIL_FROM: 'forum@owls.test',
    });
    assert.strictEqual(refused.code, 1);
    assert.ok(refused.stderr.includes('535'), refused.stderr);
    assert.notOk(refused.stderr.includes('wrong-password'), 'no password printed');
    const off = await run(['mail', 'test', 'ops@example.test'], { SMTP_URL: '' });
    assert.strictEqual(off.code, 1);
    assert.ok(off.stderr.includes('SMTP_URL is not set'), off.stderr);
  });
});

module('mail delivery: two instances on one PostgreSQL', () => {
  (onPostgres ? test : QUnit.skip)(
    'each of 40 mails is delivered exactly once while both instances deliver at the same time',
    async (assert) => {
      // A little time per message, so both instances are surely sending at once.
      const smtp = await TestSmtpServer.start({ delayMs: 20 });
      const database = await createTestDatabase();
      const options = {
        ...quietForumOptions(database),
        ...mailOptions(smtp),
      };
      const first = await startForum({ ...options, clock: new AdjustableClock() });
      const second = await startForum({ ...options, clock: new AdjustableClock() });
      try {
        const user = await first.createUser(newMember('twice'));
        const count = 40;
        for (let i = 0; i < count; i++)
          await queueMemberMail(first.services.db, first.services.logger, {
            userId: user.id,
            subject: `Forum: mail ${i}`,
            text: 'One of many.',
          });
        const passes = await Promise.all(
          [first, second, first, second].map((f) => f.services.mailDelivery.deliverDue()),
        );
        const sent = passes.reduce((n, p) => n + p.sent, 0);
        assert.strictEqual(sent, count, 'the passes together sent each once');
        assert.strictEqual(smtp.received.length, count, 'the server got exactly N messages');
        assert.strictEqual(
          new Set(smtp.received.map((m) => m.parsed.subject)).size,
          count,
          'no mail twice, none missing',
        );
        assert.ok(
          passes[0]!.sent + passes[2]!.sent > 0 && passes[1]!.sent + passes[3]!.sent > 0,
          `both instances sent (${passes.map((p) => p.sent).join(', ')})`,
        );
        const statuses: { status: string; n: number }[] = await first.services
          .db('mail_outbox')
          .select('status')
          .count({ n: '*' })
          .groupBy('status');
        assert.deepEqual(
          statuses.map((s) => [s.status, Number(s.n)]),
          [['sent', count]],
        );
      } finally {
        await first.stop();
        await second.stop();
        await smtp.close();
        await database.drop();
      }
    },
  );
});
