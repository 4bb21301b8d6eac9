import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  knex: Knex;
  kind: DatabaseKind;
  close(): Promise<void>;
}

// bigint (int8) columns and count(*) arrive as strings from pg and as numbers from PGlite;
// every id and count we keep stays far below 2^53, so read them as numbers on both.
pg.types.setTypeParser(20, (value) => Number(value));

export async function openDatabase(options: { databaseUrl: string | null; dataDir: string; command: string }): Promise<Database> {
  if (options.databaseUrl) {
    const knex = knexFactory({
      client: 'pg',
      connection: options.databaseUrl,
      pool: { min: 0, max: 10 },
      acquireConnectionTimeout: 5000,
    });
    return { knex, kind: 'postgres', close: () => knex.destroy() };
  }

  const lock = lockDataDir(options.dataDir, options.command);
  try {
    const knex = knexFactory({
      client: ClientPgLite,
      dialect: 'postgres',
      connection: { filename: path.join(options.dataDir, 'pglite') } as Knex.StaticConnectionConfig,
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
