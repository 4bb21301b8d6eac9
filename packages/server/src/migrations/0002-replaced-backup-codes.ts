import type { Migration } from 'forum-plugin-api/server';

/**
 * The old-sheet tripwire: a batch replaced by "create new backup codes" keeps its rows, marked
 * with when it was replaced, for `backup_codes_tripwire_days`. A code from it is refused as such
 * and mails the member. Replaced rows are never usable (`enabled` is false as well).
 */
export const replacedBackupCodes: Migration = {
  name: '0002-replaced-backup-codes',
  async up(knex) {
    await knex.schema.alterTable('user_second_factors', (t) => {
      t.timestamp('replaced_at', { useTz: true }).nullable();
    });
    // The purge of expired replaced rows, forum-wide at each new batch, reads only these.
    await knex.raw(
      'create index user_second_factors_replaced_at on user_second_factors (replaced_at) where replaced_at is not null',
    );
  },
  async down(knex) {
    await knex.raw('drop index if exists user_second_factors_replaced_at');
    await knex('user_second_factors').whereNotNull('replaced_at').delete();
    await knex.schema.alterTable('user_second_factors', (t) => {
      t.dropColumn('replaced_at');
    });
  },
};
