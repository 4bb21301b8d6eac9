import type { Middleware } from 'koa';
import { HostErrorCode, HttpError } from '../errors.js';
import type { HostState } from '../http/host-state.js';
import { csrfTokenFor, sameToken } from './session-tokens.js';
import { t } from '../i18n.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every state-changing request must carry the session's CSRF token in `X-CSRF-Token`, and a
 * request announcing a foreign Origin is refused even with one.
 */
export function csrfProtection(csrfKey: Buffer): Middleware<HostState> {
  return async (ctx, next) => {
    if (!SAFE_METHODS.has(ctx.method)) {
      const origin = ctx.get('origin');
      // Not ctx.origin: since Koa 3 that echoes the request's Origin header back.
      if (origin && origin !== `${ctx.protocol}://${ctx.host}`) {
        throw new HttpError(403, HostErrorCode.invalidCsrf, t('forum.errors.cross_site'));
      }
      const sent = ctx.get('x-csrf-token');
      if (!sent || !sameToken(sent, csrfTokenFor(csrfKey, ctx.state.sessionToken))) {
        throw new HttpError(403, HostErrorCode.invalidCsrf, t('forum.errors.csrf_token'));
      }
    }
    await next();
  };
}
