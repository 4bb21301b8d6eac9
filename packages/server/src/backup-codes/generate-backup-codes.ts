import { randomInt } from 'node:crypto';
import { BACKUP_CODE_ALPHABET, identifierOf } from '@second-factor/core';

function randomCharacters(count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += BACKUP_CODE_ALPHABET[randomInt(BACKUP_CODE_ALPHABET.length)];
  return out;
}

/**
 * A batch of codes from the CSPRNG (`crypto.randomInt`, unbiased). Each starts with an
 * identifier unique within the batch, which lets a check select the one row to verify.
 */
export function generateBackupCodes(count: number, length: number): string[] {
  const codes: string[] = [];
  const identifiers = new Set<string>();
  while (codes.length < count) {
    const code = randomCharacters(length);
    const identifier = identifierOf(code);
    if (identifiers.has(identifier)) continue; // 1024 identifiers for at most 20 codes: rare
    identifiers.add(identifier);
    codes.push(code);
  }
  return codes;
}
