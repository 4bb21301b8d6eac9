import type { Knex } from 'knex';
import type { LoadedPlugin } from '../plugins/plugin-loader.js';
import { pluginMigrations } from '../plugins/plugin-loader.js';
import { ForumMigrationSource } from './migration-source.js';
import { hostMigrations } from './migrations/index.js';

/** Brings the schema up to date: the host's migrations, then each plugin's. Returns what ran. */
export async function migrateToLatest(db: Knex, plugins: readonly LoadedPlugin[]): Promise<string[]> {
  const all = [...hostMigrations.map((m) => ({ ...m, name: `forum/${m.name}` })), ...pluginMigrations(plugins)];
  const [, ran] = (await db.migrate.latest({ migrationSource: new ForumMigrationSource(all) })) as [number, string[]];
  return ran;
}
