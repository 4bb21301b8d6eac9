import type { Migration } from 'forum-plugin-api/server';

/** Accounts, sessions, site settings, the admin action log and first-admin setup tokens. */
export const initialSchema: Migration = {
  name: '0001-initial-schema',
  async up(knex) {
    await knex.schema.createTable('forum_meta', (t) => {
      t.text('key').primary();
      t.text('value').notNullable();
    });

    await knex.schema.createTable('users', (t) => {
      t.increments('id');
      t.text('username').notNullable();
      t.text('username_lower').notNullable().unique();
      t.text('email').notNullable().unique(); // stored lower-cased
      t.text('password_hash').notNullable();
      t.boolean('admin').notNullable().defaultTo(false);
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });

    await knex.schema.createTable('sessions', (t) => {
      t.text('id').primary(); // sha256 of the cookie token: a database leak yields no usable cookie
      t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.timestamp('last_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.timestamp('expires_at', { useTz: true }).notNullable();
      t.timestamp('recent_auth_at', { useTz: true });
      t.text('ip');
      t.text('user_agent');
      t.index(['user_id']);
    });

    await knex.schema.createTable('site_settings', (t) => {
      t.text('name').primary();
      t.jsonb('value').notNullable();
      t.integer('updated_by').references('users.id').onDelete('SET NULL');
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });

    await knex.schema.createTable('admin_actions', (t) => {
      t.bigIncrements('id');
      t.integer('actor_id').references('users.id').onDelete('SET NULL');
      t.text('action').notNullable();
      t.text('subject');
      t.jsonb('details').notNullable().defaultTo('{}');
      t.text('ip');
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.index(['created_at']);
    });

    await knex.schema.createTable('setup_tokens', (t) => {
      t.text('token_hash').primary();
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });
  },
  async down(knex) {
    for (const table of ['setup_tokens', 'admin_actions', 'site_settings', 'sessions', 'users', 'forum_meta']) {
      await knex.schema.dropTableIfExists(table);
    }
  },
};
