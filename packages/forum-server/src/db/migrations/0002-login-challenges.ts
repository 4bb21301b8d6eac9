import type { Migration } from 'forum-plugin-api/server';

/** The half-finished logins waiting for a second factor. */
export const loginChallenges: Migration = {
  name: '0002-login-challenges',
  async up(knex) {
    await knex.schema.createTable('login_challenges', (t) => {
      t.text('id').primary(); // sha256 of the challenge handed to the browser
      t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
      t.text('session_binding').notNullable(); // sha256 of the browser's session cookie
      t.integer('failed_attempts').notNullable().defaultTo(0);
      t.timestamp('expires_at', { useTz: true }).notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.index(['expires_at']);
    });
  },
  async down(knex) {
    await knex.schema.dropTableIfExists('login_challenges');
  },
};
