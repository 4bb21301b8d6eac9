import type { SecondFactorProvider, SecondFactorRefusal } from 'forum-plugin-api/server';
import type { SecondFactorSettings } from '../plugin-types.js';
import { answerFor } from '../routes/refusals.js';
import { SecondFactorMethod } from '@second-factor/core';
import type { SecurityKeys } from '../webauthn/security-keys.js';
import type { PasskeyVerification, SecondFactorVerifier, Verification } from './second-factor-verifier.js';

type VerifyRefusal = Exclude<Verification | PasskeyVerification, { ok: true }>;
type Unlocked<T extends { reason: string }> = Exclude<T['reason'], 'locked_out'>;

/** What each of the verifier's refusals is to the host: whether it cost the login a try, say. */
const hostReason: { [R in Unlocked<VerifyRefusal>]: Unlocked<SecondFactorRefusal> } = {
  malformed: 'malformed',
  method_not_available: 'method_not_available',
  wrong: 'wrong',
  already_used: 'wrong',
  replaced: 'wrong',
  key_malformed: 'malformed',
  key_not_verified: 'wrong',
  key_cloned: 'wrong',
  user_verification_required: 'wrong',
};

function forHost(refusal: VerifyRefusal): SecondFactorRefusal {
  // The host answers in the plugin's words: its code and message, from the plugin's table.
  const { code, message } = answerFor(refusal);
  if (refusal.reason === 'locked_out')
    return { ok: false, reason: 'locked_out', code, message, retryAfterSeconds: refusal.retryAfterSeconds };
  return { ok: false, reason: hostReason[refusal.reason], code, message };
}

/**
 * The adapter the host's login and "confirm it's you" call: the verifier's methods and results,
 * in the plugin API's terms. The plugin's own routes use the verifier itself.
 */
export function secondFactorProvider(
  verifier: SecondFactorVerifier,
  keys: SecurityKeys,
): SecondFactorProvider<SecondFactorSettings> {
  return {
    methodsFor: (request, user) => verifier.methodsFor(request, user.id),
    onSecondStepAbandoned: (step, db) => verifier.secondStepAbandoned(step, db),
    async verify(request, user, method, token, purpose, binding) {
      const result = await verifier.verify(request, user.id, method, token, purpose, binding);
      return result.ok ? result : forHost(result);
    },
    // A security key signs a fresh challenge: the host hands over its options, bound to the login.
    challengeOptions: {
      methods: [SecondFactorMethod.webauthn],
      async options(request, user, method, purpose, binding) {
        if (method !== SecondFactorMethod.webauthn) return forHost({ ok: false, reason: 'method_not_available' });
        return { ok: true, options: await keys.assertionOptions(request, user.id, purpose, binding) };
      },
    },
    passwordless: {
      options: async (request, binding) => ({ ok: true, options: await keys.passkeyOptions(request, binding) }),
      async verify(request, response, binding) {
        const result = await verifier.verifyPasskey(request, response, binding);
        return result.ok ? result : forHost(result);
      },
    },
  };
}
