import type { Middleware } from 'koa';
import { ZodError } from 'zod';
import type { Logger } from 'pino';
import { HostErrorCode, HttpError, isDatabaseUnavailable, zodMessage } from '../errors.js';
import { t } from '../i18n.js';

function send(
  ctx: Parameters<Middleware>[0],
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
) {
  ctx.status = status;
  ctx.set(headers);
  ctx.body = { error: { code, message } };
}

/**
 * Every failure becomes `{error: {code, message}}`: client errors with their own code, a lost
 * database as 503, anything else as a 500 that is logged (with its stack) but never shown.
 * Logged errors go through the logger's `err` serializer, which drops a database error's values.
 */
export function errorHandler(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined && ctx.path.startsWith('/api')) {
        send(ctx, 404, HostErrorCode.notFound, t('forum.errors.not_an_endpoint'));
      }
    } catch (error) {
      if (error instanceof HttpError) {
        send(ctx, error.status, error.code, error.message, error.headers);
      } else if (error instanceof ZodError) {
        send(ctx, 400, HostErrorCode.invalidRequest, zodMessage(error));
      } else if (isDatabaseUnavailable(error)) {
        logger.error({ err: error, method: ctx.method, route: routeOf(ctx) }, 'database unavailable');
        send(ctx, 503, HostErrorCode.databaseUnavailable, t('forum.errors.database_unavailable'), {
          'Retry-After': '5',
        });
      } else if (isClientError(error)) {
        send(ctx, error.status, HostErrorCode.invalidRequest, t('forum.errors.invalid_request'));
      } else {
        logger.error({ err: error, method: ctx.method, route: routeOf(ctx) }, 'unhandled error');
        send(ctx, 500, HostErrorCode.internalError, t('forum.errors.internal_error'));
      }
    }
  };
}

/**
 * The route's pattern (`/api/setup/:token`), not the path: a path can hold a secret (the setup
 * token) or whatever a client typed. Requests outside every route log their path.
 */
function routeOf(ctx: Parameters<Middleware>[0]): string {
  const matched = (ctx as { _matchedRoute?: string | RegExp })._matchedRoute;
  return matched === undefined ? ctx.path : String(matched);
}

/** Errors raised by Koa or its middleware with an explicit 4xx status (bad headers, etc.). */
function isClientError(error: unknown): error is { status: number } {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}
