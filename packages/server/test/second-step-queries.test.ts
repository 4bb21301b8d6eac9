import QUnit from 'qunit';
import { queriesDuring, type LoggedQuery, type TestClient } from 'forum-server/testing';
import { memberWithAuthenticator, useForumWithPlugin, type EnrolledMember } from './support/forum.js';
import { totpAt } from './support/rfc6238.js';

const { module, test } = QUnit;

/**
 * What one login step costs the database, counted statement by statement (transactions'
 * BEGIN and COMMIT included), so that a change which adds queries to the login fails here
 * instead of showing up only as a slower bench. The bounds are what the step costs today, for
 * the member's own browser (a known device: its counters are looked up by device); lower them
 * when the step gets cheaper, never raise them without a reason in docs/benchmarks.md.
 */
const BOUNDS = {
  rightBackupCode: 7,
  wrongBackupCode: 5,
  rightTotp: 5,
  wrongTotp: 4,
};

/**
 * The password step of a member with a second factor, from a browser that logged in before:
 * the member with the browser's device row (its limiter key and its trust), the counters, the
 * member's factors, the challenge (which writes the counters' refund). The settings come from
 * the instance's copy (`SiteSettings`), read once after each change.
 */
const PASSWORD_STEP_BOUND = 4;

module('statements per second step', (hooks) => {
  const forum = useForumWithPlugin(hooks);

  /** Password step first (not counted), then the second step alone, with nothing else in flight. */
  async function secondStep(
    enrolled: EnrolledMember,
    method: 'backup_code' | 'totp',
    token: string,
  ): Promise<{ status: number; queries: LoggedQuery[] }> {
    const client: TestClient = enrolled.client;
    await client.delete('/api/session');
    const step1 = await client.logIn(enrolled.member.username, enrolled.member.password);
    const challenge = (step1.body as { challenge?: string }).challenge;
    if (!challenge) throw new Error(`no challenge: ${step1.text}`);
    const { result, queries } = await queriesDuring(forum().forum.services.db, () =>
      client.post('/api/session/second-factor', { challenge, method, token }),
    );
    return { status: result.status, queries };
  }

  function describe(queries: LoggedQuery[]): string {
    return queries.map((q, i) => `\n  ${i + 1}. ${q.sql.replace(/\s+/g, ' ').slice(0, 140)}`).join('');
  }

  function totpNow(enrolled: EnrolledMember): string {
    // A step after the one the enrolment used, so the code is not a replay.
    forum().clock.advance(30_000);
    return totpAt(enrolled.secret, Math.floor(forum().clock.now().getTime() / 1000));
  }

  test('a right backup code, a wrong one, a right and a wrong authenticator code', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum());
    const codes = enrolled.enableResponse.backupCodes as string[];
    const cases: { name: keyof typeof BOUNDS; method: 'backup_code' | 'totp'; token: () => string; status: number }[] =
      [
        { name: 'rightBackupCode', method: 'backup_code', token: () => codes[0]!, status: 200 },
        {
          name: 'wrongBackupCode',
          method: 'backup_code',
          token: () => `${codes[1]!.slice(0, 2)}00-0000-0000`,
          status: 401,
        },
        { name: 'rightTotp', method: 'totp', token: () => totpNow(enrolled), status: 200 },
        {
          name: 'wrongTotp',
          method: 'totp',
          token: () => String((Number(totpNow(enrolled)) + 1) % 1_000_000).padStart(6, '0'),
          status: 401,
        },
      ];
    for (const c of cases) {
      const { status, queries } = await secondStep(enrolled, c.method, c.token());
      assert.strictEqual(status, c.status, `${c.name}: answered ${c.status}`);
      assert.ok(
        queries.length <= BOUNDS[c.name],
        `${c.name}: ${queries.length} statements (at most ${BOUNDS[c.name]}):${describe(queries)}`,
      );
    }
  });

  test('the password step, for a member with a second factor on a browser they logged in from', async (assert) => {
    const enrolled = await memberWithAuthenticator(forum());
    const client = enrolled.client;
    await client.delete('/api/session');
    await client.csrfToken();
    const { result, queries } = await queriesDuring(forum().forum.services.db, () =>
      client.logIn(enrolled.member.username, enrolled.member.password),
    );
    assert.true(Boolean((result.body as { challenge?: string }).challenge), 'a second step is asked for');
    assert.ok(
      queries.length <= PASSWORD_STEP_BOUND,
      `${queries.length} statements (at most ${PASSWORD_STEP_BOUND}):${describe(queries)}`,
    );
  });

  (process.env.DATABASE_URL ? test : QUnit.skip)(
    "the password step reads the member's factors while the password is hashed (PostgreSQL)",
    async (assert) => {
      const enrolled = await memberWithAuthenticator(forum());
      const client = enrolled.client;
      await client.delete('/api/session');
      await client.csrfToken();
      const db = forum().forum.services.db;
      const seen: string[] = [];
      const sent = (q: { sql: string }) => seen.push(`sent ${q.sql}`);
      const answered = (_: unknown, q: { sql: string }) => seen.push(`answered ${q.sql}`);
      db.on('query', sent).on('query-response', answered);
      try {
        const step = await client.logIn(enrolled.member.username, enrolled.member.password);
        assert.strictEqual(step.status, 200);
      } finally {
        db.off('query', sent).off('query-response', answered);
      }
      const factorsSent = seen.findIndex((e) => e.startsWith('sent') && e.includes('from "user_second_factors"'));
      const counted = seen.findIndex((e) => e.startsWith('answered') && e.includes('insert into attempt_counters'));
      assert.true(factorsSent >= 0 && counted >= 0, 'both statements ran');
      // One pool (PGlite has one connection, so there the read waits its turn anyway).
      assert.true(
        factorsSent < counted,
        `the factors were asked for before the attempt was even counted:\n${seen.join('\n')}`,
      );
    },
  );
});
