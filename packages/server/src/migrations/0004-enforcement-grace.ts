import type { Migration } from 'forum-plugin-api/server';

/**
 * The enforcement grace period: when `enforce_second_factor` first applied to a member who had
 * no second factor. One row per member at most (the primary key), written once with `on conflict
 * do nothing`, so concurrent first requests agree on one start; the deadline is computed from it
 * and the current `second_factor_enforcement_grace_days`, so it is never stored.
 */
export const enforcementGrace: Migration = {
  name: '0004-enforcement-grace',
  async up(knex, host) {
    await knex.schema.createTable('second_factor_enforcement_grace', (t) => {
      t.integer('user_id').primary().references(host.userReference).onDelete('CASCADE');
      t.timestamp('started_at', { useTz: true }).notNullable();
    });
  },
  async down(knex) {
    await knex.schema.dropTableIfExists('second_factor_enforcement_grace');
  },
};
