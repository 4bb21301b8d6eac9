import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';
import { HostErrorCode, HttpError } from '../errors.js';
import { refuseForbiddenCharacters } from './control-characters.js';
import { t } from '../i18n.js';

export const MAX_BODY = '64kb';

/** JSON only, at most MAX_BODY, objects or arrays; a body that is neither parses to a 400 or 413. */
export function strictJsonParser(methods: string[]): Middleware {
  return bodyParser({
    enableTypes: ['json'],
    parsedMethods: methods,
    jsonLimit: MAX_BODY,
    jsonStrict: true,
    onError(error) {
      const status = (error as { status?: number }).status;
      if (status === 413)
        throw new HttpError(
          413,
          HostErrorCode.payloadTooLarge,
          t('forum.errors.payload_too_large', { limit: MAX_BODY }),
        );
      throw new HttpError(400, HostErrorCode.invalidJson, t('forum.errors.invalid_json'));
    },
  });
}

/**
 * JSON bodies only, objects or arrays only, at most 64 KiB. A body of another type is refused
 * (415) rather than silently ignored, so a client never mistakes an ignored body for accepted.
 * No string in it (key or value) may hold a control character or a lone surrogate (400).
 */
export function jsonBody(): Middleware {
  const parse = strictJsonParser(['POST', 'PUT', 'PATCH']);
  return async (ctx, next) => {
    const hasBody = ctx.request.length > 0 || ctx.get('transfer-encoding') !== '';
    if (hasBody && !ctx.is('application/json')) {
      throw new HttpError(415, HostErrorCode.unsupportedMediaType, t('forum.errors.unsupported_media_type'));
    }
    await parse(ctx, async () => {
      refuseForbiddenCharacters((ctx.request as { body?: unknown }).body, 'body');
      await next();
    });
  };
}
