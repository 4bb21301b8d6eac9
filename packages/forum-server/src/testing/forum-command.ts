import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestDatabase } from './test-database.js';

/** The `forum` command operators run (`npx forum`), for tests that run it as a process. */
export const forumBin = fileURLToPath(new URL('../../../bin/forum.cjs', import.meta.url));

/**
 * The environment of a `forum` command on a test database: its folder, its key, its PostgreSQL
 * database when it has one (else none, so PGlite), and the plugins named (none by default).
 */
export function forumCommandEnv(database: TestDatabase, pluginManifests: readonly string[] = []): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: database.config.dataDir,
    PLUGINS: pluginManifests.join(','),
    SECRET_KEY: database.config.secretKey!.toString('hex'),
  };
  if (database.config.databaseUrl) env.DATABASE_URL = database.config.databaseUrl;
  else delete env.DATABASE_URL;
  return env;
}

/** Runs `forum <args>` on a test database and waits for it (at most a minute). */
export function runForumCommand(
  database: TestDatabase,
  args: readonly string[],
  pluginManifests: readonly string[] = [],
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [forumBin, ...args], {
    env: forumCommandEnv(database, pluginManifests),
    encoding: 'utf8',
    timeout: 60000,
  });
}
