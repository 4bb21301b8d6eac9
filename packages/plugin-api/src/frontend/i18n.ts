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
 */
/** A message with plurals: one text per `Intl.PluralRules` category; `other` is required. */
export interface PluralMessage {
  readonly zero?: string;
  readonly one?: string;
  readonly two?: string;
  readonly few?: string;
  readonly many?: string;
  readonly other: string;
}

export type Message = string | PluralMessage;

/** A locale file: flat keys ("second_factor.backup_codes.remaining") to messages. */
export type Messages = Readonly<Record<string, Message>>;

/** What `{name}` placeholders are filled with; `count` also picks the plural form. */
export type TranslationValues = Readonly<Record<string, string | number | null | undefined>>;

/** A side's `t`: its keys are the English file's. */
export type Translate<M extends Messages> = (key: keyof M & string, values?: TranslationValues) => string;

const DEFAULT_LOCALE = 'en';
const catalogs = new Map<string, Map<string, Message>>();
let current = DEFAULT_LOCALE;

/** Add (or replace) messages of `locale`; several calls for one locale merge. */
export function addTranslations(locale: string, messages: Messages): void {
  const tag = canonical(locale);
  let catalog = catalogs.get(tag);
  if (!catalog) catalogs.set(tag, (catalog = new Map<string, Message>()));
  for (const [key, message] of Object.entries(messages)) catalog.set(key, message);
}

/** The locale strings, dates and numbers are shown in ("en-US", "en-XA", ...). */
export function currentLocale(): string {
  return current;
}

/** Show everything in `locale` from the next render on. */
export function setLocale(locale: string): void {
  current = canonical(locale);
}

/** The locales that have messages, in the order they were added. */
export function availableLocales(): string[] {
  return [...catalogs.keys()];
}

/**
 * The first of the browser's languages (`navigator.languages`) that has messages, itself or by
 * its language ('en-GB' has 'en'), kept as the browser said it so dates follow its region;
 * 'en' when none has.
 */
export function preferredLocale(languages: readonly string[]): string {
  for (const language of languages) {
    try {
      const tag = canonical(language);
      if (tagAndParents(tag).some((candidate) => catalogs.has(candidate))) return tag;
    } catch {
      // not a language tag: ignore it
    }
  }
  return DEFAULT_LOCALE;
}

/** The message of `key` in the current locale, filled with `values`; the key itself if none. */
export function t(key: string, values?: TranslationValues): string {
  const message = lookup(key);
  if (message === undefined) return key;
  const text = typeof message === 'string' ? message : pluralForm(message, values?.['count']);
  return interpolate(text, values);
}

/** Register `english` and return `t` typed by its keys. */
export function translator<M extends Messages>(english: M): Translate<M> {
  addTranslations(DEFAULT_LOCALE, english);
  return t;
}

function lookup(key: string): Message | undefined {
  for (const tag of fallbackChain(current)) {
    const message = catalogs.get(tag)?.get(key);
    if (message !== undefined) return message;
  }
  return undefined;
}

/** 'zh-Hant-TW' → ['zh-Hant-TW', 'zh-Hant', 'zh']. */
function tagAndParents(tag: string): string[] {
  const parts = tag.split('-');
  return parts.map((_, index) => parts.slice(0, parts.length - index).join('-'));
}

/** Where a key is looked up: the locale, its parents, then the default locale. */
function fallbackChain(tag: string): string[] {
  const chain = tagAndParents(tag);
  return chain.includes(DEFAULT_LOCALE) ? chain : [...chain, DEFAULT_LOCALE];
}

function pluralForm(message: PluralMessage, count: TranslationValues[string]): string {
  if (typeof count !== 'number') return message.other;
  return message[pluralRules(current).select(count)] ?? message.other;
}

function interpolate(text: string, values: TranslationValues | undefined): string {
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = values[name];
    if (value === undefined || value === null) return placeholder;
    return typeof value === 'number' ? numberFormat(current).format(value) : value;
  });
}

function canonical(locale: string): string {
  return Intl.getCanonicalLocales(locale)[0] ?? DEFAULT_LOCALE;
}

const pluralRulesByLocale = new Map<string, Intl.PluralRules>();
function pluralRules(locale: string): Intl.PluralRules {
  let rules = pluralRulesByLocale.get(locale);
  if (!rules) pluralRulesByLocale.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string): Intl.NumberFormat {
  let format = numberFormats.get(locale);
  // No grouping: the numbers in messages are counts, positions and seconds, read as typed.
  if (!format) numberFormats.set(locale, (format = new Intl.NumberFormat(locale, { useGrouping: false })));
  return format;
}
