/**
 * What the browser's and the server's strings share: locale files of flat keys, a store of them
 * per locale, and one way to turn a key into text (`{name}` interpolation, numbers through
 * `Intl.NumberFormat`, plurals by `Intl.PluralRules`, a choice by a value, fallback 'fr-CA' → 'fr'
 * → 'en'). No DOM,
 * no Node: `frontend/i18n.ts` keeps one current locale on top of it, `server-i18n.ts` one per
 * request.
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

/**
 * A message whose wording depends on a value, as ICU's `select`: `{"select": "method", "totp": "…",
 * "other": "…"}` reads `values.method` and takes its text, `other` for any value not listed.
 * Keeps one key (and one call) where only the words differ, say by second-factor method.
 */
export interface SelectMessage {
  readonly select: string;
  readonly other: string;
  readonly [choice: string]: string;
}

export type Message = string | PluralMessage | SelectMessage;

/** A locale file: flat keys ("second_factor.backup_codes.remaining") to messages. */
export type Messages = Readonly<Record<string, Message>>;

/** What `{name}` placeholders are filled with; `count` also picks the plural form. */
export type TranslationValues = Readonly<Record<string, string | number | null | undefined>>;

/** A side's `t`: its keys are the English file's. */
export type Translate<M extends Messages> = (key: keyof M & string, values?: TranslationValues) => string;

/** Every key's last fallback, and the locale when nothing better is known. */
export const DEFAULT_LOCALE = 'en';

/** Catalogs by locale: what `t` reads, in whatever locale its caller says. */
export class Catalogs {
  readonly #catalogs = new Map<string, Map<string, Message>>();

  /** Add (or replace) messages of `locale`; several calls for one locale merge. */
  add(locale: string, messages: Messages): void {
    const tag = canonicalLocale(locale);
    let catalog = this.#catalogs.get(tag);
    if (!catalog) this.#catalogs.set(tag, (catalog = new Map<string, Message>()));
    for (const [key, message] of Object.entries(messages)) catalog.set(key, message);
  }

  /** The locales that have messages, in the order they were added. */
  locales(): string[] {
    return [...this.#catalogs.keys()];
  }

  /**
   * The first of `languages` that has messages, itself or by its language ('en-GB' has 'en'),
   * kept as said so dates follow its region; 'en' when none has.
   */
  preferred(languages: readonly string[]): string {
    for (const language of languages) {
      try {
        const tag = canonicalLocale(language);
        if (tagAndParents(tag).some((candidate) => this.#catalogs.has(candidate))) return tag;
      } catch {
        // not a language tag: ignore it
      }
    }
    return DEFAULT_LOCALE;
  }

  /** The message of `key` in `locale`, filled with `values`; the key itself if none. */
  format(locale: string, key: string, values?: TranslationValues): string {
    const message = this.#lookup(locale, key);
    if (message === undefined) return key;
    return interpolate(locale, this.#text(locale, message, values), values);
  }

  #text(locale: string, message: Message, values: TranslationValues | undefined): string {
    if (typeof message === 'string') return message;
    if ('select' in message) {
      const choice = values?.[message.select];
      return (typeof choice === 'string' ? message[choice] : undefined) ?? message.other;
    }
    return pluralForm(locale, message, values?.['count']);
  }

  #lookup(locale: string, key: string): Message | undefined {
    for (const tag of fallbackChain(locale)) {
      const message = this.#catalogs.get(tag)?.get(key);
      if (message !== undefined) return message;
    }
    return undefined;
  }
}

export function canonicalLocale(locale: string): string {
  return Intl.getCanonicalLocales(locale)[0] ?? DEFAULT_LOCALE;
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

function pluralForm(locale: string, message: PluralMessage, count: TranslationValues[string]): string {
  if (typeof count !== 'number') return message.other;
  return message[pluralRules(locale).select(count)] ?? message.other;
}

function interpolate(locale: string, text: string, values: TranslationValues | undefined): string {
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = values[name];
    if (value === undefined || value === null) return placeholder;
    return typeof value === 'number' ? numberFormat(locale).format(value) : value;
  });
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

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
/** An `Intl.DateTimeFormat` for `locale` with `options`, made once per locale and options. */
export function dateTimeFormatFor(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const cacheKey = `${locale} ${JSON.stringify(options)}`;
  let format = dateTimeFormats.get(cacheKey);
  if (!format) dateTimeFormats.set(cacheKey, (format = new Intl.DateTimeFormat(locale, options)));
  return format;
}
