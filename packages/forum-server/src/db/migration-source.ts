import type { Knex } from 'knex';
import type { Migration } from 'forum-plugin-api/server';

/**
 * Feeds knex the host's migrations followed by each plugin's, in that order, under names
 * prefixed with their owner ("forum/…", "second-factor/…") so they never collide.
 */
export class ForumMigrationSource implements Knex.MigrationSource<Migration> {
  constructor(private readonly migrations: readonly Migration[]) {}

  getMigrations(): Promise<Migration[]> {
    return Promise.resolve([...this.migrations]);
  }

  getMigrationName(migration: Migration): string {
    return migration.name;
  }

  getMigration(migration: Migration): Promise<Knex.Migration> {
    return Promise.resolve({ up: migration.up, down: migration.down });
  }
}
