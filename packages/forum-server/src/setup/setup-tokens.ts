import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function hasAdmin(db: Knex): Promise<boolean> {
  return (await db('users').where({ admin: true }).first('id')) !== undefined;
}

/**
 * A one-time link for creating the first admin. Only its digest is stored; it stays valid until
 * an admin exists (by this link, another one, or the CLI), then every such token is deleted.
 */
export async function issueSetupToken(db: Knex): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  await db('setup_tokens').insert({ token_hash: digest(token) });
  return token;
}

export async function isValidSetupToken(db: Knex, token: string): Promise<boolean> {
  return (
    (await db('setup_tokens')
      .where({ token_hash: digest(token) })
      .first('token_hash')) !== undefined
  );
}

/** Consumes the token inside the caller's transaction; false when it was not (or no longer) valid. */
export async function consumeSetupTokens(trx: Knex.Transaction, token: string): Promise<boolean> {
  const deleted = await trx('setup_tokens')
    .where({ token_hash: digest(token) })
    .delete()
    .returning('token_hash');
  if (deleted.length === 0) return false;
  await trx('setup_tokens').delete();
  return true;
}

export async function clearSetupTokens(db: Knex): Promise<void> {
  await db('setup_tokens').delete();
}
