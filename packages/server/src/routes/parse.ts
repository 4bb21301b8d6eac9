import { SecondFactorErrorCode } from '@second-factor/core';
import type { z } from 'zod';
import type { ServerPluginApi } from 'forum-plugin-api/server';

/** Parses input at the edge: a mismatch is a 400 `invalid_request` naming the field. */
export function parse<T extends z.ZodType>(api: ServerPluginApi, schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  // A message written for the member reads on its own; zod's terse ones get the field in front.
  const where = issue && issue.path.length > 0 && !/^[A-Z].*[.!?]$/.test(issue.message) ? `${issue.path.join('.')}: ` : '';
  throw api.httpError(400, SecondFactorErrorCode.invalidRequest, `${where}${issue?.message ?? 'The request is invalid.'}`);
}

/** The request's JSON body (parsed by the host), checked against `schema`. */
export function parseBody<T extends z.ZodType>(api: ServerPluginApi, schema: T, ctx: { request: object }): z.infer<T> {
  return parse(api, schema, (ctx.request as { body?: unknown }).body);
}
