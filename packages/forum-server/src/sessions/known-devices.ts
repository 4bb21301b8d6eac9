import type { Knex } from 'knex';
import type { HostContext } from '../http/host-state.js';
import { isWellFormedToken, newSessionToken, sessionIdFor } from './session-tokens.js';

export const DEVICE_COOKIE = 'forum_device';
const DEVICE_COOKIE_LIFETIME_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * A browser that has completed a full login for an account carries a random device token
 * (HttpOnly, one per browser, for every account it logs in to); the database keeps its digest
 * per account. The attempt limiter counts such a browser's failures on their own, so an attacker
 * elsewhere can exhaust the account's limit without locking the member's own browser out.
 * Remembering one is two steps: the row's upsert (a query not yet run, which the session's start
 * runs inside its own statement) and the cookie, set once the row is written.
 */
export function knownDevice(
  ctx: HostContext,
  now: Date,
  userId: number,
): { upsert(db: Knex): Knex.QueryBuilder; setCookie(): void } {
  const existing = ctx.cookies.get(DEVICE_COOKIE);
  const token = existing && isWellFormedToken(existing) ? existing : newSessionToken();
  return {
    upsert: (db) =>
      db('known_devices')
        .insert({
          user_id: userId,
          token_hash: sessionIdFor(token),
          ip: ctx.ip,
          user_agent: ctx.get('user-agent').slice(0, 500) || null,
          last_login_at: now,
        })
        .onConflict(['token_hash', 'user_id'])
        .merge({ ip: ctx.ip, last_login_at: now }),
    setCookie: () =>
      ctx.cookies.set(DEVICE_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: ctx.secure,
        path: '/',
        maxAge: DEVICE_COOKIE_LIFETIME_MS,
        overwrite: true,
      }),
  };
}

/** The id of the device row for this browser's cookie and account, or null when it never logged in to it. */
export async function knownDeviceOf(token: string | null, db: Knex, userId: number): Promise<number | null> {
  if (!token || !isWellFormedToken(token)) return null;
  const row: { id: number } | undefined = await db('known_devices')
    .where({ token_hash: sessionIdFor(token), user_id: userId })
    .first('id');
  return row ? Number(row.id) : null;
}

export async function knownDeviceIdsFor(db: Knex, userId: number): Promise<number[]> {
  const rows: { id: number }[] = await db('known_devices').where({ user_id: userId }).select('id');
  return rows.map((r) => Number(r.id));
}
