import type { Knex } from 'knex';
import type { MasterKey } from './master-key.js';

export class KeyMismatchError extends Error {}

/**
 * Instances sharing one database must share one key. The first start records the key's
 * fingerprint; a later start with another key stops here, with a message, instead of failing
 * much later when it cannot decrypt what the others encrypted.
 */
export async function checkKeyFingerprint(db: Knex, key: MasterKey): Promise<void> {
  const fingerprint = key.fingerprint();
  await db('forum_meta').insert({ key: 'secret_key_fingerprint', value: fingerprint }).onConflict('key').ignore();
  const row: { value: string } | undefined = await db('forum_meta')
    .where({ key: 'secret_key_fingerprint' })
    .first('value');
  if (row?.value !== fingerprint) {
    throw new KeyMismatchError(
      'This database was set up with a different secret key. Start every instance with the same SECRET_KEY ' +
        '(or the same DATA_DIR/secret.key) that the database was first used with.',
    );
  }
}
