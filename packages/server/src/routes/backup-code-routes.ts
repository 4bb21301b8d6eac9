import { z } from 'zod';
import type { CurrentUser, ForumContext, ForumRouter, SecondFactorToken } from 'forum-plugin-api/server';
import { SecondFactorMethod, type SecondFactorMethodName } from '@second-factor/core';
import { requireRecentAuth } from '../auth/recent-auth.js';
import type { SecondFactorVerifier, Verification } from '../auth/second-factor-verifier.js';
import type { BackupCodes } from '../backup-codes/backup-codes.js';
import type { PluginApi, PluginRequest } from '../plugin-types.js';
import type { TotpAuthenticators } from '../totp/totp-authenticators.js';
import { refusalError, type RefusalWith } from './refusals.js';
import { t } from '../i18n.js';

type Proof = { grant: string } | { method: SecondFactorMethodName; token: SecondFactorToken };

/** A current code, or the grant "confirm it's you" handed over for the code it just used up. */
const createBody = z
  .strictObject({
    method: z.enum([SecondFactorMethod.totp, SecondFactorMethod.backupCode, SecondFactorMethod.webauthn]).optional(),
    // A code, or a security key's signed answer to the options for "confirm it's you".
    token: z
      .union([
        z
          .string()
          .min(1, { error: () => t('second_factor.input.code_required') })
          .max(100),
        z.record(z.string(), z.unknown()),
      ])
      .optional(),
    secondFactorGrant: z
      .string()
      .regex(/^[A-Za-z0-9_-]{43}$/, { error: () => t('second_factor.input.grant_malformed') })
      .optional(),
  })
  .transform((body, ctx): Proof => {
    const { method, token, secondFactorGrant: grant } = body;
    if (grant !== undefined && method === undefined && token === undefined) return { grant };
    if (grant === undefined && method !== undefined && token !== undefined) return { method, token };
    ctx.addIssue({
      code: 'custom',
      message: t('second_factor.input.code_or_grant'),
    });
    return z.NEVER;
  });

export function backupCodeRoutes(
  router: ForumRouter,
  api: PluginApi,
  backupCodes: BackupCodes,
  totp: TotpAuthenticators,
  verifier: SecondFactorVerifier,
): void {
  /** The grant, or a code the member can use now, checked like any second factor. */
  async function checkProof(
    ctx: ForumContext,
    request: PluginRequest,
    user: CurrentUser,
    proof: Proof,
  ): Promise<Verification | RefusalWith<'grant_invalid' | 'no_backup_codes_left'>> {
    if ('grant' in proof)
      return (await api.consumeSecondFactorGrant(ctx, proof.grant))
        ? { ok: true }
        : { ok: false, reason: 'grant_invalid' };
    if (!(await verifier.methodsFor(request, user.id)).includes(proof.method))
      return { ok: false, reason: 'no_backup_codes_left' };
    return verifier.verify(request, user.id, proof.method, proof.token, 'confirm', ctx.state.session.id ?? '');
  }

  /** New codes need the recent-auth window and a current second factor in the same request. */
  router.post('/u/me/backup-codes', async (ctx) => {
    const user = api.requireUser(ctx);
    const proof = api.parseBody(ctx, createBody);
    const request = await api.request(ctx);
    if (!backupCodes.featureEnabled(request.settings))
      throw refusalError(api, { ok: false, reason: 'backup_codes_disabled' });
    if (!(await verifier.hasSecondFactor(user.id)))
      throw refusalError(api, { ok: false, reason: 'authenticator_required' });
    await requireRecentAuth(api, ctx);
    const proved = await checkProof(ctx, request, user, proof);
    if (!proved.ok) throw refusalError(api, proved);
    ctx.status = 201;
    ctx.body = { backupCodes: await backupCodes.createBatch(request, user.id) };
  });

  /** Allowed while the feature is off too: members can always remove what is stored about them. */
  router.delete('/u/me/backup-codes', async (ctx) => {
    const user = api.requireUser(ctx);
    await requireRecentAuth(api, ctx);
    await backupCodes.remove(await api.request(ctx), user.id);
    ctx.status = 204;
  });
}
