import QUnit from 'qunit';
import pg from 'pg';
import { errorCode, newMember, useForum } from './helpers.js';

const { module, test } = QUnit;
const onPostgres = Boolean(process.env.DATABASE_URL);

/** Runs SQL on the server's maintenance database, outside the forum's own pool. */
async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

module('the database going away', (hooks) => {
  const forum = useForum(hooks);

  (onPostgres ? test : QUnit.skip)(
    'requests get 503 while PostgreSQL refuses connections, and work again after, without a restart',
    async (assert) => {
      const client = forum().client();
      const member = newMember();
      await client.signUp(member);
      const name = new URL(forum().database.config.databaseUrl!).pathname.slice(1);
      await admin(`alter database ${name} allow_connections false`);
      await admin(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}'`);
      try {
        const health = await client.get('/api/health');
        assert.strictEqual(health.status, 503);
        assert.strictEqual(health.headers.get('retry-after'), '5');
        const current = await client.get('/api/session/current');
        assert.strictEqual(current.status, 503, current.text);
        assert.strictEqual(errorCode(current), 'database_unavailable');
        const login = await forum().client().logIn(member.username, member.password);
        assert.strictEqual(login.status, 503);
      } finally {
        await admin(`alter database ${name} allow_connections true`);
      }
      assert.strictEqual((await client.get('/api/health')).status, 200, 'recovered');
      assert.strictEqual((await client.get('/api/session/current')).status, 200, 'the session survived');
    },
  );
});
