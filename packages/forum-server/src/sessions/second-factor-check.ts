import type { CurrentUser, ForumContext, SecondFactorRefusal, SecondFactorToken } from 'forum-plugin-api/server';
import type { ForumServices } from '../forum-services.js';
import { forumRequest } from '../http/forum-request.js';
import type { User } from '../models/user.js';

/** The host's own refusals around a second factor, beside the plugin's (`SecondFactorRefusal`). */
export type SecondStepRefusal =
  | SecondFactorRefusal
  /** The challenge expired, had too many wrong tokens, or its member is gone. */
  | { ok: false; reason: 'challenge_invalid' }
  /** The member has second factors, but not this one. */
  | { ok: false; reason: 'method_not_offered'; methods: string[] }
  /** The member has second factors and sent no code. */
  | { ok: false; reason: 'second_factor_required'; methods: string[] };

type Sources = Pick<ForumServices, 'secondFactors' | 'settings'>;

/** The login's second step for a claimed challenge's member (null: gone): the member, or why not. */
export async function checkSecondStep(
  { secondFactors, settings }: Sources,
  ctx: ForumContext,
  user: User | null,
  answer: { method: string; token: SecondFactorToken; binding: string },
): Promise<{ ok: true; user: User } | SecondStepRefusal> {
  const provider = secondFactors.provider;
  if (!provider || !user) return { ok: false, reason: 'challenge_invalid' };
  const request = await forumRequest(ctx, settings);
  const methods = await provider.methodsFor(request, user.toCurrentUser());
  if (!methods.includes(answer.method)) return { ok: false, reason: 'method_not_offered', methods };
  const verified = await provider.verify(
    request,
    user.toCurrentUser(),
    answer.method,
    answer.token,
    'login',
    answer.binding,
  );
  return verified.ok ? { ok: true, user } : verified;
}

/**
 * The second half of "confirm it's you" (and of anything that asks the same): when the member has
 * a second factor, a code from it is required and checked by the plugin. `checked` says whether
 * one was (a member without second factors needs none).
 */
export async function checkSecondFactorIfAny(
  { secondFactors, settings }: Sources,
  ctx: ForumContext,
  user: CurrentUser,
  answer: { method?: string | undefined; token?: SecondFactorToken | undefined },
): Promise<{ ok: true; checked: boolean } | SecondStepRefusal> {
  const provider = secondFactors.provider;
  if (!provider) return { ok: true, checked: false };
  const request = await forumRequest(ctx, settings);
  const methods = await provider.methodsFor(request, user);
  if (methods.length === 0) return { ok: true, checked: false };
  if (!answer.method || !answer.token) return { ok: false, reason: 'second_factor_required', methods };
  if (!methods.includes(answer.method)) return { ok: false, reason: 'method_not_offered', methods };
  // Bound to the session: options handed over for "confirm it's you" were made for it.
  const verified = await provider.verify(
    request,
    user,
    answer.method,
    answer.token,
    'confirm',
    ctx.state.session.id ?? '',
  );
  return verified.ok ? { ok: true, checked: true } : verified;
}
