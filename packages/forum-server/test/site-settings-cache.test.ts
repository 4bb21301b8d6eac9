import QUnit from 'qunit';
import { queriesDuring, writeSiteSettings, type TestForum } from '../src/testing/index.js';
import { useForum } from './helpers.js';

const { module, test } = QUnit;
const onPostgres = Boolean(process.env.DATABASE_URL);

/**
 * Every instance keeps the site settings in memory and forgets them when the table announces a
 * change (NOTIFY from a trigger, whoever wrote it); while it cannot hear, it reads the table on
 * every use (issue #19, docs/decisions.md).
 */
module('site settings kept in memory', (hooks) => {
  const forum = useForum(hooks);

  async function title(): Promise<string> {
    return (await forum().client().get<{ title: string }>('/api/site')).body.title;
  }

  /** The statements a look at the site sends to the settings' table. */
  async function settingsReadsOfOneRequest(): Promise<number> {
    const { queries } = await queriesDuring(forum().forum.services.db, () => forum().client().get('/api/site'));
    return queries.filter((q) => q.sql.includes('"site_settings"')).length;
  }

  /**
   * How many looks at the site until it shows `expected` as its title (a notice crosses a socket
   * on PostgreSQL, so it may take a moment), or null when it did not within 2 s.
   */
  async function looksUntilTitleIs(expected: string): Promise<number | null> {
    const started = Date.now();
    for (let looks = 1; Date.now() - started < 2000; looks++) {
      if ((await title()) === expected) return looks;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return null;
  }

  function waitForLogLine(running: TestForum, text: string, after: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const look = () => {
        if (running.logLines.slice(after).some((line) => line.includes(text))) resolve();
        else if (Date.now() - started > 5000) reject(new Error(`no log line with "${text}"`));
        else setTimeout(look, 10);
      };
      look();
    });
  }

  test('read once, then kept until a change, which applies at once on this instance', async (assert) => {
    await title();
    assert.strictEqual(await settingsReadsOfOneRequest(), 0, 'a second look reads nothing');
    await writeSiteSettings(forum().forum, { title: 'Kept, then changed' });
    assert.strictEqual(await title(), 'Kept, then changed', 'the change shows on the next request');
    // On PostgreSQL this instance's own notice comes back a moment later, and it forgets once more.
    const started = Date.now();
    let reads = await settingsReadsOfOneRequest();
    while (reads > 0 && Date.now() - started < 2000) reads = await settingsReadsOfOneRequest();
    assert.strictEqual(reads, 0, 'and is kept in its turn');
  });

  test("a change made with the operator's own SQL applies without a restart", async (assert) => {
    const db = forum().forum.services.db;
    await title();
    await db('site_settings')
      .insert({ name: 'title', value: JSON.stringify('Edited by hand'), updated_at: new Date() })
      .onConflict('name')
      .merge();
    const looks = await looksUntilTitleIs('Edited by hand');
    // PGlite hears its own notice before the statement returns; PostgreSQL's arrives a moment later.
    const lastLook = onPostgres ? Infinity : 1;
    assert.true(looks !== null && looks <= lastLook, `seen at look ${looks}, at the latest ${lastLook}`);
    await db('site_settings').where({ name: 'title' }).delete();
    assert.notStrictEqual(await looksUntilTitleIs('Forum'), null, 'a deleted row reads as the default again');
  });

  test('a change rolled back is never seen', async (assert) => {
    const { settings, db } = forum().forum.services;
    const before = await title();
    const failed = await db
      .transaction(async (trx) => {
        await settings.write(trx, { title: 'Never committed' }, null);
        throw new Error('rolled back');
      })
      .catch((error: Error) => error.message);
    assert.strictEqual(failed, 'rolled back');
    assert.strictEqual(await title(), before);
  });

  (onPostgres ? test : QUnit.skip)(
    'while the listener is down every use reads the table; then it listens again (PostgreSQL)',
    async (assert) => {
      const running = forum();
      const db = running.forum.services.db;
      await title();
      const logged = running.logLines.length;
      const ended = await db.raw<{ rows: unknown[] }>(
        `select pg_terminate_backend(pid) from pg_stat_activity
         where application_name = 'forum listener: forum_site_settings' and datname = current_database()`,
      );
      assert.strictEqual(ended.rows.length, 1, "the forum's listener was found and ended");
      await waitForLogLine(running, 'lost its connection', logged);

      // Nothing would tell the instance about this change but its own reading.
      await db('site_settings')
        .insert({ name: 'title', value: JSON.stringify('Changed while deaf'), updated_at: new Date() })
        .onConflict('name')
        .merge();
      assert.strictEqual(await title(), 'Changed while deaf', 'read from the table at once');
      assert.strictEqual(await settingsReadsOfOneRequest(), 1, 'and again on the next use: nothing is kept');

      await waitForLogLine(running, 'listens again', logged);
      await title();
      assert.strictEqual(await settingsReadsOfOneRequest(), 0, 'kept again once it listens');
      await db('site_settings')
        .where({ name: 'title' })
        .update({ value: JSON.stringify('Heard again') });
      assert.notStrictEqual(await looksUntilTitleIs('Heard again'), null, 'and hears the next change');
    },
  );
});
