import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const RANDOM_BYTES = 16;
const TAG_BYTES = 16;

/**
 * A visitor's session token before login, which has no database row: 128 random bits followed
 * by the first 128 bits of their HMAC under a key derived from the master key. The server can
 * then tell a token it issued from one a client (or a page planting cookies) made up, without
 * storing anything per visitor. Same 43-character cookie shape as a logged-in token.
 */
export class AnonymousTokens {
  constructor(private readonly key: Buffer) {}

  issue(): string {
    const random = randomBytes(RANDOM_BYTES);
    return Buffer.concat([random, this.tag(random)]).toString('base64url');
  }

  /** True only for a token this server (or another instance with the same key) issued. */
  isIssued(token: string): boolean {
    const bytes = Buffer.from(token, 'base64url');
    // Re-encoding must give the same text: base64 has spare bits, so variants would decode alike.
    if (bytes.length !== RANDOM_BYTES + TAG_BYTES || bytes.toString('base64url') !== token) return false;
    return timingSafeEqual(bytes.subarray(RANDOM_BYTES), this.tag(bytes.subarray(0, RANDOM_BYTES)));
  }

  private tag(random: Buffer): Buffer {
    return createHmac('sha256', this.key).update('anonymous session v1').update(random).digest().subarray(0, TAG_BYTES);
  }
}
