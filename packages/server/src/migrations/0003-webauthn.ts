import type { Migration } from 'forum-plugin-api/server';

/**
 * Security keys and passkeys (WebAuthn) live in `user_second_factors` as method 3, their
 * credential in `data` (base64url text). One credential can belong to one member only, and
 * passkey login finds its row by the credential id: hence the unique partial index. The
 * challenges handed to browsers wait in `webauthn_challenges` until their one use.
 */
export const webauthnTables: Migration = {
  name: '0003-webauthn',
  async up(knex, host) {
    await knex.raw(
      "create unique index user_second_factors_webauthn_credential on user_second_factors ((data->>'credentialId')) where method = 3",
    );
    await knex.schema.createTable('webauthn_challenges', (t) => {
      t.bigIncrements('id');
      t.text('purpose').notNullable(); // register | login | confirm | passkey
      // What the challenge is bound to: the session's id, or the login challenge's digest.
      t.text('binding').notNullable();
      t.integer('user_id').references(host.userReference).onDelete('CASCADE'); // null: passkey login
      t.text('challenge').notNullable();
      t.text('user_handle'); // registration: the member's WebAuthn user handle the options carried
      t.timestamp('expires_at', { useTz: true }).notNullable();
      t.index(['purpose', 'binding']);
      t.index(['expires_at']);
    });
  },
  async down(knex) {
    await knex.schema.dropTableIfExists('webauthn_challenges');
    await knex.raw('drop index if exists user_second_factors_webauthn_credential');
  },
};
