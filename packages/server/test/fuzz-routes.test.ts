import QUnit from 'qunit';
import fc from 'fast-check';
import type { ApiResponse } from 'forum-server/testing';
import { useForumWithPlugin } from './support/forum.js';
import { documentedOperations, loadDocument } from './support/fuzz/openapi-operations.js';
import { Personas, type PersonaName } from './support/fuzz/personas.js';
import { describeRequest, requestFor, urlOf, type FuzzRequest } from './support/fuzz/request-arbitrary.js';
import { StateSnapshots, type StateSnapshot } from './support/fuzz/state-snapshot.js';

const { module, test } = QUnit;

/**
 * Every route of docs/openapi.yaml, as three personas, with schema-shaped and hostile requests:
 * never a 5xx, a 4xx always `{error: {code, message}}` and never a change of state (what "state"
 * means: support/fuzz/state-snapshot.ts). TestClient checks every body against the document too.
 *
 * Requests per route and persona: the default keeps CI to about two thousand requests in all
 * (28 routes × 3 personas × 25); `FUZZ_RUNS=200` for a longer hunt. The seed is fixed so a run
 * is reproducible; `FUZZ_SEED` changes or replays it (a failure prints it). `FUZZ_VERBOSE=1`
 * prints the statuses each route gave, to see how deep the inputs reach.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_614);
const ROUTE_BUDGET_MS = Math.max(20_000, RUNS * 1_000);

const PERSONAS: { name: PersonaName; as: string }[] = [
  { name: 'visitor', as: 'a logged-out visitor' },
  { name: 'member with 2FA', as: 'a member with 2FA' },
  { name: 'admin', as: 'an admin' },
];

/** A seed of its own for each persona and route, derived from SEED, so no two walk the same sequence. */
function seedFor(persona: string, operation: { method: string; template: string }): number {
  let hash = SEED;
  for (const char of `${persona} ${operation.method} ${operation.template}`)
    hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash;
}

