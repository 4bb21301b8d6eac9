import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.js';
import { PGliteInWorker } from './pglite-in-worker.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  knex: Knex;
  kind: DatabaseKind;
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
      client: 'pg',
      connection: options.databaseUrl,
      pool: { min: 0, max: 10 },
      acquireConnectionTimeout: 5000,
    });
    return { knex, kind: 'postgres', close: () => knex.destroy() };
  }

  // Experimental (docs/benchmarks.md): PGlite in a worker thread, off the event loop.
  const inWorker = options.pgliteWorker === true;
  const lock = lockDataDir(options.dataDir, options.command);
  try {
    const knex = knexFactory({
      log,
      compileSqlOnError: false,
      client: ClientPgLite,
      dialect: 'postgres',
      connection: (inWorker
        ? { pglite: new PGliteInWorker(path.join(options.dataDir, 'pglite')) }
        : { filename: path.join(options.dataDir, 'pglite') }) as Knex.StaticConnectionConfig,
      acquireConnectionTimeout: 30000,
    });
    await knex.raw('select 1');
    return {
      knex,
      kind: 'pglite',
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
