/**
 * The plugin's strings: `src/translations/en.json` (keys under `second_factor.`), added to the
 * forum's one store through forum-plugin-api/frontend. `t` is typed by that file's keys, and is
 * both the template helper (`{{t "second_factor.…" count=n}}`) and the function for TS.
 */
import { translator } from 'forum-plugin-api/frontend';
import messages from './translations/en.json';

export const t = translator(messages);
