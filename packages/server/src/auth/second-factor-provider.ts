import type { SecondFactorProvider, SecondFactorRefusal } from 'forum-plugin-api/server';
import type { SecondFactorSettings } from '../plugin-types.js';
import { answerFor } from '../routes/refusals.js';
import type { SecondFactorVerifier, Verification } from './second-factor-verifier.js';

type VerifyRefusal = Exclude<Verification, { ok: true }>;
type Unlocked<T extends { reason: string }> = Exclude<T['reason'], 'locked_out'>;

/** What each of the verifier's refusals is to the host: whether it cost the login a try, say. */
const hostReason: { [R in Unlocked<VerifyRefusal>]: Unlocked<SecondFactorRefusal> } = {
  malformed: 'malformed',
  method_not_available: 'method_not_available',
  wrong: 'wrong',
  already_used: 'wrong',
};

function forHost(refusal: VerifyRefusal): SecondFactorRefusal {
  // The host answers in the plugin's words: its code and message, from the plugin's table.
  const { code, message } = answerFor(refusal);
  if (refusal.reason === 'locked_out') return { ok: false, reason: 'locked_out', code, message, retryAfterSeconds: refusal.retryAfterSeconds };
  return { ok: false, reason: hostReason[refusal.reason], code, message };
}

/**
 * The adapter the host's login and "confirm it's you" call: the verifier's methods and results,
 * in the plugin API's terms. The plugin's own routes use the verifier itself.
 */
export function secondFactorProvider(verifier: SecondFactorVerifier): SecondFactorProvider<SecondFactorSettings> {
  return {
    methodsFor: (request, user) => verifier.methodsFor(request.settings, user.id),
    async verify(request, user, method, token, purpose) {
      const result = await verifier.verify(request, user.id, method, token, purpose);
      return result.ok ? result : forHost(result);
    },
  };
}
