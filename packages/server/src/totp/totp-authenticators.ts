import type { CurrentUser } from 'forum-plugin-api/server';
import QRCode from 'qrcode';
import { METHOD_COLUMN, SecondFactorEvent, type PendingAuthenticator } from '@second-factor/core';
import { ownSecondFactorCount, removeBackupCodesWithLastSecondFactor } from '../backup-codes/last-second-factor.js';
import { changeWithEvent, recordEvent, type SecondFactorEventInput } from '../events/record-event.js';
import { UserSecondFactor, type TotpData, type TotpRow } from '../models/user-second-factor.js';
import type { ChangeSource, PluginApi } from '../plugin-types.js';
import type { RefusalWith } from '../routes/refusals.js';
import { checkTotp, newTotpSecret, otpauthUri } from './totp-algorithm.js';

const TOTP = METHOD_COLUMN.totp;

const notFound: RefusalWith<'authenticator_not_found'> = { ok: false, reason: 'authenticator_not_found' };
const alreadyEnabled: RefusalWith<'authenticator_already_enabled'> = {
  ok: false,
  reason: 'authenticator_already_enabled',
};

/** An enabled authenticator as a check needs it (read by `enabledFor`, or with the member's methods). */
export type TotpCandidate = Pick<TotpRow, 'id' | 'data'>;

/** A code checked against the member's authenticators: which one took it, or why none did. */
export type TotpCheck = { ok: true; authenticatorId: number } | { ok: false; reason: 'wrong' | 'already_used' };

/** The sealed secret is bound to its member: a row copied to another account will not open. */
function sealContext(userId: number): string {
  return `totp:${userId}`;
}

/**
 * A member's authenticator apps: enrolment (pending until a valid code is entered), rename,
 * removal, and checking a code with the replay guard. The secret leaves the server once, in the
 * enrolment response, and is otherwise only ever decrypted in memory to check a code.
 */
export class TotpAuthenticators {
  constructor(private readonly api: PluginApi) {}

  private get db() {
    return this.api.db;
  }

  enabledFor(userId: number): Promise<TotpRow[]> {
    return UserSecondFactor.query(this.db)
      .where({ user_id: userId, method: TOTP, enabled: true })
      .orderBy('id') as unknown as Promise<TotpRow[]>;
  }

  async createPending(from: ChangeSource, user: CurrentUser, name: string): Promise<PendingAuthenticator> {
    const secret = newTotpSecret();
    const uri = otpauthUri(from.settings.title, user.username, secret);
    const row = await this.db.transaction(async (trx) => {
      // One enrolment at a time: an abandoned QR code never becomes a usable authenticator.
      await UserSecondFactor.query(trx).delete().where({ user_id: user.id, method: TOTP, enabled: false });
      const data: TotpData = { secret: this.api.secrets.seal(secret, sealContext(user.id)), lastStep: null };
      const inserted = await UserSecondFactor.query(trx).insert({
        user_id: user.id,
        method: TOTP,
        name,
        data,
        enabled: false,
      });
      await recordEvent(this.api, trx, {
        userId: user.id,
        event: SecondFactorEvent.totpCreated,
        from,
        details: { authenticatorId: inserted.id },
      });
      return inserted;
    });
    const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
    return { id: row.id, secret, otpauthUri: uri, qrSvg };
  }

  /** Enables a pending authenticator with a code from it; says whether it is the member's first. */
  async enable(
    from: ChangeSource,
    user: CurrentUser,
    id: number,
    token: string,
    name: string | undefined,
  ): Promise<
    | { ok: true; row: TotpRow; first: boolean }
    | RefusalWith<'authenticator_not_found' | 'authenticator_already_enabled' | 'setup_code_wrong'>
  > {
    const row = (await UserSecondFactor.query(this.db).findOne({ id, user_id: user.id, method: TOTP })) as
      TotpRow | undefined;
    if (!row) return notFound;
    if (row.enabled) return alreadyEnabled;
    const check = await checkTotp(
      this.api.secrets.open(row.data.secret, sealContext(user.id)),
      token,
      null,
      this.epoch(),
    );
    if (!check.valid) {
      await recordEvent(this.api, this.db, {
        userId: user.id,
        event: SecondFactorEvent.totpFailed,
        from,
        details: { purpose: 'enable', authenticatorId: id },
      });
      return { ok: false, reason: 'setup_code_wrong' };
    }
    return this.db.transaction(async (trx) => {
      // Any second factor of the member's own counts: a security key may have come first.
      const hadOne = (await ownSecondFactorCount(trx, user.id)) > 0;
      const updated = (await UserSecondFactor.query(trx)
        .patch({
          enabled: true,
          name: name ?? row.name,
          data: { ...row.data, lastStep: check.step },
          updated_at: this.api.clock.now(),
          last_used_at: this.api.clock.now(),
        })
        .where({ id, enabled: false })
        .returning('*')) as unknown as TotpRow[];
      const enabled = updated[0];
      if (!enabled) return alreadyEnabled; // a racing request enabled it first
      await recordEvent(this.api, trx, {
        userId: user.id,
        event: SecondFactorEvent.totpEnabled,
        from,
        details: { authenticatorId: id },
      });
      return { ok: true, row: enabled, first: !hadOne };
    });
  }

