/**
 * The plugin's server strings: `translations/server.en.json` (keys under `second_factor.`), in
 * the forum's server store (forum-plugin-api/server). `t` is typed by that file's keys and reads
 * the request's locale, so refusals and notice mails come out in the member's language.
 */
import { serverTranslator } from 'forum-plugin-api/server';
import messages from './translations/server.en.json' with { type: 'json' };

export const t = serverTranslator(messages);
