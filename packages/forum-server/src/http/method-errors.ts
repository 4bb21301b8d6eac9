import type { Middleware } from 'koa';
import { HostErrorCode } from '../errors.js';
import { t } from '../i18n.js';

/**
 * The router answers a method a path does not have with 405 (and `Allow`), and an unknown method
 * with 501, but with Koa's bare text body: this gives them the `{error: {code, message}}` every
 * other refusal has. Runs around `allowedMethods()`, so the router's `Allow` header stays.
 */
export function methodErrorsAsJson(): Middleware {
  return async (ctx, next) => {
    await next();
    if ((ctx.status === 405 || ctx.status === 501) && ctx.body == null) {
      const message =
        ctx.status === 405 ? t('forum.errors.method_not_allowed') : t('forum.errors.method_not_implemented');
      ctx.body = { error: { code: HostErrorCode.methodNotAllowed, message } };
    }
  };
}
