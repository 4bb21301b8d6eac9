import type { Migration } from 'forum-plugin-api/server';

/**
 * Delivery state for the outbox (issue #16). Rows written before this keep status 'logged':
 * they were never meant to be sent, and sending months-old notices now would only confuse.
 *
 * status: 'logged' (kept for the admins, never sent) · 'queued' (not tried yet) · 'sending'
 * (claimed by a worker until `claimed_until`) · 'retrying' (tried, next try at `next_attempt_at`)
 * · 'sent' · 'failed' (gave up; `last_error` says why).
 */
export const mailDelivery: Migration = {
  name: '0007-mail-delivery',
  async up(knex) {
    await knex.schema.alterTable('mail_outbox', (t) => {
      t.text('status').notNullable().defaultTo('queued').alter();
      t.integer('attempts').notNullable().defaultTo(0);
      t.timestamp('next_attempt_at', { useTz: true }).nullable();
      t.timestamp('claimed_until', { useTz: true }).nullable();
      t.text('last_error').nullable();
      t.timestamp('sent_at', { useTz: true }).nullable();
      t.text('message_id').nullable();
      t.text('smtp_response').nullable();
    });
    // What a worker looks for: due rows by status and time.
    await knex.raw(
      "create index mail_outbox_due on mail_outbox (next_attempt_at, id) where status in ('queued', 'retrying', 'sending')",
    );
  },
  async down(knex) {
    await knex.raw('drop index if exists mail_outbox_due');
    await knex.schema.alterTable('mail_outbox', (t) => {
      t.dropColumns(
        'attempts',
        'next_attempt_at',
        'claimed_until',
        'last_error',
        'sent_at',
        'message_id',
        'smtp_response',
      );
    });
  },
};
