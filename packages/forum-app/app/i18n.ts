/**
 * The host's strings: `translations/en.json` (keys under `forum.`), in the forum's one store
 * (forum-plugin-api/frontend), which the plugins add theirs to. `t` is typed by that file's keys,
 * and is both the template helper (`{{t "forum.…" count=n}}`) and the function for TS.
 *
 * Every other `translations/<locale>.json` is registered too (found at build time), so a locale
 * is a file: `startLocale()` then picks it for a browser that asks for it.
 */
import { addTranslations, preferredLocale, setLocale, translator, type Messages } from 'forum-plugin-api/frontend';
import messages from '../translations/en.json';

export const t = translator(messages);

const otherLocales = import.meta.glob<Messages>(['../translations/*.json', '!../translations/en.json'], {
  eager: true,
  import: 'default',
});
for (const [path, localeMessages] of Object.entries(otherLocales)) {
  addTranslations(path.replace(/^.*\/|\.json$/g, ''), localeMessages);
}

/** Show the forum in the browser's language when there are messages for it, else English. */
export function startLocale(languages: readonly string[] = navigator.languages): void {
  setLocale(preferredLocale(languages));
}
