/**
 * What each side's "every key used, every used key exists" test reads: the keys its source
 * files' text names. Kept to what the text says, no parsing: a key is used when it appears as a
 * quoted string ('…' or "…") in some source file (a `t('…')` call, `{{t "…"}}`, or a table of
 * keys read later); a `t` call names a key when its first argument is a quoted string.
 */

/** For a side's English messages and its source files' text: the keys never used, and the missing. */
export function translationKeysInSource(
  messages: Readonly<Record<string, unknown>>,
  sources: readonly string[],
): { unused: string[]; missing: string[] } {
  const quoted = new Set<string>();
  const called = new Set<string>();
  for (const source of sources) {
    for (const match of source.matchAll(/(['"])([\w.-]+)\1/g)) quoted.add(match[2] ?? '');
    // t('key' / t("key" in code, {{t "key" / (t "key" in templates
    for (const match of source.matchAll(/(?:\bt\(\s*|[{(]t\s+)(['"])([\w.-]+)\1/g)) called.add(match[2] ?? '');
  }
  const keys = Object.keys(messages);
  return {
    unused: keys.filter((key) => !quoted.has(key)),
    missing: [...called].filter((key) => !(key in messages)),
  };
}
