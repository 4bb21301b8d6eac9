import type { Migration } from 'forum-plugin-api/server';

/**
 * "Trust this browser" (issue #20): the same device row that exempts a browser from lockouts
 * caused by others is marked trusted, so the second step is skipped after the right password
 * until `trusted_until`. Both null: a known device, not a trusted one. Ending the trust clears
 * them and keeps the row, so the lockout exemption stays.
 */
export const trustedDevices: Migration = {
  name: '0009-trusted-devices',
  async up(knex) {
    await knex.schema.alterTable('known_devices', (t) => {
      t.timestamp('trusted_at', { useTz: true });
      t.timestamp('trusted_until', { useTz: true });
    });
  },
  async down(knex) {
    await knex.schema.alterTable('known_devices', (t) => {
      t.dropColumn('trusted_at');
      t.dropColumn('trusted_until');
    });
  },
};
