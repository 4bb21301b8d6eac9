import type { Knex } from 'knex';
import type { Migration, MigrationHost } from 'forum-plugin-api/server';

/** What plugins' migrations may refer to of the host's schema. */
const migrationHost: MigrationHost = { userReference: 'users.id' };

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
    return Promise.resolve({
      up: (knex: Knex) => migration.up(knex, migrationHost),
      down: (knex: Knex) => migration.down(knex, migrationHost),
    });
  }
}
