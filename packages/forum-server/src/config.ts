import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Everything the forum needs to start, parsed once from the environment or from a caller. */
export interface ForumConfig {
  port: number;
  host: string;
  /** PostgreSQL connection string; absent means the embedded PGlite database in `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  /**
   * Run the embedded PGlite in a worker thread, off the event loop (PGLITE_WORKER=1; experimental,
   * docs/benchmarks.md). Ignored with `databaseUrl`.
   */
  pgliteWorker: boolean;
  /**
   * PostgreSQL: parse and plan each statement once per connection (DATABASE_PREPARED_STATEMENTS,
   * default on). Off for a connection pooler that cannot keep them (PgBouncer in transaction mode
   * before 1.21, or without `max_prepared_statements`).
   */
  preparedStatements: boolean;
  /** 32-byte master key, or null to use (and create) `dataDir/secret.key`. */
  secretKey: Buffer | null;
  logLevel: string;
  /** Redis for shared short-lived state such as rate limits; null means the database. */
  redisUrl: string | null;
  /** Plugin manifests to load, in order. */
  pluginManifests: string[];
  /** The built Ember app to serve at `/`, or null to serve the API only. */
  appDist: string | null;
  /**
   * How many reverse proxies stand in front of the forum (0: none, and X-Forwarded-* headers are
   * ignored). The client's address is the one the client-facing proxy appended to
   * X-Forwarded-For; entries to its left were written by the client and are never used.
   */
  trustedProxies: number;
  /** SMTP server for member mail (`smtp://user:pass@host:port`, `smtps://…`); null: mail stays in the outbox. */
  smtpUrl: string | null;
  /** The sender of member mail; required with `smtpUrl`. */
  mailFrom: string | null;
  /** Absolute base URL for links in mail; null: the address the forum listens on. */
  publicUrl: string | null;
  /** How many times a mail is tried before it is marked failed. */
  mailMaxTries: number;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const defaultPluginManifest = path.join(repoRoot, 'plugin.json');
export const defaultAppDist = path.join(repoRoot, 'packages/forum-app/dist');

const secretKeySchema = z.string().transform((value, ctx) => {
  const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32) {
    ctx.addIssue({ code: 'custom', message: 'SECRET_KEY must be 32 bytes, as 64 hex characters or base64' });
    return z.NEVER;
  }
  return key;
});

const emptyAsUnset = (value: unknown) => (value === '' ? undefined : value);

/**
 * `smtp://` or `smtps://` with a host; user and password optional. Query parameters are refused
 * rather than ignored: nodemailer would read them as transport options we do not test.
 */
const smtpUrlSchema = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'smtp:' || url.protocol === 'smtps:') &&
      url.hostname !== '' &&
      url.search === '' &&
      url.hash === '' &&
      (url.pathname === '' || url.pathname === '/')
    );
  } catch {
    return false;
  }
}, 'SMTP_URL must look like smtp://user:password@host:port or smtps://… (no path or query)');

/** `forum@example.com` or `Night Owls <forum@example.com>`. */
const mailFromSchema = z
  .string()
  .trim()
  .regex(
    /^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/,
    'MAIL_FROM must be an address (forum@example.com) or a name and an address (Night Owls <forum@example.com>)',
  );

const publicUrlSchema = z
  .string()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (
        (url.protocol === 'http:' || url.protocol === 'https:') &&
        url.search === '' &&
        url.hash === '' &&
        url.username === '' &&
        url.password === ''
      );
    } catch {
      return false;
    }
  }, 'PUBLIC_URL must be an absolute http:// or https:// URL without query, fragment or credentials')
  .transform((value) => value.replace(/\/+$/, ''));

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  PGLITE_WORKER: z.enum(['0', '1', 'true', 'false']).optional(),
  DATABASE_PREPARED_STATEMENTS: z.enum(['0', '1', 'true', 'false']).optional(),
  SECRET_KEY: secretKeySchema.optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'REDIS_URL must start with redis:// or rediss://')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PLUGINS: z.string().optional(),
  APP_DIST: z.string().optional(),
  TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).optional(),
  /** The older switch: `true` means one proxy. TRUSTED_PROXIES wins when both are set. */
  TRUST_PROXY: z.enum(['0', '1', 'true', 'false']).optional(),
  // Empty counts as unset (`SMTP_URL=` in a compose file switches delivery off, not a parse error).
  SMTP_URL: z.preprocess(emptyAsUnset, smtpUrlSchema.optional()),
  MAIL_FROM: z.preprocess(emptyAsUnset, mailFromSchema.optional()),
  PUBLIC_URL: z.preprocess(emptyAsUnset, publicUrlSchema.optional()),
  MAIL_MAX_TRIES: z.coerce.number().int().min(1).max(50).default(12),
});

export class ConfigError extends Error {}

/** Reads the environment; a bad value stops start-up with a message naming the variable. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ForumConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Invalid environment variable ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const e = parsed.data;
  // Mail from an invented sender is spam-filtered or refused: make the operator name one.
  if (e.SMTP_URL && !e.MAIL_FROM)
    throw new ConfigError('Invalid environment variable MAIL_FROM: it is required when SMTP_URL is set');
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL ?? null,
    dataDir: path.resolve(e.DATA_DIR),
    pgliteWorker: e.PGLITE_WORKER === '1' || e.PGLITE_WORKER === 'true',
    preparedStatements: e.DATABASE_PREPARED_STATEMENTS !== '0' && e.DATABASE_PREPARED_STATEMENTS !== 'false',
    secretKey: e.SECRET_KEY ?? null,
    logLevel: e.LOG_LEVEL,
    redisUrl: e.REDIS_URL ?? null,
    pluginManifests:
      e.PLUGINS === undefined
        ? [defaultPluginManifest]
        : e.PLUGINS.split(',')
            .filter((p) => p.trim() !== '')
            .map((p) => path.resolve(p.trim())),
    appDist: e.APP_DIST === '' ? null : path.resolve(e.APP_DIST ?? defaultAppDist),
    trustedProxies: e.TRUSTED_PROXIES ?? (e.TRUST_PROXY === '1' || e.TRUST_PROXY === 'true' ? 1 : 0),
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM ?? null,
    publicUrl: e.PUBLIC_URL ?? null,
    mailMaxTries: e.MAIL_MAX_TRIES,
  };
}
