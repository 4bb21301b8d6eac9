/**
 * How backup codes look to people: Crockford base32 (no I, L, O, U, so nothing is misread),
 * printed in groups of four (`XXXX-XXXX-XXXX`), typed in any case with or without spaces and
 * dashes. Pure functions, shared by the server (parsing input) and the browser (showing codes).
 */
export const BACKUP_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Bits of entropy per character of the alphabet. */
export const BITS_PER_CHARACTER = 5;

const GROUP = 4;

/** The first characters of a code name it among its batch; they are printed, not secret. */
export const IDENTIFIER_LENGTH = 2;
/** 12 characters = 2 identifier + 10 secret = 50 bits of secret (NIST 800-63B look-up secrets). */
export const BACKUP_CODE_MIN_LENGTH = 12;
export const BACKUP_CODE_MAX_LENGTH = 20;

/** Bits of secret entropy in a code of this length. */
export function secretBits(length: number): number {
  return (length - IDENTIFIER_LENGTH) * BITS_PER_CHARACTER;
}

/** Shows a code as groups of four joined by dashes (idempotent: an already grouped code stays as it is). */
export function formatBackupCode(code: string): string {
  return (
    code
      .replace(/-/g, '')
      .match(new RegExp(`.{1,${GROUP}}`, 'g'))
      ?.join('-') ?? ''
  );
}

/**
 * Reads what a member typed: case, spaces and dashes do not matter, and the letters people
 * confuse with digits read as those digits (I and L as 1, O as 0). Returns null when the result
 * is not a string of alphabet characters of a possible code length. (The length is not pinned to
 * today's setting: a batch printed before an admin changed it must keep working.)
 */
export function normalizeBackupCode(input: string): string | null {
  const cleaned = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s-]+/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (cleaned.length < BACKUP_CODE_MIN_LENGTH || cleaned.length > BACKUP_CODE_MAX_LENGTH) return null;
  for (const character of cleaned) {
    if (!BACKUP_CODE_ALPHABET.includes(character)) return null;
  }
  return cleaned;
}

/** The identifier part of a normalised code. */
export function identifierOf(code: string): string {
  return code.slice(0, IDENTIFIER_LENGTH);
}
