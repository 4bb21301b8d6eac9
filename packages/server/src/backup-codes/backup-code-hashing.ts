import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';

/**
 * argon2id with OWASP's parameters (19 MiB, t = 2, p = 1) and argon2's own random 16-byte salt
 * per code: the stored hash carries salt and parameters, and verify compares in constant time.
 */
const options = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

let evaluations = 0;
let dummyHash: Promise<string> | null = null;

/** How many argon2 evaluations backup-code checks have made in this process (for tests and metrics). */
export function backupCodeHashEvaluations(): number {
  return evaluations;
}

export function hashBackupCode(code: string): Promise<string> {
  return argon2.hash(code, options);
}

/**
 * Verifies a code against the hash of the row its identifier selected. With no such row it
 * verifies against a dummy hash, so a miss costs the same one evaluation as a hit.
 */
export async function verifyBackupCode(hash: string | null, code: string): Promise<boolean> {
  evaluations += 1;
  if (hash === null) {
    dummyHash ??= argon2.hash(randomBytes(16).toString('hex'), options);
    await argon2.verify(await dummyHash, code);
    return false;
  }
  return argon2.verify(hash, code);
}
