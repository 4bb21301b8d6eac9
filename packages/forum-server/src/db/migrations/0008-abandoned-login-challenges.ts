import type { Migration } from 'forum-plugin-api/server';

/**
 * "Someone knows your password" (issue #16): a login challenge remembers the browser that
 * entered the right password, and one that ended without a login — expired unused, or killed
 * by wrong tokens (kept, unclaimable, until it would have expired) — is handed to the plugin by
 * the sweep before it is deleted. `created_at` is now written from the forum's clock.
 */
export const abandonedLoginChallenges: Migration = {
  name: '0008-abandoned-login-challenges',
  async up(knex) {
    await knex.schema.alterTable('login_challenges', (t) => {
      t.text('ip');
      t.text('user_agent');
    });
  },
  async down(knex) {
    await knex.schema.alterTable('login_challenges', (t) => {
      t.dropColumn('ip');
      t.dropColumn('user_agent');
    });
  },
};
