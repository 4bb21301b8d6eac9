import type { Migration } from 'forum-plugin-api/server';

/**
 * "Confirm it's you" with a second factor hands the page a single-use grant, so the action it
 * was asked for does not need the same one-time code a second time. One per session at most.
 */
export const secondFactorGrants: Migration = {
  name: '0006-second-factor-grants',
  async up(knex) {
    await knex.schema.alterTable('sessions', (t) => {
      t.text('second_factor_grant'); // sha256 of the grant handed to the page
      t.timestamp('second_factor_grant_expires_at', { useTz: true });
    });
  },
  async down(knex) {
    await knex.schema.alterTable('sessions', (t) => {
      t.dropColumn('second_factor_grant');
      t.dropColumn('second_factor_grant_expires_at');
    });
  },
};
