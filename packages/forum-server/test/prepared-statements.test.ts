import QUnit from 'qunit';
import knexFactory, { type Knex } from 'knex';
import { configFromEnv } from '../src/config.js';
import { preparedStatementsClient } from '../src/db/prepared-statements.js';

const { module, test } = QUnit;
const databaseUrl = process.env.DATABASE_URL;

module('DATABASE_PREPARED_STATEMENTS', () => {
  test('on unless switched off', (assert) => {
    assert.true(configFromEnv({}).preparedStatements);
    assert.true(configFromEnv({ DATABASE_PREPARED_STATEMENTS: '1' }).preparedStatements);
    assert.false(configFromEnv({ DATABASE_PREPARED_STATEMENTS: '0' }).preparedStatements);
    assert.false(configFromEnv({ DATABASE_PREPARED_STATEMENTS: 'false' }).preparedStatements);
    assert.throws(
      () => configFromEnv({ DATABASE_PREPARED_STATEMENTS: 'yes' }),
      /DATABASE_PREPARED_STATEMENTS/,
      'a value it does not know stops start-up, naming it',
    );
  });
});

/**
 * Against a knex of its own with one connection, so that "this connection prepared it" is
 * something a test can see (`pg_prepared_statements` lists the current session's).
 */
(databaseUrl ? module : QUnit.module.skip)('prepared statements (PostgreSQL)', (hooks) => {
  const table = `prepared_probe_${process.pid}`;
  let knex: Knex;
  let other: Knex;

  hooks.before(async () => {
    knex = knexFactory({ client: preparedStatementsClient(), connection: databaseUrl, pool: { min: 1, max: 1 } });
    other = knexFactory({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 1 } });
    await other.schema.dropTableIfExists(table);
    await other.schema.createTable(table, (t) => {
      t.integer('id').primary();
      t.text('name');
    });
    await other(table).insert([
      { id: 1, name: 'one' },
      { id: 2, name: 'two' },
    ]);
  });
  hooks.after(async () => {
    await other.schema.dropTableIfExists(table);
    await knex.destroy();
    await other.destroy();
  });

  async function prepared(db: Knex = knex): Promise<string[]> {
    const result = await db.raw<{ rows: { statement: string }[] }>(
      'select statement from pg_prepared_statements order by prepare_time',
    );
    return result.rows.map((r) => r.statement);
  }

  test('a statement with parameters is prepared once and run again by name; one without is not', async (assert) => {
    const before = (await prepared()).length;
    for (const id of [1, 2, 1]) {
      const rows = await knex(table).where({ id }).select('name');
      assert.deepEqual(rows, [{ name: id === 1 ? 'one' : 'two' }], `row ${id}, whichever values it is bound to`);
    }
    await knex.raw(`select count(*) from ${table}`);
    const after = await prepared();
    assert.strictEqual(after.length, before + 1, 'one statement prepared for three runs');
    assert.true(after.at(-1)?.includes(`from "${table}" where "id" = $1`), after.at(-1));
  });

  test('only the first distinct texts are named; the others run unnamed and still answer', async (assert) => {
    const limited = knexFactory({
      client: preparedStatementsClient(2),
      connection: databaseUrl,
      pool: { min: 1, max: 1 },
    });
    try {
      const texts = [
        () => limited(table).where({ name: 'one' }).select('id'),
        () => limited(table).whereIn('id', [1, 2]).select('id'),
        () => limited(table).whereIn('id', [1, 2, 3]).select('id'),
        () => limited(table).whereIn('id', [1, 2, 3, 4]).select('id'),
      ];
      const answers = [];
      for (const query of texts) answers.push((await query()).length);
      assert.deepEqual(answers, [1, 2, 2, 2], 'every statement answered');
      assert.strictEqual((await prepared(limited)).length, 2, 'two named, up to the limit; then none');
    } finally {
      await limited.destroy();
    }
  });

  test("another instance's migration adds a column: a statement outside a transaction is tried again", async (assert) => {
    const read = () => knex(table).where({ id: 1 }).select('*');
    assert.deepEqual(await read(), [{ id: 1, name: 'one' }]);
    assert.true(
      (await prepared()).some((s) => s.startsWith(`select * from "${table}"`)),
      'prepared with two columns',
    );
    await other.schema.alterTable(table, (t) => t.text('added_by_migration'));

    assert.deepEqual(await read(), [{ id: 1, name: 'one', added_by_migration: null }], 'the new column, no error');
    assert.deepEqual(await read(), [{ id: 1, name: 'one', added_by_migration: null }], 'and the next time');
  });

  test('the same inside a transaction fails that transaction once; the next one works', async (assert) => {
    const read = (db: Knex | Knex.Transaction) => db(table).where({ id: 2 }).select('*');
    await knex.transaction((trx) => read(trx));
    await other.schema.alterTable(table, (t) => t.text('added_in_between'));

    const failed = await knex.transaction((trx) => read(trx)).catch((error: Error) => error.message);
    assert.true(String(failed).includes('cached plan must not change result type'), String(failed));
    const rows = await knex.transaction((trx) => read(trx));
    assert.strictEqual(rows[0]?.added_in_between, null, 'a new generation of names: prepared again');
  });
});
