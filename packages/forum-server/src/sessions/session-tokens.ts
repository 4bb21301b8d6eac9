import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A session cookie value: 256 random bits. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function isWellFormedToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}

/** The database keeps only this digest, so a leaked table holds no usable cookie. */
export function sessionIdFor(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The CSRF token is an HMAC of the session cookie: nothing to store, it changes whenever the
 * session rotates, and a page on another site can neither read nor compute it.
 */
export function csrfTokenFor(csrfKey: Buffer, sessionToken: string): string {
  return createHmac('sha256', csrfKey).update(sessionToken).digest('base64url');
}

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
