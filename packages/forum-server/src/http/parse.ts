import type { Context } from 'koa';
import type { InputSchema } from 'forum-plugin-api/server';
import { z } from 'zod';

/**
 * Input is parsed at the edge, by these alone (the host's routes and, through `api.parseBody`,
 * `api.parse` and `api.idParam`, plugins'): a mismatch throws zod's error, which the error
 * handler answers as 400 `invalid_request` naming the field.
 */
export function parseInput<T>(schema: InputSchema<T>, input: unknown): T {
  return schema.parse(input ?? {});
}

export function parseBody<T>(ctx: Context, schema: InputSchema<T>): T {
  return parseInput(schema, (ctx.request as { body?: unknown }).body);
}

/** Database ids: positive and within PostgreSQL's `integer`, so a huge one is a 400, not a 500. */
const idSchema = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);

export function idParam(ctx: { params: Record<string, string | undefined> }, name = 'id'): number {
  return idSchema.parse(ctx.params[name]);
}
