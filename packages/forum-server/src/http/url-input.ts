import type { Middleware } from 'koa';
import { HostErrorCode, HttpError } from '../errors.js';
import { hasForbiddenCharacter, refuseForbiddenCharacters } from './control-characters.js';
import { t } from '../i18n.js';

/** Like the router's own decoding: a malformed escape stays as written (it then fails the route's schema, if any). */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Refuses a control character or a lone surrogate in the query string or anywhere in the path
 * (so in every path parameter, before any route sees one) with a 400 `invalid_request`. Runs on
 * every `/api` request, for the host's routes and the plugins' alike.
 */
export function refuseControlCharactersInUrl(): Middleware {
  return async (ctx, next) => {
    if (ctx.path.split('/').some((segment) => hasForbiddenCharacter(decodeSegment(segment)))) {
      throw new HttpError(400, HostErrorCode.invalidRequest, t('forum.errors.control_character_in_path'));
    }
    refuseForbiddenCharacters(ctx.query, 'query');
    await next();
  };
}
