import { z } from 'zod';
import type { ForumContext, ForumRouter } from 'forum-plugin-api/server';
import { DEFAULT_SECURITY_KEY_NAME, type RegisteredSecurityKey, type WebAuthnRelyingParty } from '@second-factor/core';
import { requireRecentAuth } from '../auth/recent-auth.js';
import type { PluginApi } from '../plugin-types.js';
import { refusalError } from '../routes/refusals.js';
import { serializeSecurityKey } from '../routes/serializers.js';
import type { TotpRouteHooks } from '../routes/totp-routes.js';
import { relyingParty } from './relying-party.js';
import type { SecurityKeys } from './security-keys.js';
import { t } from '../i18n.js';

const keyName = z
  .string()
  .trim()
  .min(1, { error: () => t('second_factor.input.name_required_security_key') })
  .max(50, { error: () => t('second_factor.input.name_too_long') })
  .refine((s) => !/[\p{Cc}\p{Cf}]/u.test(s), { error: () => t('second_factor.input.name_control_characters') });

const noBody = z.strictObject({});
const registerBody = z.strictObject({ response: z.record(z.string(), z.unknown()), name: keyName.optional() });
const renameBody = z.strictObject({ name: keyName });

/** The session the challenge is bound to: a logged-in member always has one. */
function sessionOf(ctx: ForumContext): string {
  return ctx.state.session.id ?? '';
}

/**
 * A member's security keys and passkeys: registration (options, then the browser's answer),
 * rename and removal, and the options "confirm it's you" and "create new backup codes" sign.
 */
export function webauthnRoutes(
  router: ForumRouter,
  api: PluginApi,
  keys: SecurityKeys,
  hooks: TotpRouteHooks = {},
): void {
  /**
   * Where security keys work: the browser signs for the page's origin, and the server accepts
   * PUBLIC_URL's alone. A page reached at another address (127.0.0.1 for localhost, an old
   * name) compares this with its own and says so before any prompt fails (webauthn_unavailable).
   * Public: the login modal asks before anyone is logged in, and PUBLIC_URL is no secret.
   */
  router.get('/second-factors/webauthn/relying-party', (ctx) => {
    const rp = relyingParty(api, '');
    ctx.body = { origin: rp.origin, id: rp.id } satisfies WebAuthnRelyingParty;
  });

  router.post('/u/me/second-factors/webauthn/registration-options', async (ctx) => {
    const user = api.requireUser(ctx);
    api.parseBody(ctx, noBody);
    await requireRecentAuth(api, ctx);
    ctx.body = await keys.registrationOptions(await api.request(ctx), user, sessionOf(ctx));
  });

  router.post('/u/me/second-factors/webauthn', async (ctx) => {
    const user = api.requireUser(ctx);
    const { response, name } = api.parseBody(ctx, registerBody);
    await requireRecentAuth(api, ctx);
    const request = await api.request(ctx);
    const registered = await keys.register(request, user, sessionOf(ctx), response, name ?? DEFAULT_SECURITY_KEY_NAME);
    if (!registered.ok) throw refusalError(api, registered);
    const body: RegisteredSecurityKey = { webauthn: serializeSecurityKey(registered.row) };
    // The first second factor of any kind brings the first batch of backup codes.
    const backupCodes = registered.first ? await hooks.firstBatchFor?.(request, user.id) : undefined;
    if (backupCodes) body.backupCodes = backupCodes;
    ctx.status = 201;
    ctx.body = body;
  });

  router.patch('/u/me/second-factors/webauthn/:id', async (ctx) => {
    const user = api.requireUser(ctx);
    const id = api.idParam(ctx);
    const { name } = api.parseBody(ctx, renameBody);
    const renamed = await keys.rename(await api.request(ctx), user, id, name);
    if (!renamed.ok) throw refusalError(api, renamed);
    ctx.body = { webauthn: serializeSecurityKey(renamed.row) };
  });

  router.delete('/u/me/second-factors/webauthn/:id', async (ctx) => {
    const user = api.requireUser(ctx);
    const id = api.idParam(ctx);
    await requireRecentAuth(api, ctx);
    const removed = await keys.remove(await api.request(ctx), user, id);
    if (!removed.ok) throw refusalError(api, removed);
    ctx.status = 204;
  });

  /** For "confirm it's you" and "create new backup codes": a challenge for the member's keys, bound to this session. */
  router.post('/u/me/second-factors/webauthn/authentication-options', async (ctx) => {
    const user = api.requireUser(ctx);
    api.parseBody(ctx, noBody);
    const request = await api.request(ctx);
    if ((await keys.of(user.id)).length === 0) throw refusalError(api, { ok: false, reason: 'key_not_found' });
    // The verifier checks the answer wherever it arrives (the host's confirm, the plugin's new codes).
    ctx.body = await keys.assertionOptions(request, user.id, 'confirm', sessionOf(ctx));
  });
}
