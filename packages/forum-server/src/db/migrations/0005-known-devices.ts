import type { Migration } from 'forum-plugin-api/server';

/**
 * The browsers that completed a full login for an account (OWASP's "device cookie"): failures
 * from elsewhere never lock them out. One row per browser and account; only the token's digest.
 */
export const knownDevices: Migration = {
  name: '0005-known-devices',
  async up(knex) {
    await knex.schema.createTable('known_devices', (t) => {
      t.increments('id');
      t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
      t.text('token_hash').notNullable(); // sha256 of the browser's device cookie
      t.string('ip', 64);
      t.string('user_agent', 500);
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.timestamp('last_login_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.unique(['token_hash', 'user_id']);
      t.index(['user_id']);
    });
  },
  async down(knex) {
    await knex.schema.dropTableIfExists('known_devices');
  },
};
