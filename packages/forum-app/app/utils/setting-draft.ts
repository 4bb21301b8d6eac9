import type { SiteSetting, SiteSettingValue } from 'forum-app/api/types';
import { t } from 'forum-app/i18n';

/**
 * What an input holds turned into what the server expects for the setting's type: number
 * inputs give text, checkboxes give booleans.
 */
export function typedValue(setting: SiteSetting, draft: SiteSettingValue): SiteSettingValue {
  if (setting.type === 'integer') {
    if (typeof draft === 'number') return draft;
    const text = String(draft).trim();
    return text === '' ? Number.NaN : Number(text);
  }
  if (setting.type === 'bool') return draft === true || draft === 'true';
  return String(draft);
}

/**
 * Why the page would refuse a value before sending it, in the row's own words (the server
 * checks again, and says the same with the setting's label).
 */
export function problemWith(setting: SiteSetting, value: SiteSettingValue): string | null {
  if (setting.type === 'integer') {
    if (typeof value !== 'number' || !Number.isInteger(value)) return t('forum.settings.problem.whole_number');
    if (setting.min !== undefined && value < setting.min)
      return t('forum.settings.problem.at_least', { min: setting.min });
    if (setting.max !== undefined && value > setting.max)
      return t('forum.settings.problem.at_most', { max: setting.max });
  }
  if (setting.type === 'string' && setting.maxLength !== undefined && String(value).length > setting.maxLength) {
    return t('forum.settings.problem.max_length', { maxLength: setting.maxLength });
  }
  if (setting.type === 'enum' && !(setting.choices ?? []).includes(String(value)))
    return t('forum.settings.problem.choose');
  return null;
}
