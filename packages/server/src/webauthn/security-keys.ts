import { randomBytes } from 'node:crypto';
import type { CurrentUser, JsonObject } from 'forum-plugin-api/server';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { METHOD_COLUMN, SecondFactorEvent } from '@second-factor/core';
import { ownSecondFactorCount, removeBackupCodesWithLastSecondFactor } from '../backup-codes/last-second-factor.js';
import { recordEvent } from '../events/record-event.js';
import { UserSecondFactor, type WebAuthnData, type WebAuthnRow } from '../models/user-second-factor.js';
import type { ChangeSource, PluginApi } from '../plugin-types.js';
import type { RefusalWith } from '../routes/refusals.js';
import { relyingParty } from './relying-party.js';
import { authenticationResponse, parsed, registrationResponse } from './response-schemas.js';
import { PROMPT_TIMEOUT_MS, WebAuthnChallenges, type ChallengePurpose } from './webauthn-challenges.js';

const WEBAUTHN = METHOD_COLUMN.webauthn;
/** EdDSA, ES256, RS256: the same list on every Node (the library adds ML-DSA where WebCrypto has it). */
const ALGORITHMS = [-8, -7, -257];

const notFound: RefusalWith<'key_not_found'> = { ok: false, reason: 'key_not_found' };
const rejected: RefusalWith<'key_rejected'> = { ok: false, reason: 'key_rejected' };

/** An assertion checked: whose key signed it, or why it was refused (`malformed` and `no_user_verification` are not counted as wrong). */
export type KeyCheck =
  | { ok: true; keyId: number; userId: number; userVerified: boolean }
  | RefusalWith<'key_malformed' | 'key_not_verified' | 'user_verification_required'>
  | { ok: false; reason: 'key_cloned'; keyId: number };

/** A unique-index violation: the credential is registered already (PostgreSQL and PGlite say 23505). */
function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';
}

/**
 * A member's security keys and passkeys (WebAuthn): registration with a challenge bound to the
 * session, rename, removal, and checking an assertion — the signature, the challenge it signed
 * (single-use, bound to what asked for it), the origin and rp id, and the signature counter,
 * whose going back is refused as a possible clone.
 */
export class SecurityKeys {
  private readonly challenges: WebAuthnChallenges;

  constructor(private readonly api: PluginApi) {
    this.challenges = new WebAuthnChallenges(api.db, api.clock);
  }

  private get db() {
    return this.api.db;
  }

  of(userId: number): Promise<WebAuthnRow[]> {
    return UserSecondFactor.query(this.db)
      .where({ user_id: userId, method: WEBAUTHN, enabled: true })
      .orderBy('id') as unknown as Promise<WebAuthnRow[]>;
  }

