import type { CurrentUser, ForumContext } from 'forum-plugin-api/server';
import { HostErrorCode, HttpError } from '../errors.js';
import type { ForumServices } from '../forum-services.js';

/**
 * The second half of "confirm it's you" (and of anything that asks the same): when the member has
 * a second factor, a code from it is required and checked by the plugin; resolves to whether one
 * was checked. Throws the plugin's refusal (401, 429) as it came.
 */
export async function checkSecondFactorIfAny(
  secondFactors: ForumServices['secondFactors'],
  ctx: ForumContext,
  user: CurrentUser,
  answer: { method?: string | undefined; token?: string | undefined },
): Promise<boolean> {
  const provider = secondFactors.provider;
  const methods = (await provider?.methodsFor(user)) ?? [];
  if (!provider || methods.length === 0) return false;
  if (!answer.method || !answer.token) {
    throw new HttpError(400, HostErrorCode.secondFactorRequired, `Enter a code from your authenticator app or a backup code (${methods.join(', ')}).`);
  }
  if (!methods.includes(answer.method)) throw new HttpError(400, HostErrorCode.methodNotAvailable, `Use one of: ${methods.join(', ')}.`);
  await provider.verify(ctx, user, answer.method, answer.token, 'confirm');
  return true;
}
