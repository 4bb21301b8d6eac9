import type { Context } from 'koa';
import type { z } from 'zod';

/** Parses a request body at the edge; a mismatch becomes a 400 `invalid_request` with a reason. */
export function parseBody<T extends z.ZodType>(ctx: Context, schema: T): z.infer<T> {
  return schema.parse((ctx.request as { body?: unknown }).body ?? {});
}
