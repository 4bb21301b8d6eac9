import { createHmac } from 'node:crypto';

/**
 * An outside client's own RFC 6238 (TOTP) and RFC 4648 (Base32), written from the RFCs and not
 * from otplib, so the server is checked against an independent implementation.
 */
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Decode(input: string): Buffer {
  const clean = input.replace(/=+$/, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const index = BASE32.indexOf(ch);
    if (index < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** HOTP (RFC 4226 section 5.3) with SHA-1. */
export function hotp(key: Buffer, counter: number, digits = 6): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The TOTP code for a Base32 secret at `unixSeconds` (30-second steps). */
export function totpAt(secret: string, unixSeconds: number, digits = 6): string {
  return hotp(base32Decode(secret), Math.floor(unixSeconds / 30), digits);
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** RFC 6238 Appendix B, the SHA-1 rows: the seed is the ASCII string "12345678901234567890". */
export const RFC6238_SHA1_VECTORS: { time: number; code: string }[] = [
  { time: 59, code: '94287082' },
  { time: 1111111109, code: '07081804' },
  { time: 1111111111, code: '14050471' },
  { time: 1234567890, code: '89005924' },
  { time: 2000000000, code: '69279037' },
  { time: 20000000000, code: '65353130' },
];
export const RFC6238_SHA1_SECRET_BASE32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
