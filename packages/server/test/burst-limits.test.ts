import QUnit from 'qunit';
import { startForum, type RunningForum } from 'forum-server';
import {
  createTestDatabase,
  quietForumOptions,
  TestClient,
  writeSiteSettings,
  type ApiResponse,
} from 'forum-server/testing';
import { backupCodeHashEvaluations } from '../src/index.js';
import { memberWithAuthenticator, pluginManifest, type EnrolledMember } from './support/forum.js';
import { redisReachable, REDIS_URL } from './support/redis.js';
import { nowSeconds, totpAt } from './support/rfc6238.js';

const { module, test } = QUnit;
const onPostgres = Boolean(process.env.DATABASE_URL);
const BURST = 100;

/**
 * Attempt limits against bursts: every attempt is counted before it is checked, so of 100
 * wrong attempts sent at once at most the limit are ever checked (a checked wrong attempt is a
 * 401, an unchecked one a 429), and a right one sent last in the burst is refused too. Run on the
 * database's counters and on Redis, on one instance and on two sharing PostgreSQL.
 */
interface Setup {
  instances: RunningForum[];
  stop(): Promise<void>;
}

async function startInstances(count: number, redisUrl: string | undefined): Promise<Setup> {
  const database = await createTestDatabase();
  const options = {
    ...quietForumOptions(database, [pluginManifest]),
    redisUrl,
  };
  const instances: RunningForum[] = [];
  for (let i = 0; i < count; i++) instances.push(await startForum(options));
  return {
    instances,
    async stop() {
      for (const instance of instances) await instance.stop();
      await database.drop();
    },
  };
}

/** One client per instance, all the same browser (session and device cookies shared). */
function browserOn(instances: RunningForum[], from: TestClient): TestClient[] {
  return instances.map((instance, i) =>
    i === 0 ? from : new TestClient(instance.url).useSessionOf(from).useDeviceOf(from),
  );
}

/** A six-digit code that is none of the codes the authenticator shows around now. */
function wrongTotp(secret: string): string {
  const near = new Set([-30, 0, 30, 60].map((offset) => totpAt(secret, nowSeconds() + offset)));
  for (let n = 0; ; n++) {
    const candidate = String(123456 + n).padStart(6, '0');
    if (!near.has(candidate)) return candidate;
  }
}

/** Runs `work` over `items` with at most `parallel` in flight: what a patient client does. */
async function inBatches<T, R>(items: T[], parallel: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += parallel)
    results.push(...(await Promise.all(items.slice(i, i + parallel).map(work))));
  return results;
}

function tally(responses: ApiResponse[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const r of responses) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}

