import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import QUnit from 'qunit';
import { useForumWithPlugin } from './support/forum.js';

const { module, test } = QUnit;
// The snapshot lives beside the sources (tsc does not copy JSON into dist).
const snapshotFile = fileURLToPath(new URL('../../test/fixtures/schema.json', import.meta.url));

module('schema', (hooks) => {
  const forum = useForumWithPlugin(hooks);

  test('the migrations produce the same schema on PGlite and on PostgreSQL', async (assert) => {
    const { rows } = await forum().forum.services.db.raw<{ rows: Record<string, string | null>[] }>(`
      select c.table_name, c.column_name, c.data_type, c.is_nullable, c.column_default
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
      order by c.table_name, c.column_name`);
    const { rows: indexes } = await forum().forum.services.db.raw<{ rows: Record<string, string>[] }>(`
      select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' order by tablename, indexname`);
    const schema = { columns: rows, indexes };
    if (process.env.UPDATE_SCHEMA_SNAPSHOT) fs.writeFileSync(snapshotFile, `${JSON.stringify(schema, null, 2)}\n`);
    const expected = JSON.parse(fs.readFileSync(snapshotFile, 'utf8')) as typeof schema;
    assert.deepEqual(
      schema,
      expected,
      'same as test/fixtures/schema.json (UPDATE_SCHEMA_SNAPSHOT=1 rewrites it after a new migration)',
    );
  });
});
