import type { Migration } from 'forum-plugin-api/server';

/** Discourse's `user_second_factors` (one row per authenticator or backup code) and the audit log. */
export const secondFactorTables: Migration = {
  name: '0001-second-factors',
  async up(knex, host) {
    await knex.schema.createTable('user_second_factors', (t) => {
      t.increments('id');
      t.integer('user_id').notNullable().references(host.userReference).onDelete('CASCADE');
      t.smallint('method').notNullable(); // 1 = totp, 2 = backup_code
      t.text('name');
      t.jsonb('data').notNullable();
      t.boolean('enabled').notNullable().defaultTo(false);
      t.timestamp('last_used_at', { useTz: true });
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.index(['user_id', 'method']);
    });

    await knex.schema.createTable('second_factor_events', (t) => {
      t.bigIncrements('id');
      t.integer('user_id').notNullable().references(host.userReference).onDelete('CASCADE');
      t.integer('actor_id').references(host.userReference).onDelete('SET NULL'); // null: the member, or the CLI
      t.text('event').notNullable();
      t.text('ip');
      t.text('user_agent');
      t.jsonb('details').notNullable().defaultTo('{}');
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.index(['user_id', 'created_at']);
      t.index(['event', 'created_at']);
    });
  },
  async down(knex) {
    await knex.schema.dropTableIfExists('second_factor_events');
    await knex.schema.dropTableIfExists('user_second_factors');
  },
};
