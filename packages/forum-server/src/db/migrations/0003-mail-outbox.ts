import type { Migration } from 'forum-plugin-api/server';

/** Mail to members, written first to this outbox (and to the log while no SMTP is configured). */
export const mailOutbox: Migration = {
  name: '0003-mail-outbox',
  async up(knex) {
    await knex.schema.createTable('mail_outbox', (t) => {
      t.bigIncrements('id');
      t.integer('user_id').references('users.id').onDelete('CASCADE');
      t.text('to_address').notNullable();
      t.text('subject').notNullable();
      t.text('body_text').notNullable();
      t.text('status').notNullable(); // 'logged': no SMTP configured, kept for the admins to read
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.index(['created_at']);
    });
  },
  async down(knex) {
    await knex.schema.dropTableIfExists('mail_outbox');
  },
};
