import type { Knex } from 'knex';
import type { HostContext } from '../http/host-state.js';
import { browserName } from './browser-name.js';
import { isWellFormedToken, newSessionToken, sessionIdFor } from './session-tokens.js';

export const DEVICE_COOKIE = 'forum_device';
const DEVICE_COOKIE_LIFETIME_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * A browser that has completed a full login for an account carries a random device token
 * (HttpOnly, one per browser, for every account it logs in to); the database keeps its digest
 * per account. The attempt limiter counts such a browser's failures on their own, so an attacker
 * elsewhere can exhaust the account's limit without locking the member's own browser out.
 * Remembering one is two steps: the row's upsert (a query not yet run, which the session's start
 * runs inside its own statement) and the cookie, set once the row is written. `trustUntil`
 * ("Trust this browser", after a right second factor) marks the same row trusted until then.
 */
export function knownDevice(
  ctx: HostContext,
  now: Date,
  userId: number,
  trustUntil: Date | null = null,
): { upsert(db: Knex): Knex.QueryBuilder; setCookie(): void } {
  const existing = ctx.cookies.get(DEVICE_COOKIE);
  const token = existing && isWellFormedToken(existing) ? existing : newSessionToken();
  const trust = trustUntil ? { trusted_at: now, trusted_until: trustUntil } : {};
  return {
    upsert: (db) =>
      db('known_devices')
        .insert({
          user_id: userId,
          token_hash: sessionIdFor(token),
          ip: ctx.ip,
          user_agent: ctx.get('user-agent').slice(0, 500) || null,
          last_login_at: now,
          ...trust,
        })
        .onConflict(['token_hash', 'user_id'])
        .merge({ ip: ctx.ip, last_login_at: now, ...trust }),
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

/** The digest of this browser's device cookie as the device rows store it, or null without a well-formed one. */
export function deviceTokenHash(ctx: HostContext): string | null {
  const token = ctx.cookies.get(DEVICE_COOKIE);
  return token && isWellFormedToken(token) ? sessionIdFor(token) : null;
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

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Which device rows still count as trusted: before their `trusted_until`, and trusted within the
 * site's current number of days, so lowering `second_factor_trusted_device_days` shortens trusts
 * already given (raising it never lengthens them). 0 days: none is.
 */
function whereTrusted(query: Knex.QueryBuilder, now: Date, days: number): Knex.QueryBuilder {
  return query.whereRaw(...trustedCondition(now, days));
}

/** `whereTrusted`'s condition as SQL and its bindings, to filter by or to select as a column. */
function trustedCondition(now: Date, days: number): [string, Date[]] {
  if (days <= 0) return ['false', []];
  return ['(trusted_until > ? and trusted_at > ?)', [now, new Date(now.getTime() - days * DAY_MS)]];
}

/** Until when a right second factor with "Trust this browser" trusts it, or null when the feature is off. */
export function trustUntil(now: Date, days: number): Date | null {
  return days > 0 ? new Date(now.getTime() + days * DAY_MS) : null;
}

/** This browser as a device of an account: its row's id, and whether it is trusted. */
export interface BrowserAsDevice {
  /** The attempt limiter's key for the browser; null when it never completed a login to the account. */
  id: number | null;
  /** The same cookie, the same member, trusted and not expired: only then does the right password alone log in. */
  trusted: boolean;
}

/**
 * This browser as a device of the account in `userIdColumn`, as two columns (`device_id`,
 * `device_trusted`) of the statement that reads the account, so the password step reads both
 * at once; `browserAsDeviceFrom` reads them back.
 */
export function browserAsDeviceColumns(
  db: Knex,
  tokenHash: string | null,
  userIdColumn: string,
  now: Date,
  days: number,
): Knex.Raw[] {
  if (tokenHash === null) return [db.raw('null as device_id'), db.raw('false as device_trusted')];
  const [condition, bindings] = trustedCondition(now, days);
  const row = () =>
    db('known_devices')
      .where('known_devices.token_hash', tokenHash)
      .where('known_devices.user_id', db.ref(userIdColumn));
  return [
    db.raw('(?) as device_id', [row().select('known_devices.id').limit(1)]),
    db.raw('coalesce((?), false) as device_trusted', [row().select(db.raw(condition, bindings)).limit(1)]),
  ];
}

export function browserAsDeviceFrom(row: {
  device_id: number | string | null;
  device_trusted: boolean;
}): BrowserAsDevice {
  return { id: row.device_id === null ? null : Number(row.device_id), trusted: row.device_trusted === true };
}

/** A trusted browser as its member sees it in Preferences → Security. */
export interface TrustedDevice {
  id: number;
  /** "Firefox on Linux", from the user agent; null when it is not a common browser. */
  label: string | null;
  /** When it was trusted. */
  createdAt: string;
  /** Its last full login (with or without the second step). */
  lastUsedAt: string;
  trustedUntil: string;
  /** The browser asking. */
  current: boolean;
}

/** The member's trusted, unexpired browsers, the one asking first, then the most recently used. */
export async function trustedDevicesOf(
  db: Knex,
  userId: number,
  now: Date,
  days: number,
  currentToken: string | undefined,
): Promise<TrustedDevice[]> {
  const rows: {
    id: number;
    token_hash: string;
    user_agent: string | null;
    trusted_at: Date;
    trusted_until: Date;
    last_login_at: Date;
  }[] = await whereTrusted(db('known_devices').where({ user_id: userId }), now, days)
    .orderBy('last_login_at', 'desc')
    .orderBy('id', 'desc')
    .select('id', 'token_hash', 'user_agent', 'trusted_at', 'trusted_until', 'last_login_at');
  const currentHash = currentToken && isWellFormedToken(currentToken) ? sessionIdFor(currentToken) : null;
  const devices = rows.map((r) => {
    const capped = new Date(Math.min(r.trusted_until.getTime(), r.trusted_at.getTime() + days * DAY_MS));
    return {
      id: Number(r.id),
      label: browserName(r.user_agent),
      createdAt: r.trusted_at.toISOString(),
      lastUsedAt: r.last_login_at.toISOString(),
      trustedUntil: capped.toISOString(),
      current: r.token_hash === currentHash,
    };
  });
  return [...devices.filter((d) => d.current), ...devices.filter((d) => !d.current)];
}

/**
 * Ends trust: of one device row (`deviceId`) or of all the member's. The rows stay, so each
 * browser keeps its lockout exemption; only the skipped second step goes. Resolves with how
 * many trusted rows changed (expired trusts are cleared too, but not counted).
 */
export async function endTrustedDevices(
  db: Knex,
  now: Date,
  userId: number,
  options: { deviceId?: number } = {},
): Promise<number> {
  const scope = () => {
    const query = db('known_devices').where({ user_id: userId }).whereNotNull('trusted_until');
    return options.deviceId === undefined ? query : query.where({ id: options.deviceId });
  };
  // Expired trusts are cleared first, so the count that follows is of the trusts that ended now.
  await scope().where('trusted_until', '<=', now).update({ trusted_at: null, trusted_until: null });
  // `returning` gives rows on both databases (a bare update is a number on pg, an object on PGlite).
  const ended: { id: number }[] = await scope().update({ trusted_at: null, trusted_until: null }).returning('id');
  return ended.length;
}
