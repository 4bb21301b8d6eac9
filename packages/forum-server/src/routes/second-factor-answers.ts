import { HostErrorCode, HttpError } from '../errors.js';
import type { SecondStepRefusal } from '../sessions/second-factor-check.js';
import { t } from '../i18n.js';

/** The refusal a reason belongs to (one member of the union may carry several reasons). */
type RefusalWith<R, T = SecondStepRefusal> = T extends { reason: infer Q } ? (R extends Q ? T : never) : never;
type Answers = { [R in SecondStepRefusal['reason']]: (refusal: RefusalWith<R>) => HttpError };

/**
 * The host's one table from a refused second factor to HTTP. The plugin's refusals arrive with
 * their code and message (its words about its factors); the reason alone sets the status.
 */
const answers: Answers = {
  challenge_invalid: () => new HttpError(401, HostErrorCode.challengeInvalid, t('forum.errors.challenge_invalid')),
  method_not_offered: (r) =>
    new HttpError(
      400,
      HostErrorCode.methodNotAvailable,
      t('forum.errors.method_not_offered', { methods: r.methods.join(', ') }),
    ),
  second_factor_required: (r) =>
    new HttpError(
      400,
      HostErrorCode.secondFactorRequired,
      t('forum.errors.second_factor_required', { methods: r.methods.join(', ') }),
    ),
  malformed: (r) => new HttpError(400, r.code, r.message),
  method_not_available: (r) => new HttpError(400, r.code, r.message),
  wrong: (r) => new HttpError(401, r.code, r.message),
  locked_out: (r) => new HttpError(429, r.code, r.message, { 'Retry-After': String(r.retryAfterSeconds) }),
};

export function secondFactorError(refusal: SecondStepRefusal): HttpError {
  // Each entry takes its own reason's refusal; TypeScript cannot follow that through the index.
  return (answers[refusal.reason] as (r: SecondStepRefusal) => HttpError)(refusal);
}
