import type { Migration } from 'forum-plugin-api/server';

/** Attempt counters: a count per key and the end of its window (ms on the forum's clock). */
export const attemptCounters: Migration = {
  name: '0004-attempt-counters',
  async up(knex) {
    await knex.schema.createTable('attempt_counters', (t) => {
      t.string('key', 255).primary();
      t.integer('points').notNullable().defaultTo(0);
      t.bigInteger('expire');
    });
  },
  async down(knex) {
    await knex.schema.dropTableIfExists('attempt_counters');
  },
};
