import { generateSecret, generateURI, verify } from 'otplib';

/**
 * RFC 6238 as authenticator apps expect it: SHA-1, 6 digits, 30-second steps (otplib's defaults,
 * spelled out here so a library default changing cannot change them silently).
 */
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
/** One step of clock drift either way, no more (RFC 6238 section 5.2). */
const TOLERANCE_SECONDS = TOTP_PERIOD_SECONDS;

/** A new secret: 160 random bits (otplib draws them from the platform CSPRNG), Base32. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export function otpauthUri(issuer: string, account: string, secret: string): string {
  return generateURI({
    issuer,
    label: account,
    secret,
    algorithm: 'sha1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  });
}

/** Strips the spaces people type ("123 456"); null when what remains is not 6 digits. */
export function normalizeTotpToken(input: string): string | null {
  const token = input.replace(/\s+/g, '');
  return new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(token) ? token : null;
}

export type TotpCheck = { valid: true; step: number } | { valid: false; reused: boolean };

/**
 * Checks a 6-digit token. Tokens from the last accepted step or earlier are refused (replay);
 * `reused` tells a replayed code from a wrong one, so the member can be warned.
 */
export async function checkTotp(
  secret: string,
  token: string,
  lastStep: number | null,
  epoch: number,
): Promise<TotpCheck> {
  const options = {
    secret,
    token,
    epoch,
    algorithm: 'sha1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    epochTolerance: TOLERANCE_SECONDS,
  } as const;
  const result = await verify(lastStep === null ? options : { ...options, afterTimeStep: lastStep });
  if (result.valid) return { valid: true, step: (result as { timeStep: number }).timeStep };
  if (lastStep === null) return { valid: false, reused: false };
  const again = await verify(options);
  return { valid: false, reused: again.valid };
}
