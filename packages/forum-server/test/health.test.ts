import QUnit from 'qunit';
import { useForum } from './helpers.js';

const { module, test } = QUnit;

module('health', (hooks) => {
  const forum = useForum(hooks);

  test('reports the database in use', async (assert) => {
    const response = await forum().client().get('/api/health');
    assert.strictEqual(response.status, 200);
    assert.deepEqual(response.body, { ok: true, database: process.env.DATABASE_URL ? 'postgres' : 'pglite' });
  });
});
