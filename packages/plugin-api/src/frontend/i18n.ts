/**
 * The forum's strings, host's and plugins' alike: one store of locale catalogs (flat keys, each
 * side under its own prefix), one current locale, and `t(key, values)` with `{name}`
 * interpolation and plurals by `Intl.PluralRules`. No Ember import: `t` is a plain function,
 * which Ember's templates call as a helper (`{{t "key" count=n}}` is `t("key", {count: n})`).
 *
 * A side creates its typed `t` with `translator(english)`: the English catalog is registered
 * (it is every key's last fallback) and the keys are typed from it, so a typo is a type error.
 * Another locale is data: `addTranslations('fr', messages)`, then `setLocale('fr')` (the host
 * does, from the browser's languages, before the app renders; a change needs a re-render, as
 * in Discourse a reload). A key the locale lacks falls back along 'fr-CA' → 'fr' → 'en'.
 * The store and the formatting are `i18n/messages.ts`, which the server's `t` shares.
 */
import {
  Catalogs,
  canonicalLocale,
  DEFAULT_LOCALE,
  type Messages,
  type Translate,
  type TranslationValues,
} from '../i18n/messages.js';

export type {
  Message,
  Messages,
  PluralMessage,
  SelectMessage,
  Translate,
  TranslationValues,
} from '../i18n/messages.js';

const catalogs = new Catalogs();
let current = DEFAULT_LOCALE;

/** Add (or replace) messages of `locale`; several calls for one locale merge. */
export function addTranslations(locale: string, messages: Messages): void {
  catalogs.add(locale, messages);
}

/** The locale strings, dates and numbers are shown in ("en-US", "en-XA", ...). */
export function currentLocale(): string {
  return current;
}

/** Show everything in `locale` from the next render on. */
export function setLocale(locale: string): void {
  current = canonicalLocale(locale);
}

/** The locales that have messages, in the order they were added. */
export function availableLocales(): string[] {
  return catalogs.locales();
}

/**
 * The first of the browser's languages (`navigator.languages`) that has messages, itself or by
 * its language ('en-GB' has 'en'), kept as the browser said it so dates follow its region;
 * 'en' when none has.
 */
export function preferredLocale(languages: readonly string[]): string {
  return catalogs.preferred(languages);
}

/** The message of `key` in the current locale, filled with `values`; the key itself if none. */
export function t(key: string, values?: TranslationValues): string {
  return catalogs.format(current, key, values);
}

/** Register `english` and return `t` typed by its keys. */
export function translator<M extends Messages>(english: M): Translate<M> {
  addTranslations(DEFAULT_LOCALE, english);
  return t;
}
