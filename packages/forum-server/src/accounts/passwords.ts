import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';

/** OWASP Password Storage Cheat Sheet, argon2id: 19 MiB, 2 iterations, 1 lane. */
export const passwordHashOptions = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** NFKC so the same password typed on two keyboards (composed vs decomposed accents) matches. */
function normalize(password: string): string {
  return password.normalize('NFKC');
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(normalize(password), passwordHashOptions);
}

let dummyHash: Promise<string> | null = null;

/**
 * Verifies a password; with no hash (unknown account) it verifies against a dummy hash so
 * "no such user" takes as long as "wrong password" and the two cannot be told apart.
 */
export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (hash === null) {
    dummyHash ??= argon2.hash(randomBytes(16).toString('hex'), passwordHashOptions);
    await argon2.verify(await dummyHash, normalize(password));
    return false;
  }
  return argon2.verify(hash, normalize(password));
}