function hasErrorShape(response: ApiResponse<unknown>): boolean {
  const error = (response.body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return typeof error?.code === 'string' && error.code.length > 0 && typeof error.message === 'string';
}

module('fuzzing every documented route (fast-check)', (hooks) => {
  const forum = useForumWithPlugin(hooks);
  const document = loadDocument();
  const operations = documentedOperations(document);
  const personas = new Personas(forum);
  let snapshots: StateSnapshots;
  let originalSettings: { name: string; value: unknown; updated_by: number | null; updated_at: Date }[];
  /** Status counts by persona and route: what `FUZZ_VERBOSE=1` prints, to see how deep the inputs reach. */
  const statuses = new Map<string, Map<number, number>>();
  function count(key: string, status: number): void {
    const counts = statuses.get(key) ?? new Map<number, number>();
    counts.set(status, (counts.get(status) ?? 0) + 1);
    statuses.set(key, counts);
  }
  function summary(key: string): string {
    return [...(statuses.get(key) ?? new Map<number, number>()).entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, n]) => `${status}×${n}`)
      .join(' ');
  }
  let lastRefusal: { state: StateSnapshot; builds: number } | null = null;

  hooks.before(async () => {
    snapshots = await StateSnapshots.for(forum().forum.services.db);
    originalSettings = await forum().forum.services.db('site_settings').select('*');
  });

  /** A fuzzed settings change that went through is undone, so later requests meet the forum the personas were made for. */
  async function restoreSettings(): Promise<void> {
    const db = forum().forum.services.db;
    await db.transaction(async (trx) => {
      await trx('site_settings').del();
      if (originalSettings.length > 0)
        await trx('site_settings').insert(
          originalSettings.map((row) => ({ ...row, value: JSON.stringify(row.value) })),
        );
    });
  }

  /** One request: never a 5xx; a 4xx has the error shape and leaves the state as it was. */
  async function exercise(name: PersonaName, request: FuzzRequest): Promise<void> {
    const ids = await personas.ids(name);
    const actor = await personas.get(name);
    const url = urlOf(request, ids);
    const headers: Record<string, string> = {};
    if (request.body !== undefined) headers['content-type'] = request.contentType;
    if (request.foreignOrigin) headers.origin = 'http://evil.example';
    // After a refusal the state is known (it is the one checked): no need to read it again.
    const before = lastRefusal && lastRefusal.builds === personas.builds ? lastRefusal.state : await snapshots.take();
    lastRefusal = null;
    // TestClient also checks the body against docs/openapi.yaml, and throws on a mismatch.
    const response = await actor.client.request(request.method, url, {
      body: request.body,
      headers,
      csrf: request.csrf,
    });
    count(name, response.status);
    count(`${name} ${request.method} ${request.template}`, response.status);
    const where = `as the ${name}: ${describeRequest(request)} → ${response.status} ${response.text.slice(0, 300)}`;
    if (response.status >= 500) throw new Error(`server error ${where}`);
    if (response.status >= 400) {
      if (!hasErrorShape(response)) throw new Error(`no {error: {code, message}} ${where}`);
      const after = await snapshots.take();
      const changes = StateSnapshots.changes(before, after);
      if (changes.length > 0) throw new Error(`a refused request changed ${changes.join(', ')}: ${where}`);
      lastRefusal = { state: after, builds: personas.builds };
    } else if (request.method !== 'GET') {
      // A success may have logged the persona out, replaced its session or removed its factors;
      // an admin's may have reset the member or changed settings.
      personas.changed(name, ...(name === 'admin' ? (['member with 2FA'] as const) : []));
      if (request.template === '/api/admin/site-settings') await restoreSettings();
    }
  }

  test('the state compared after a refusal sees a change in every table it watches, and only there', async (assert) => {
    const db = forum().forum.services.db;
    const { id: userId } = await forum().forum.createUser({
      username: 'fuzzstate',
      email: 'fuzzstate@example.test',
      password: 'correct horse fuzzstate',
    });
    const changesAfter = async (write: () => Promise<unknown>) => {
      const before = await snapshots.take();
      await write();
      return StateSnapshots.changes(before, await snapshots.take());
    };
    assert.deepEqual(
      await changesAfter(() =>
        db('users')
          .where({ id: userId })
          .update({ updated_at: new Date(0) }),
      ),
      ['users'],
    );
    assert.deepEqual(
      await changesAfter(() =>
        db('site_settings')
          .insert({ name: 'title', value: JSON.stringify('Fuzzed') })
          .onConflict('name')
          .merge(),
      ),
      ['site_settings'],
    );
    assert.deepEqual(
      await changesAfter(() =>
        db('second_factor_events').insert({ user_id: userId, event: 'totp_enabled', details: '{}' }),
      ),
      ['second_factor_events'],
    );
    assert.deepEqual(
      await changesAfter(() =>
        db('mail_outbox').insert({
          user_id: userId,
          to_address: 'a@b.c',
          subject: 'Forum: an authenticator app was added',
          body_text: '-',
          status: 'logged',
        }),
      ),
      ['mail_outbox'],
    );
    assert.deepEqual(
      await changesAfter(() =>
        db('login_challenges').insert({
          id: 'fuzz-challenge',
          user_id: userId,
          session_binding: 'x',
          expires_at: new Date(Date.now() + 60_000),
        }),
      ),
      ['login_challenges (+1)'],
    );
    // What refusals may legitimately write:
    assert.deepEqual(
      await changesAfter(() =>
        db('second_factor_events').insert({ user_id: userId, event: 'totp_failed', details: '{}' }),
      ),
      [],
      'a failure event',
    );
    assert.deepEqual(
      await changesAfter(() =>
        db('mail_outbox').insert({
          user_id: userId,
          to_address: 'a@b.c',
          subject: 'Forum: logging in paused after wrong codes',
          body_text: '-',
          status: 'logged',
        }),
      ),
      [],
      'a lockout notice',
    );
    assert.deepEqual(
      await changesAfter(() => db('login_challenges').where({ id: 'fuzz-challenge' }).update({ failed_attempts: 1 })),
      [],
      "a challenge's tries",
    );
    assert.deepEqual(
      await changesAfter(() => db('login_challenges').where({ id: 'fuzz-challenge' }).del()),
      [],
      'a used-up challenge',
    );
    await restoreSettings();
  });

  for (const { name, as } of PERSONAS) {
    test(`as ${as}: every route answers hostile and schema-shaped input without a 5xx, errors are {error: {code, message}}, and a 4xx changes nothing`, async (assert) => {
      // QUnit's own timeout would leave the loop running in the background: stop it before that.
      const timeout = Math.max(120_000, RUNS * operations.length * 250);
      assert.timeout(timeout);
      const deadline = Date.now() + timeout - 10_000;
      for (const operation of operations) {
        const route = `${operation.method} ${operation.template}`;
        if (Date.now() > deadline) {
          // eslint-disable-next-line qunit/no-conditional-assertions -- a failure recorded only when time runs out
          assert.ok(false, `out of time before ${route}: the machine is too slow for FUZZ_RUNS=${RUNS}`);
          break;
        }
        try {
          await fc.assert(
            fc.asyncProperty(requestFor(document, operation), (request) => exercise(name, request)),
            {
              numRuns: RUNS,
              seed: seedFor(name, operation),
              includeErrorInReport: true,
              // A budget per route, so a generator or a shrink that runs away fails instead of hanging the suite.
              interruptAfterTimeLimit: Math.max(1_000, Math.min(ROUTE_BUDGET_MS, deadline - Date.now())),
              markInterruptAsFailure: true,
            },
          );
        } catch (error) {
          // Every route is still walked: one failure should not hide the next.
          assert.ok(
            false,
            `${route} as ${as} (replay: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}): ${(error as Error).message}`,
          );
        }
      }
      if (process.env.FUZZ_VERBOSE)
        for (const { method, template } of operations)
          console.log(`# ${name} ${method} ${template}: ${summary(`${name} ${method} ${template}`)}`);
      const answered = [...(statuses.get(name)?.values() ?? [])].reduce((sum, n) => sum + n, 0);
      assert.true(
        answered >= operations.length,
        `${answered} requests over ${operations.length} routes × ${RUNS} runs, seed ${SEED} (FUZZ_SEED replays it); statuses: ${summary(name)}`,
      );
    });
  }
});
