import type { Migration } from 'forum-plugin-api/server';
import { SITE_SETTINGS_CHANNEL } from '../../settings/site-settings.js';

/**
 * Every instance keeps the site settings in memory (issue #19) and must hear of any change to
 * them, whoever makes it: the admin API, the CLI, an operator's own SQL, a test. So the table
 * itself announces each change, once per statement, on a channel every instance listens to.
 * PostgreSQL delivers the notice when the change commits, never for one rolled back.
 */
export const siteSettingsChanges: Migration = {
  name: '0010-site-settings-changes',
  async up(knex) {
    await knex.raw(`
      create function site_settings_changed() returns trigger language plpgsql as $$
      begin
        perform pg_notify('${SITE_SETTINGS_CHANNEL}', '');
        return null;
      end
      $$`);
    await knex.raw(`
      create trigger site_settings_changed
      after insert or update or delete or truncate on site_settings
      for each statement execute function site_settings_changed()`);
  },
  async down(knex) {
    await knex.raw('drop trigger site_settings_changed on site_settings');
    await knex.raw('drop function site_settings_changed()');
  },
};
