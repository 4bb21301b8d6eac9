import type { Knex } from 'knex';
import { HostErrorCode, HttpError } from '../errors.js';
import { User } from '../models/user.js';
import { hashPassword } from './passwords.js';
import { browserAsDeviceColumns, browserAsDeviceFrom, type BrowserAsDevice } from '../sessions/known-devices.js';
import { t } from '../i18n.js';

export interface NewUser {
  username: string;
  email: string;
  password: string;
  admin?: boolean;
}

/** Creates an account; a taken username or email is a 409 naming which. */
export async function createUser(db: Knex, input: NewUser): Promise<User> {
  // Hash before the transaction: argon2 takes ~40 ms and PGlite has one connection.
  const passwordHash = await hashPassword(input.password);
  return db.transaction((trx) => insertUser(trx, { ...input, passwordHash }));
}

/** The insert half of createUser, for callers that already hold a transaction. */
export async function insertUser(
  trx: Knex.Transaction,
  input: Omit<NewUser, 'password'> & { passwordHash: string },
): Promise<User> {
  const email = input.email.toLowerCase();
  const usernameLower = input.username.toLowerCase();
  if (await User.query(trx).findOne({ username_lower: usernameLower })) {
    throw new HttpError(409, HostErrorCode.usernameTaken, t('forum.errors.username_taken'));
  }
  if (await User.query(trx).findOne({ email })) {
    throw new HttpError(409, HostErrorCode.emailTaken, t('forum.errors.email_taken'));
  }
  try {
    return await User.query(trx).insertAndFetch({
      username: input.username,
      username_lower: usernameLower,
      email,
      password_hash: input.passwordHash,
      admin: input.admin ?? false,
    });
  } catch (error) {
    // Two sign-ups racing for one name: the unique index decides.
    if ((error as { code?: string }).code === '23505') {
      throw new HttpError(409, HostErrorCode.usernameTaken, t('forum.errors.username_or_email_taken'));
    }
    throw error;
  }
}

/** Finds an account by username or email, case-insensitively. */
export async function findUserByLogin(db: Knex, login: string): Promise<User | undefined> {
  return await User.query(db).findOne(loginColumn(login));
}

function loginColumn(login: string): Record<string, string> {
  const lower = login.trim().toLowerCase();
  return { [lower.includes('@') ? 'email' : 'username_lower']: lower };
}

/**
 * The account a login names, with this browser as its device (`tokenHash`, its device cookie
 * digested; trust from the site's `trustDays` now), in one statement: the password step's read.
 */
export async function findLoginAccount(
  db: Knex,
  login: string,
  browser: { tokenHash: string | null; now: Date; trustDays: number },
): Promise<{ user: User; device: BrowserAsDevice } | undefined> {
  type Row = Record<string, unknown> & { device_id: number | string | null; device_trusted: boolean };
  const row: Row | undefined = await db<Row>('users')
    .where(loginColumn(login))
    .first('users.*', ...browserAsDeviceColumns(db, browser.tokenHash, 'users.id', browser.now, browser.trustDays));
  if (!row) return undefined;
  const { device_id, device_trusted, ...columns } = row;
  return { user: User.fromDatabaseJson(columns), device: browserAsDeviceFrom({ device_id, device_trusted }) };
}