  /** Options for the browser's "create a credential" prompt, bound to this session. */
  async registrationOptions(from: ChangeSource, user: CurrentUser, sessionId: string): Promise<JsonObject> {
    const keys = await this.of(user.id);
    // One opaque handle per member, the same for every key, so an authenticator that already
    // holds a passkey for this account replaces it instead of keeping two.
    const userHandle = keys[0]?.data.userHandle ?? randomBytes(32).toString('base64url');
    const rp = relyingParty(this.api, from.settings.title);
    const options = await generateRegistrationOptions({
      rpName: rp.name,
      rpID: rp.id,
      userName: user.username,
      userDisplayName: user.username,
      userID: isoBase64URL.toBuffer(userHandle),
      attestationType: 'none',
      timeout: PROMPT_TIMEOUT_MS,
      excludeCredentials: keys.map((k) => ({ id: k.data.credentialId, transports: k.data.transports })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
      supportedAlgorithmIDs: ALGORITHMS,
    });
    await this.challenges.issue({
      purpose: 'register',
      binding: sessionId,
      userId: user.id,
      challenge: options.challenge,
      userHandle,
    });
    return { ...options };
  }

  /** Verifies the browser's answer to the registration options and stores the key; says whether it is the member's first second factor. */
  async register(
    from: ChangeSource,
    user: CurrentUser,
    sessionId: string,
    input: JsonObject,
    name: string,
  ): Promise<{ ok: true; row: WebAuthnRow; first: boolean } | RefusalWith<'key_rejected' | 'key_already_registered'>> {
    const response = parsed(registrationResponse, input);
    const taken = await this.challenges.take('register', sessionId, user.id);
    if (!response || !taken?.userHandle) return rejected;
    const rp = relyingParty(this.api, from.settings.title);
    let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
    try {
      verification = await verifyRegistrationResponse({
        response,
        expectedChallenge: taken.challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        // A security key without a PIN is a fine second factor; passkey login asks for UV itself.
        requireUserVerification: false,
        supportedAlgorithmIDs: ALGORITHMS,
      });
    } catch (error) {
      // The library's words (wrong origin, old challenge) are for the log, not for the member.
      this.api.logger.info(
        {
          event: 'webauthn_registration_refused',
          userId: user.id,
          reason: error instanceof Error ? error.message : String(error),
        },
        'security key registration refused',
      );
      return rejected;
    }
    if (!verification.verified) return rejected;
    const info = verification.registrationInfo;
    const data: WebAuthnData = {
      credentialId: info.credential.id,
      publicKey: isoBase64URL.fromBuffer(info.credential.publicKey),
      counter: info.credential.counter,
      transports: info.credential.transports ?? [],
      deviceType: info.credentialDeviceType,
      backedUp: info.credentialBackedUp,
      aaguid: info.aaguid,
      userHandle: taken.userHandle,
      discoverable: response.clientExtensionResults.credProps?.rk ?? null,
      userVerified: info.userVerified,
    };
    try {
      return await this.db.transaction(async (trx) => {
        const hadFactor = (await ownSecondFactorCount(trx, user.id)) > 0;
        const row = (await UserSecondFactor.query(trx)
          .insert({ user_id: user.id, method: WEBAUTHN, name, data, enabled: true })
          .returning('*')) as unknown as WebAuthnRow;
        await recordEvent(this.api, trx, {
          userId: user.id,
          event: SecondFactorEvent.webauthnAdded,
          from,
          details: { keyId: row.id, passkey: data.discoverable },
        });
        return { ok: true as const, row, first: !hadFactor };
      });
    } catch (error) {
      if (isUniqueViolation(error)) return { ok: false, reason: 'key_already_registered' };
      throw error;
    }
  }

  async rename(
    from: ChangeSource,
    user: CurrentUser,
    id: number,
    name: string,
  ): Promise<{ ok: true; row: WebAuthnRow } | RefusalWith<'key_not_found'>> {
    const updated = (await UserSecondFactor.query(this.db)
      .patch({ name, updated_at: this.api.clock.now() })
      .where({ id, user_id: user.id, method: WEBAUTHN })
      .returning('*')) as unknown as WebAuthnRow[];
    if (!updated[0]) return notFound;
    await recordEvent(this.api, this.db, {
      userId: user.id,
      event: SecondFactorEvent.webauthnRenamed,
      from,
      details: { keyId: id },
    });
    return { ok: true, row: updated[0] };
  }

  /** Removes a key; with the member's last second factor go the backup codes, which recover one. */
  async remove(
    from: ChangeSource,
    user: CurrentUser,
    id: number,
  ): Promise<{ ok: true; lastOne: boolean } | RefusalWith<'key_not_found'>> {
    return this.db.transaction(async (trx) => {
      const deleted: { id: number }[] = await trx('user_second_factors')
        .where({ id, user_id: user.id, method: WEBAUTHN })
        .delete()
        .returning('id');
      if (!deleted[0]) return notFound;
      const lastOne = await removeBackupCodesWithLastSecondFactor(this.api, trx, user.id, from);
      // Trust was given with the factors the member had then: a removed one must not be skipped.
      const trustedBrowsersEnded = await this.api.endTrustedDevices(user.id, trx);
      await recordEvent(this.api, trx, {
        userId: user.id,
        event: SecondFactorEvent.webauthnRemoved,
        from,
        details: { keyId: id, lastOne, trustedBrowsersEnded },
      });
      return { ok: true, lastOne };
    });
  }

  /**
   * Options for the browser's "sign this" prompt with one of the member's keys (the login's
   * second step, "confirm it's you"), bound to `binding`. A plain touch is enough here: the
   * password was the other factor.
   */
  async assertionOptions(
    from: ChangeSource,
    userId: number,
    purpose: 'login' | 'confirm',
    binding: string,
  ): Promise<JsonObject> {
    const keys = await this.of(userId);
    const rp = relyingParty(this.api, from.settings.title);
    const options = await generateAuthenticationOptions({
      rpID: rp.id,
      allowCredentials: keys.map((k) => ({ id: k.data.credentialId, transports: k.data.transports })),
      userVerification: 'discouraged',
      timeout: PROMPT_TIMEOUT_MS,
    });
    await this.challenges.issue({ purpose, binding, userId, challenge: options.challenge });
    return { ...options };
  }

  /** Options for passkey login: any discoverable credential of this forum, and it must verify its user. */
  async passkeyOptions(from: ChangeSource, binding: string): Promise<JsonObject> {
    const rp = relyingParty(this.api, from.settings.title);
    const options = await generateAuthenticationOptions({
      rpID: rp.id,
      userVerification: 'required',
      timeout: PROMPT_TIMEOUT_MS,
    });
    await this.challenges.issue({ purpose: 'passkey', binding, userId: null, challenge: options.challenge });
    return { ...options };
  }

  /** The key an answer names, before anything is verified (for passkey login: whose attempt it is). */
  async keyNamedBy(input: JsonObject): Promise<WebAuthnRow | null> {
    const response = parsed(authenticationResponse, input);
    if (!response) return null;
    const row = (await UserSecondFactor.query(this.db)
      .whereRaw("data->>'credentialId' = ?", [response.id])
      .where({ method: WEBAUTHN, enabled: true })
      .first()) as WebAuthnRow | undefined;
    return row ?? null;
  }

  /**
   * Checks an assertion. `userId` is the member it must come from (second step, confirm), or
   * null for passkey login, where the key names its member and must verify them (UV). The
   * challenge is taken first, so an answer is checked at most once whatever the outcome.
   */
  async check(
    from: ChangeSource,
    input: JsonObject,
    purpose: ChallengePurpose,
    binding: string,
    userId: number | null,
  ): Promise<KeyCheck> {
    const response = parsed(authenticationResponse, input);
    if (!response) return { ok: false, reason: 'key_malformed' };
    const taken = await this.challenges.take(purpose, binding, userId);
    if (!taken) return { ok: false, reason: 'key_not_verified' };
    const row = await this.keyNamedBy(input);
    // Someone else's key at this member's step, or a passkey whose handle was forged: refused before any verifying.
    if (!row || (userId !== null && row.user_id !== userId)) return { ok: false, reason: 'key_not_verified' };
    if (userId === null && response.response.userHandle !== row.data.userHandle)
      return { ok: false, reason: 'key_not_verified' };
    const rp = relyingParty(this.api, from.settings.title);
    let verification: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
    try {
      verification = await verifyAuthenticationResponse({
        response,
        expectedChallenge: taken.challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        credential: {
          id: row.data.credentialId,
          publicKey: new Uint8Array(isoBase64URL.toBuffer(row.data.publicKey)),
          counter: row.data.counter,
          transports: row.data.transports,
        },
        // Checked below for passkey login, so that its refusal can say why.
        requireUserVerification: false,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/counter value/i.test(message)) return this.cloned(from, row, message);
      this.api.logger.info(
        { event: 'webauthn_assertion_refused', userId: row.user_id, keyId: row.id, reason: message },
        'security key refused',
      );
      return { ok: false, reason: 'key_not_verified' };
    }
    if (!verification.verified) return { ok: false, reason: 'key_not_verified' };
    const info = verification.authenticationInfo;
    if (userId === null && !info.userVerified) return { ok: false, reason: 'user_verification_required' };
    // Compare-and-set: of two requests racing with one counter value, one wins; counters that stay 0 (synced passkeys) rely on the single-use challenge.
    const now = this.api.clock.now();
    const update = this.db('user_second_factors').where({ id: row.id, enabled: true });
    if (info.newCounter > 0) update.whereRaw("(data->>'counter')::bigint < ?", [info.newCounter]);
    const accepted = await update.update({
      data: this.db.raw(
        "jsonb_set(jsonb_set(data, '{counter}', to_jsonb(?::bigint)), '{backedUp}', to_jsonb(?::boolean))",
        [info.newCounter, info.credentialBackedUp],
      ),
      last_used_at: now,
      updated_at: now,
    });
    if (Number(accepted) !== 1) return this.cloned(from, row, 'counter raced');
    return { ok: true, keyId: row.id, userId: row.user_id, userVerified: info.userVerified };
  }

  private async cloned(from: ChangeSource, row: WebAuthnRow, reason: string): Promise<KeyCheck> {
    this.api.logger.warn(
      { event: 'webauthn_counter_regressed', userId: row.user_id, keyId: row.id, reason },
      'security key counter went backwards: possible cloned key',
    );
    await recordEvent(this.api, this.db, {
      userId: row.user_id,
      event: SecondFactorEvent.webauthnCounterRegressed,
      from,
      details: { keyId: row.id },
    });
    return { ok: false, reason: 'key_cloned', keyId: row.id };
  }
}
