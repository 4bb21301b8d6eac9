import { randomInt } from 'node:crypto';
import { BACKUP_CODE_ALPHABET, identifierOf } from '@second-factor/core';

function randomCharacters(count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += BACKUP_CODE_ALPHABET[randomInt(BACKUP_CODE_ALPHABET.length)];
  return out;
}

/**
 * A batch of codes from the CSPRNG (`crypto.randomInt`, unbiased). Each starts with an
 * identifier unique within the batch and unlike every one in `taken` (the replaced sheets the
 * tripwire keeps), which lets a check select the one row to verify.
 */
export function generateBackupCodes(count: number, length: number, taken: ReadonlySet<string> = new Set()): string[] {
  const codes: string[] = [];
  const identifiers = new Set<string>(taken);
  while (codes.length < count) {
    const code = randomCharacters(length);
    const identifier = identifierOf(code);
    if (identifiers.has(identifier)) continue; // 1024 identifiers, at most 120 taken (see MAX_KEPT_SHEETS): rare
    identifiers.add(identifier);
    codes.push(code);
  }
  return codes;
}