function scenarios(label: string, count: number, redis: boolean) {
  module(`attempt limits under a burst: ${label}`, (hooks) => {
    let setup: Setup | null = null;
    hooks.before(async () => {
      setup = await startInstances(count, redis ? REDIS_URL : undefined);
      // The limits under test are the tightest the settings allow; the others stay out of the way.
      await writeSiteSettings(setup.instances[0]!, {
        login_max_failures_per_account: 5,
        login_max_failures_per_ip: 1000,
        second_factor_max_failures_per_ip_per_hour: 1000,
      });
    });
    hooks.after(async () => {
      await setup?.stop();
    });

    const instances = () => setup!.instances;
    const enrolled = () => memberWithAuthenticator({ client: () => new TestClient(instances()[0]!.url) }, 'b');

    test('100 wrong passwords at once: at most 5 are checked, and the right one sent last is refused', async (assert) => {
      const { member } = await enrolled();
      const attackers = instances().map((i) => new TestClient(i.url));
      const guesses = Array.from({ length: BURST }, (_, i) =>
        attackers[i % attackers.length]!.logIn(member.username, `guess ${i}`),
      );
      const right = attackers[0]!.logIn(member.username, member.password);
      const responses = await Promise.all(guesses);
      const counts = tally(responses);
      assert.ok((counts[401] ?? 0) <= 5, `checked (401): ${counts[401] ?? 0} of ${BURST}; ${JSON.stringify(counts)}`);
      assert.strictEqual(
        (counts[401] ?? 0) + (counts[429] ?? 0),
        BURST,
        'every other guess is refused unchecked with 429',
      );
      assert.strictEqual((await right).status, 429, 'the right password inside the burst is refused');
      assert.strictEqual(
        (await attackers[0]!.logIn(member.username, member.password)).status,
        429,
        'and after it, while the lockout lasts',
      );
    });

    test('100 wrong passwords at once at "confirm it\'s you": at most 5 are checked, and the right one sent last is refused', async (assert) => {
      const member = await enrolled();
      const clients = browserOn(instances(), member.client);
      await Promise.all(clients.map((c) => c.csrfToken()));
      const guesses = Array.from({ length: BURST }, (_, i) =>
        clients[i % clients.length]!.post('/api/session/confirm', { password: `guess ${i}` }),
      );
      const right = clients[0]!.post('/api/session/confirm', {
        password: member.member.password,
        method: 'totp',
        token: totpAt(member.secret, nowSeconds() + 30),
      });
      const counts = tally(await Promise.all(guesses));
      assert.ok((counts[401] ?? 0) <= 5, `checked (401): ${counts[401] ?? 0} of ${BURST}; ${JSON.stringify(counts)}`);
      assert.strictEqual((counts[401] ?? 0) + (counts[429] ?? 0), BURST, JSON.stringify(counts));
      assert.strictEqual((await right).status, 429, 'the right password inside the burst is refused');
    });

    test('100 wrong authenticator codes at once on 100 login challenges: at most 5 are checked; the right code sent last is refused', async (assert) => {
      const { member, secret } = await enrolled();
      const attacker = new TestClient(instances()[0]!.url);
      await attacker.csrfToken(); // one browser session before the parallel logins, as a browser has
      const steps = await inBatches(
        Array.from({ length: BURST }, (_, i) => i),
        4,
        () => attacker.logIn(member.username, member.password),
      );
      const challenges = steps.map((r) => r.body.challenge as string);
      assert.strictEqual(
        challenges.filter(Boolean).length,
        BURST,
        'the attacker who knows the password holds 100 challenges',
      );
      const clients = browserOn(instances(), attacker);
      const wrong = wrongTotp(secret);
      const guesses = challenges
        .slice(0, -1)
        .map((challenge, i) =>
          clients[i % clients.length]!.post('/api/session/second-factor', { challenge, method: 'totp', token: wrong }),
        );
      const right = clients[0]!.post('/api/session/second-factor', {
        challenge: challenges.at(-1),
        method: 'totp',
        token: totpAt(secret, nowSeconds() + 30),
      });
      const counts = tally(await Promise.all(guesses));
      assert.ok(
        (counts[401] ?? 0) <= 5,
        `checked (401): ${counts[401] ?? 0} of ${BURST - 1}; ${JSON.stringify(counts)}`,
      );
      assert.strictEqual((counts[401] ?? 0) + (counts[429] ?? 0), BURST - 1, JSON.stringify(counts));
      const last = await right;
      assert.strictEqual(last.status, 429, `the right code inside the burst is refused: ${last.text}`);
      assert.notOk(
        last.headers.getSetCookie().some((c) => c.startsWith('forum_session=') && !c.startsWith('forum_session=;')),
        'no session',
      );
    });

    test('100 wrong backup codes at once at "confirm it\'s you": at most 5 argon2id evaluations', async (assert) => {
      const member: EnrolledMember = await enrolled();
      // Right passwords give their count back; in flight at once they must not reach the limit.
      await writeSiteSettings(instances()[0]!, { login_max_failures_per_account: 100 });
      const clients = browserOn(instances(), member.client);
      await Promise.all(clients.map((c) => c.csrfToken()));
      const before = backupCodeHashEvaluations();
      const responses = await Promise.all(
        Array.from({ length: BURST }, (_, i) =>
          clients[i % clients.length]!.post('/api/session/confirm', {
            password: member.member.password,
            method: 'backup_code',
            token: `ZZ${String(i % 10)}0-0000-0000`,
          }),
        ),
      );
      await writeSiteSettings(instances()[0]!, { login_max_failures_per_account: 5 });
      const counts = tally(responses);
      assert.ok((counts[401] ?? 0) <= 5, `checked (401): ${counts[401] ?? 0}; ${JSON.stringify(counts)}`);
      assert.strictEqual((counts[401] ?? 0) + (counts[429] ?? 0), BURST, JSON.stringify(counts));
      assert.ok(
        backupCodeHashEvaluations() - before <= 5,
        `argon2id evaluations: ${backupCodeHashEvaluations() - before}`,
      );
    });
  });
}

// Known before any module is declared, so a missing Redis shows as skipped tests (CI starts Redis,
// and there its absence fails the run instead).
const redisUp = redisReachable();

scenarios('one instance, counters in the database', 1, false);
if (redisUp) scenarios('one instance, counters in Redis', 1, true);
else QUnit.skip('attempt limits under a burst: counters in Redis (Redis is not reachable on this machine)');
if (onPostgres) {
  scenarios('two instances on PostgreSQL, counters in the database', 2, false);
  if (redisUp) scenarios('two instances on PostgreSQL, counters in Redis', 2, true);
} else {
  // PGlite is single-process by design (DESIGN.md): these run in the PostgreSQL pass.
  QUnit.skip('attempt limits under a burst: two instances (PostgreSQL only)');
}
