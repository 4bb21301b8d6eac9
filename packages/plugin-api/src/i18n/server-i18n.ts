/**
 * The server's strings, host's and plugins' alike: the same locale files, store and formatting as
 * the browser's (`messages.ts`), with the locale per request instead of one per page. The host
 * runs each request inside `inLocale(localeFromAcceptLanguage(...), ...)`, the way Discourse sets
 * `I18n.locale` around each request, so an error message or a mail queued while answering it
 * reads in the member's language, and code deep in a service calls `t(key)` without passing a
 * locale along. Outside any request (the CLI, background sweeps, mail sent later) the locale is
 * 'en'.
 *
 * A side creates its typed `t` with `serverTranslator(english)`; another locale is data:
 * `addTranslations('fr', messages)`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  Catalogs,
  DEFAULT_LOCALE,
  canonicalLocale,
  dateTimeFormatFor,
  type Messages,
  type Translate,
  type TranslationValues,
} from './messages.js';

export { DEFAULT_LOCALE };

const catalogs = new Catalogs();
const requestLocale = new AsyncLocalStorage<string>();

/** Add (or replace) messages of `locale`; several calls for one locale merge. */
export function addTranslations(locale: string, messages: Messages): void {
  catalogs.add(locale, messages);
}

/** The locales that have server messages, in the order they were added. */
export function availableLocales(): string[] {
  return catalogs.locales();
}

/** The locale of the request being answered, or 'en' outside one. */
export function currentLocale(): string {
  return requestLocale.getStore() ?? DEFAULT_LOCALE;
}

/** Runs `work` (and everything it awaits) with `locale` as the current locale. */
export function inLocale<Result>(locale: string, work: () => Result): Result {
  return requestLocale.run(canonicalLocale(locale), work);
}

/**
 * The locale to answer a request in: the first language of its `Accept-Language` (by weight)
 * that has messages, itself or by its language, kept as asked so dates follow its region; 'en'
 * when none has, or without the header.
 */
export function localeFromAcceptLanguage(header: string | undefined): string {
  if (!header) return DEFAULT_LOCALE;
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [range = '', ...parameters] = part.trim().split(';');
      const q = parameters.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { range: range.trim(), weight: q === undefined ? 1 : Number(q), index };
    })
    .filter(({ range, weight }) => range !== '' && range !== '*' && weight > 0)
    // Heavier first; equal weights keep the order the client gave.
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return catalogs.preferred(ranges.map(({ range }) => range));
}

/** The message of `key` in the current locale, filled with `values`; the key itself if none. */
export function t(key: string, values?: TranslationValues): string {
  return catalogs.format(currentLocale(), key, values);
}

/** Register `english` and return `t` typed by its keys. */
export function serverTranslator<M extends Messages>(english: M): Translate<M> {
  addTranslations(DEFAULT_LOCALE, english);
  return t;
}

/** An `Intl.DateTimeFormat` for the current locale with `options`, made once per locale. */
export function dateTimeFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return dateTimeFormatFor(currentLocale(), options);
}

/** A date as messages write it ("Dec 1, 2026" in English), in UTC: the server knows no member's zone. */
export function formatDate(date: Date): string {
  return dateTimeFormat({ dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}
