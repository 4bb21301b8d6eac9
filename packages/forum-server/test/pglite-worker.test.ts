import QUnit from 'qunit';
import { startTestForum, type TestForum } from '../src/testing/index.js';
import { errorCode, newMember } from './helpers.js';

const { module, test } = QUnit;
const onPostgres = Boolean(process.env.DATABASE_URL);

/**
 * PGLITE_WORKER=1 runs PGlite in a worker thread (experimental, docs/benchmarks.md): the same
 * forum, with statements, results and errors crossing the thread, and the event loop free while
 * a statement runs.
 */
(onPostgres ? QUnit.module.skip : module)('PGlite in a worker thread (PGLITE_WORKER=1)', (hooks) => {
  let forum: TestForum | null = null;
  hooks.before(async () => {
    process.env.PGLITE_WORKER = '1';
    try {
      forum = await startTestForum();
    } finally {
      delete process.env.PGLITE_WORKER;
    }
  });
  hooks.after(async () => {
    await forum?.stop();
  });

  test('sign-up, a taken name and login work as on the main thread', async (assert) => {
    const member = newMember('worker');
    assert.strictEqual((await forum!.client().signUp(member)).status, 201);
    const again = await forum!.client().signUp({ ...member, email: `other-${member.email}` });
    assert.strictEqual(errorCode(again), 'username_taken', "PostgreSQL's error code crosses the thread");
    assert.strictEqual((await forum!.client().logIn(member.username, member.password)).status, 200);
  });

  test('a failed transaction leaves nothing behind', async (assert) => {
    const db = forum!.forum.services.db;
    await db('attempt_counters').insert({ key: 'worker:kept', points: 1, expire: 1 });
    const failed = await db
      .transaction(async (trx) => {
        await trx('attempt_counters').insert({ key: 'worker:rolled-back', points: 1, expire: 1 });
        await trx('attempt_counters').insert({ key: 'worker:kept', points: 1, expire: 1 });
      })
      .then(
        () => null,
        (error: { code?: string }) => error.code,
      );
    assert.strictEqual(failed, '23505');
    assert.deepEqual(
      (await db('attempt_counters').where('key', 'like', 'worker:%').select('key')).map((r: { key: string }) => r.key),
      ['worker:kept'],
    );
  });

  test('a change to the settings is heard across the thread: the next request sees it', async (assert) => {
    const client = forum!.client();
    const title = async () => (await client.get<{ title: string }>('/api/site')).body.title;
    assert.strictEqual(await title(), 'Forum', 'read, and kept');
    await forum!.forum.services.db('site_settings').insert({
      name: 'title',
      value: JSON.stringify('Changed in the worker'),
      updated_at: new Date(),
    });
    assert.strictEqual(
      await title(),
      'Changed in the worker',
      "the trigger's notice came back before the insert's answer",
    );
  });

  test('the event loop runs while a statement does', async (assert) => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 5);
    await forum!.forum.services.db.raw('select count(*) from generate_series(1, 3000000)');
    clearInterval(timer);
    // On the main thread the statement holds the loop, and the timer cannot fire until it ends.
    assert.ok(ticks >= 5, `timer fired ${ticks} times during the statement`);
  });
});
