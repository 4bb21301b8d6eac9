import type { Middleware } from 'koa';
import { HostErrorCode, HttpError } from '../errors.js';
import { strictJsonParser } from './json-body.js';
import { t } from '../i18n.js';

/**
 * A DELETE says everything in its URL, so it takes no body: none, or `{}`. Anything else is
 * refused (400) instead of being ignored, so a client never believes a body it sent was used,
 * the same rule as the strict bodies of the other methods. `jsonBody` parses only POST, PUT and
 * PATCH (and refuses non-JSON bodies of any method with 415), so DELETE bodies are read here.
 */
export function bodilessDelete(): Middleware {
  const parse = strictJsonParser(['DELETE']);
  return async (ctx, next) => {
    if (ctx.method !== 'DELETE') {
      await next();
      return;
    }
    await parse(ctx, async () => {
      const body: unknown = (ctx.request as { body?: unknown }).body;
      if (body !== undefined && !isEmptyObject(body)) {
        throw new HttpError(400, HostErrorCode.invalidRequest, t('forum.errors.delete_with_body'));
      }
      await next();
    });
  };
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}