  async rename(
    from: ChangeSource,
    user: CurrentUser,
    id: number,
    name: string,
  ): Promise<{ ok: true; row: TotpRow } | RefusalWith<'authenticator_not_found'>> {
    const updated = (await UserSecondFactor.query(this.db)
      .patch({ name, updated_at: this.api.clock.now() })
      .where({ id, user_id: user.id, method: TOTP, enabled: true })
      .returning('*')) as unknown as TotpRow[];
    if (!updated[0]) return notFound;
    await recordEvent(this.api, this.db, {
      userId: user.id,
      event: SecondFactorEvent.totpRenamed,
      from,
      details: { authenticatorId: id },
    });
    return { ok: true, row: updated[0] };
  }

  /**
   * Removes an authenticator (pending or enabled). With the member's last second factor of either
   * kind go the backup codes (removeBackupCodesWithLastSecondFactor).
   */
  async remove(
    from: ChangeSource,
    user: CurrentUser,
    id: number,
  ): Promise<{ ok: true; lastOne: boolean } | RefusalWith<'authenticator_not_found'>> {
    return this.db.transaction(async (trx) => {
      const deleted = (await UserSecondFactor.query(trx)
        .delete()
        .where({ id, user_id: user.id, method: TOTP })
        .returning('*')) as unknown as TotpRow[];
      if (!deleted[0]) return notFound;
      const lastOne = await removeBackupCodesWithLastSecondFactor(this.api, trx, user.id, from);
      // Trust was given with the factors the member had then: a removed one must not be skipped.
      const trustedBrowsersEnded = deleted[0].enabled ? await this.api.endTrustedDevices(user.id, trx) : 0;
      if (deleted[0].enabled)
        await recordEvent(this.api, trx, {
          userId: user.id,
          event: SecondFactorEvent.totpRemoved,
          from,
          details: { authenticatorId: id, lastOne, trustedBrowsersEnded },
        });
      return { ok: true, lastOne };
    });
  }

  /**
   * Checks a code against the member's enabled authenticators. On a match the time step is
   * stored with a conditional update, so the same code cannot be accepted twice even by two
   * requests racing on two instances.
   */
  async verify(
    userId: number,
    token: string,
    read: readonly TotpCandidate[] | undefined,
    accepted: (authenticatorId: number) => SecondFactorEventInput,
  ): Promise<TotpCheck> {
    let reused = false;
    // Rows read earlier in the request will do: the update below still insists that the row is
    // enabled and its last step older.
    for (const row of read ?? (await this.enabledFor(userId))) {
      const check = await checkTotp(
        this.api.secrets.open(row.data.secret, sealContext(userId)),
        token,
        row.data.lastStep,
        this.epoch(),
      );
      if (!check.valid) {
        reused ||= check.reused;
        continue;
      }
      // The step's conditional update and the `accepted` event, one statement.
      const stepTaken = this.db('user_second_factors')
        .where({ id: row.id, enabled: true })
        .whereRaw("coalesce((data->>'lastStep')::bigint, -1) < ?", [check.step])
        .update({
          data: this.db.raw("jsonb_set(data, '{lastStep}', to_jsonb(?::bigint))", [check.step]),
          last_used_at: this.api.clock.now(),
          updated_at: this.api.clock.now(),
        })
        .returning('id');
      if (await changeWithEvent(this.db, stepTaken, accepted(row.id))) return { ok: true, authenticatorId: row.id };
      reused = true; // another request took this step first
    }
    return { ok: false, reason: reused ? 'already_used' : 'wrong' };
  }

  /** Seconds since 1970 on the forum's clock: the time the authenticator's step is taken from. */
  private epoch(): number {
    return Math.floor(this.api.clock.now().getTime() / 1000);
  }
}
