/**
 * The host's server strings: `translations/server.en.json` (keys under `forum.`), in the forum's
 * server store (forum-plugin-api/server), which the plugins add theirs to. `t` is typed by that
 * file's keys and reads the request's locale (`requestLocale()`, the first middleware), so API
 * errors and mails queued while answering read in the member's language.
 */
import type { Middleware } from 'koa';
import { inLocale, localeFromAcceptLanguage, serverTranslator } from 'forum-plugin-api/server';
import messages from './translations/server.en.json' with { type: 'json' };

export const t = serverTranslator(messages);

/** Answers each request in the first of its `Accept-Language` languages the forum has messages for, else English. */
export function requestLocale(): Middleware {
  return (ctx, next) => inLocale(localeFromAcceptLanguage(ctx.get('accept-language') || undefined), next);
}
