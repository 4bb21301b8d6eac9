import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.js';
import { PGliteInWorker } from './pglite-in-worker.js';
import { PGlite } from '@electric-sql/pglite';
import { preparedStatementsClient } from './prepared-statements.js';
import {
  pgliteNotifications,
  postgresNotifications,
  type Notifications,
  type NotificationsLog,
} from './notifications.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  knex: Knex;
  kind: DatabaseKind;
  /** Hears NOTIFY on `channel` (the site settings' changes, say), on either database. */
  listen(channel: string, log: NotificationsLog): Promise<Notifications>;
  close(): Promise<void>;
}

// bigint (int8) columns and count(*) arrive as strings from pg and as numbers from PGlite;
// every id and count we keep stays far below 2^53, so read them as numbers on both.
pg.types.setTypeParser(20, (value) => Number(value));

/** Where knex's own warnings go (instead of the console). */
export interface DatabaseLog {
  warn(message: string): void;
  error(message: string): void;
}

export async function openDatabase(options: {
  databaseUrl: string | null;
  dataDir: string;
  /** PGlite in a worker thread (config `pgliteWorker`). */
  pgliteWorker?: boolean;
  /** PostgreSQL: named prepared statements (config `preparedStatements`; default on). */
  preparedStatements?: boolean;
  command: string;
  log: DatabaseLog;
}): Promise<Database> {
  const log = {
    warn: (m: unknown) => options.log.warn(String(m)),
    error: (m: unknown) => options.log.error(String(m)),
    debug: () => undefined,
    deprecate: (m: unknown) => options.log.warn(String(m)),
  };
  if (options.databaseUrl) {
    const knex = knexFactory({
      log,
      compileSqlOnError: false, // an error's message then holds the SQL with placeholders, never the values
      client: options.preparedStatements === false ? 'pg' : preparedStatementsClient(),
      connection: options.databaseUrl,
      pool: { min: 0, max: 10 },
      acquireConnectionTimeout: 5000,
    });
    const databaseUrl = options.databaseUrl;
    return {
      knex,
      kind: 'postgres',
      listen: (channel, listenerLog) => postgresNotifications(databaseUrl, channel, listenerLog),
      close: () => knex.destroy(),
    };
  }

  // Experimental (docs/benchmarks.md): PGlite in a worker thread, off the event loop.
  const inWorker = options.pgliteWorker === true;
  const lock = lockDataDir(options.dataDir, options.command);
  try {
    const dir = path.join(options.dataDir, 'pglite');
    // Made here rather than by knex-pglite, so that its notices can be listened to as well.
    const pglite = inWorker ? new PGliteInWorker(dir) : new PGlite(dir);
    const knex = knexFactory({
      log,
      compileSqlOnError: false,
      client: ClientPgLite,
      dialect: 'postgres',
      connection: { pglite } as Knex.StaticConnectionConfig,
      acquireConnectionTimeout: 30000,
    });
    await knex.raw('select 1');
    return {
      knex,
      kind: 'pglite',
      listen: (channel) => pgliteNotifications(pglite, channel),
      async close() {
        try {
          await knex.destroy();
        } finally {
          lock.release();
        }
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}
