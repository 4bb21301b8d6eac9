import type { Knex } from 'knex';
import type { SettingValue, SettingValues, SiteSettingsReader } from 'forum-plugin-api/server';
import { HostErrorCode, HttpError } from '../errors.js';
import { valueSchemaFor, type HostSettings, type SettingDefinition } from './setting-definition.js';
import { t } from '../i18n.js';
import type { Notifications } from '../db/notifications.js';

/** Where the table announces its changes (migration 0010, a trigger on `site_settings`). */
export const SITE_SETTINGS_CHANNEL = 'forum_site_settings';

/**
 * Site settings, stored in the database and kept in memory between changes: every request
 * reads them, and a statement for that on every request was the most common one the forum
 * ran (issue #19). The table announces each change (NOTIFY, whoever made it) and every
 * instance drops its copy when it hears one, so a change applies on the instance that made it
 * before its response, and on the others as soon as the notice reaches them (on loopback,
 * well under a millisecond). While an instance cannot hear notices (its listener is
 * reconnecting) it reads the table on every use, as it did before the cache.
 */
export class SiteSettings implements SiteSettingsReader<HostSettings> {
  private readonly definitions: Map<string, SettingDefinition>;
  /** The values as last read, or being read; null when a change may have come since. */
  private kept: Promise<HostSettings> | null = null;

  constructor(
    private readonly db: Knex,
    definitions: readonly SettingDefinition[],
    private readonly changes: Notifications,
  ) {
    this.definitions = new Map(definitions.map((d) => [d.name, d]));
    changes.subscribe(() => this.forget());
  }

  list(): SettingDefinition[] {
    return [...this.definitions.values()];
  }

  definition(name: string): SettingDefinition | undefined {
    return this.definitions.get(name);
  }

  /**
   * Every setting in one query. Each value satisfies its declaration (see `readable`), so the
   * declared types hold: a plugin reads its own through `SettingValuesOf<its manifest>`.
   */
  all(db: Knex = this.db): Promise<HostSettings> {
    // Inside a transaction the caller wants what its transaction sees, not what was kept.
    if (db !== this.db || !this.changes.listening) return this.read(db);
    if (!this.kept) {
      const reading = this.read(db);
      this.kept = reading;
      // A failed read is not kept; one that a change overtook was already forgotten.
      reading.catch(() => {
        if (this.kept === reading) this.kept = null;
      });
    }
    return this.kept;
  }

  async get<K extends string>(name: K, db: Knex = this.db): Promise<HostSettings[K]> {
    this.requireDefinition(name);
    return (await this.all(db))[name];
  }

  /** Drops the kept values: the next use reads the table. */
  private forget(): void {
    this.kept = null;
  }

  private async read(db: Knex): Promise<HostSettings> {
    const rows: { name: string; value: unknown }[] = await db('site_settings').select('name', 'value');
    const stored = new Map(rows.map((r) => [r.name, r.value]));
    const values: SettingValues = {};
    for (const definition of this.definitions.values()) {
      values[definition.name] = this.readable(definition, stored.get(definition.name));
    }
    // Shared by every request until the next change: nobody may alter it in place.
    return Object.freeze(values) as HostSettings;
  }

  /** Checks a value against its declaration; the message says what is allowed. */
  parse(name: string, value: unknown): SettingValue {
    const result = valueSchemaFor(this.requireDefinition(name)).safeParse(value);
    if (!result.success) {
      throw new HttpError(
        422,
        HostErrorCode.invalidSetting,
        result.error.issues[0]?.message ?? t('forum.errors.invalid_setting_value', { name }),
      );
    }
    return result.data;
  }

  /**
   * Writes already-parsed values in the caller's transaction; returns the previous values. This
   * instance forgets its copy as the transaction commits, before the caller goes on, rather
   * than when its own notice comes back (on PostgreSQL that is a moment later).
   */
  async write(trx: Knex.Transaction, values: SettingValues, updatedBy: number | null): Promise<SettingValues> {
    trx.executionPromise.then(
      () => this.forget(),
      () => undefined, // rolled back: nothing changed
    );
    const before = await this.all(trx);
    for (const [name, value] of Object.entries(values)) {
      await trx('site_settings')
        .insert({ name, value: JSON.stringify(value), updated_by: updatedBy, updated_at: new Date() })
        .onConflict('name')
        .merge();
    }
    return before;
  }

  private requireDefinition(name: string): SettingDefinition {
    const definition = this.definitions.get(name);
    if (!definition)
      throw new HttpError(422, HostErrorCode.invalidSetting, t('forum.errors.no_such_setting', { name }));
    return definition;
  }

  /** A stored value that no longer fits its declaration (bounds changed) reads as the default. */
  private readable(definition: SettingDefinition, stored: unknown): SettingValue {
    if (stored === undefined) return definition.default;
    const result = valueSchemaFor(definition).safeParse(stored);
    return result.success ? result.data : definition.default;
  }
}
