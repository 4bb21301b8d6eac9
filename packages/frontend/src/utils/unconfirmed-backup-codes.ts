/**
 * Remembers, in this browser, a batch of backup codes the member closed without ticking
 * "I have saved these codes", so the panel does not say "8 of 8 remaining" as if all were well.
 * The batch is known by the server's `createdAt` for it: once codes are replaced or removed the
 * record no longer matches and means nothing. Another browser does not know: the server keeps no
 * "confirmed saved" flag for a batch yet.
 */
const key = (username: string) => `second-factor:unconfirmed-backup-codes:${username}`;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage blocked (privacy settings): the notice lasts for this page only
  }
}

const inMemory = new Map<string, string>();

export function rememberUnconfirmedBatch(username: string, createdAt: string): void {
  inMemory.set(username, createdAt);
  try {
    storage()?.setItem(key(username), createdAt);
  } catch {
    // full or blocked storage: the in-memory record still serves this page
  }
}

export function forgetUnconfirmedBatch(username: string): void {
  inMemory.delete(username);
  storage()?.removeItem(key(username));
}

export function isUnconfirmedBatch(username: string, createdAt: string | null): boolean {
  if (!createdAt) return false;
  return (inMemory.get(username) ?? storage()?.getItem(key(username))) === createdAt;
}
