import type { Knex } from 'knex';
import type { SettingValue, SettingValues, SiteSettingsReader } from 'forum-plugin-api/server';
import { HostErrorCode, HttpError } from '../errors.js';
import { valueSchemaFor, type HostSettings, type SettingDefinition } from './setting-definition.js';
import { t } from '../i18n.js';

/**
 * Site settings, stored in the database and read from it on every use: a change made on one
 * instance applies at once on every other, without a restart or a cache to invalidate.
 */
export class SiteSettings implements SiteSettingsReader<HostSettings> {
  private readonly definitions: Map<string, SettingDefinition>;

  constructor(
    private readonly db: Knex,
    definitions: readonly SettingDefinition[],
  ) {
    this.definitions = new Map(definitions.map((d) => [d.name, d]));
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
  async all(db: Knex = this.db): Promise<HostSettings> {
    const rows: { name: string; value: unknown }[] = await db('site_settings').select('name', 'value');
    const stored = new Map(rows.map((r) => [r.name, r.value]));
    const values: SettingValues = {};
    for (const definition of this.definitions.values()) {
      values[definition.name] = this.readable(definition, stored.get(definition.name));
    }
    return values as HostSettings;
  }

  async get<K extends string>(name: K, db: Knex = this.db): Promise<HostSettings[K]> {
    const definition = this.requireDefinition(name);
    const row: { value: unknown } | undefined = await db('site_settings').where({ name }).first('value');
    return this.readable(definition, row?.value);
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

  /** Writes already-parsed values in the caller's transaction; returns the previous values. */
  async write(trx: Knex.Transaction, values: SettingValues, updatedBy: number | null): Promise<SettingValues> {
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
