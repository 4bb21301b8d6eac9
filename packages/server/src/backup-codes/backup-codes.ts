import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import {
  formatBackupCode,
  identifierOf,
  METHOD_COLUMN,
  normalizeBackupCode,
  SecondFactorEvent,
  type BackupCodesStatus,
} from '@second-factor/core';
import { recordEvent } from '../events/record-event.js';
import type { BackupCodeData } from '../models/user-second-factor.js';
import type { ChangeSource, PluginApi, SecondFactorSettings } from '../plugin-types.js';
import { backupCodesStatus } from './backup-codes-status.js';
import { generateBackupCodes } from './generate-backup-codes.js';
import { hashBackupCode, verifyBackupCode } from './backup-code-hashing.js';

const BACKUP_CODE = METHOD_COLUMN.backup_code;
const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * Replaced sheets the tripwire watches at most, per member (the newest). Their identifiers are
 * kept out of new batches, so this bounds what is taken: 6 sheets of at most 20 of 1,024.
 */
export const MAX_KEPT_SHEETS = 5;

export type BackupCodeCheck =
  | { ok: true; position: number; remaining: number }
  | { ok: false; reason: 'malformed' | 'wrong' }
  | { ok: false; reason: 'already_used'; usedAt: Date }
  /** Right, but from a sheet a newer batch replaced: the tripwire. */
  | { ok: false; reason: 'replaced'; replacedAt: Date };

/** Codes drawn for a new batch and their argon2id hashes, not yet stored. */
export interface DrawnBatch {
  codes: string[];
  hashes: string[];
}

interface BackupCodeRow {
  id: number;
  enabled: boolean;
  last_used_at: Date | null;
  replaced_at: Date | null;
  data: BackupCodeData;
}

/**
 * A member's one-time backup codes: one row per code holding only its argon2id hash. A check
 * costs one hash evaluation whatever the number of codes (the identifier picks the row), and a
 * code is burned by a conditional update that exactly one of any number of racing requests wins.
 */
export class BackupCodes {
  constructor(private readonly api: PluginApi) {}

  private get db() {
    return this.api.db;
  }

  featureEnabled(settings: SecondFactorSettings): boolean {
    return settings.backup_codes_enabled;
  }

  async remaining(userId: number): Promise<number> {
    const row = (await this.unusedCodes(this.db, userId).count({ n: '*' }).first()) as
      { n: number | string } | undefined;
    return Number(row?.n ?? 0);
  }

  /** The member's codes that still work, as a query to count or to use inside another. */
  unusedCodes(db: Knex, userId: number): Knex.QueryBuilder {
    return db('user_second_factors')
      .where({ user_id: userId, method: BACKUP_CODE, enabled: true })
      .whereNull('replaced_at');
  }

  async hasAny(userId: number): Promise<boolean> {
    return (
      (await this.db('user_second_factors')
        .where({ user_id: userId, method: BACKUP_CODE })
        .whereNull('replaced_at')
        .first('id')) !== undefined
    );
  }

  status(userId: number, settings: SecondFactorSettings): Promise<BackupCodesStatus> {
    return backupCodesStatus(this.db, userId, this.featureEnabled(settings));
  }

  /**
   * Replaced sheets older than this are no longer watched (as good as deleted); null when the
   * tripwire is off (`backup_codes_tripwire_days` = 0).
   */
  tripwireCutoff(settings: SecondFactorSettings): Date | null {
    const days = settings.backup_codes_tripwire_days;
    return days > 0 ? new Date(this.api.clock.now().getTime() - days * DAY_MS) : null;
  }

  /**
   * Creates a new batch and returns its codes, formatted, for the only time they are shown. The
   * old batch is replaced in the same transaction: after it no old code works, and if anything
   * fails before the commit every old code still does. With the tripwire on, the old rows stay,
   * marked replaced, and the new codes' identifiers differ from theirs, so an identifier still
   * selects exactly one row (one argon2id per attempt).
   */
  async createBatch(from: ChangeSource, userId: number): Promise<string[]> {
    const drawn = await this.drawBatch(from, userId);
    return this.db.transaction(async (trx) => {
      const codes = await this.writeBatch(trx, from, userId, drawn);
      await recordEvent(this.api, trx, {
        userId,
        event: SecondFactorEvent.backupCodesCreated,
        from,
        details: { count: codes.length },
      });
      return codes;
    });
  }

  /**
   * A new batch's codes and their hashes, made before any transaction: ~35 ms of hashing each on
   * the thread pool, and PGlite has one connection. `writeBatch` stores it.
   */
  async drawBatch(from: ChangeSource, userId: number): Promise<DrawnBatch> {
    const { backup_codes_count: count, backup_code_length: length } = from.settings;
    const codes = generateBackupCodes(count, length, await this.keptIdentifiers(this.db, userId, from.settings));
    return { codes, hashes: await Promise.all(codes.map(hashBackupCode)) };
  }

  /**
   * Replaces the member's batch with a drawn one inside the caller's transaction (no event: the
   * caller records its own), and returns the codes, formatted, for the only time they are shown.
   */
  async writeBatch(trx: Knex, from: ChangeSource, userId: number, drawn: DrawnBatch): Promise<string[]> {
    const { backup_codes_count: count, backup_code_length: length } = from.settings;
    const cutoff = this.tripwireCutoff(from.settings);
    let { codes, hashes } = drawn;
    const batch = randomUUID();
    // One new batch per member at a time: a racing one waits here, then reads this one's rows.
    await trx('user_second_factors').where({ user_id: userId }).forUpdate().select('id');
    await this.purgeReplaced(trx, userId, cutoff);
    const taken = await this.keptIdentifiers(trx, userId, from.settings);
    if (codes.some((code) => taken.has(identifierOf(code)))) {
      // Only when another batch was made since the codes were drawn: draw again, here.
      codes = generateBackupCodes(count, length, taken);
      hashes = await Promise.all(codes.map(hashBackupCode));
    }
    const now = this.api.clock.now();
    const current = trx('user_second_factors').where({ user_id: userId, method: BACKUP_CODE }).whereNull('replaced_at');
    await (cutoff === null ? current.delete() : current.update({ enabled: false, replaced_at: now, updated_at: now }));
    await trx('user_second_factors').insert(
      codes.map((code, i) => ({
        user_id: userId,
        method: BACKUP_CODE,
        enabled: true,
        data: JSON.stringify({
          batch,
          position: i + 1,
          identifier: identifierOf(code),
          hash: hashes[i]!,
        } satisfies BackupCodeData),
      })),
    );
    return codes.map(formatBackupCode);
  }

  /** Identifiers a new batch must not use: the member's current codes and the sheets still watched. */
  private async keptIdentifiers(db: Knex, userId: number, settings: SecondFactorSettings): Promise<Set<string>> {
    const cutoff = this.tripwireCutoff(settings);
    if (cutoff === null) return new Set(); // the current batch is deleted, not kept
    const rows: { identifier: string }[] = await db('user_second_factors')
      .where({ user_id: userId, method: BACKUP_CODE })
      .whereRaw('(replaced_at is null or replaced_at > ?)', [cutoff])
      .select(db.raw("data->>'identifier' as identifier"));
    return new Set(rows.map((r) => r.identifier));
  }

  /**
   * Deletes replaced rows the tripwire no longer watches: expired ones forum-wide (so they go
   * even for members who never make another batch, as long as anyone does), and this member's
   * sheets beyond the newest MAX_KEPT_SHEETS - 1, making room for the one being replaced now.
   */
  private async purgeReplaced(trx: Knex, userId: number, cutoff: Date | null): Promise<void> {
    const expired = trx('user_second_factors').where({ method: BACKUP_CODE }).whereNotNull('replaced_at');
    await (cutoff === null ? expired : expired.where('replaced_at', '<=', cutoff)).delete();
    if (cutoff === null) return;
    const sheets: { batch: string }[] = await trx('user_second_factors')
      .where({ user_id: userId, method: BACKUP_CODE })
      .whereNotNull('replaced_at')
      .groupByRaw("data->>'batch'")
      .orderByRaw('max(replaced_at) desc')
      .select(trx.raw("data->>'batch' as batch"));
    const dropped = sheets.slice(MAX_KEPT_SHEETS - 1).map((s) => s.batch);
    if (dropped.length > 0) {
      await trx('user_second_factors')
        .where({ user_id: userId, method: BACKUP_CODE })
        .whereNotNull('replaced_at')
        .whereRaw(`data->>'batch' in (${dropped.map(() => '?').join(', ')})`, dropped)
        .delete();
    }
  }

  async remove(from: ChangeSource, userId: number): Promise<void> {
    await this.db.transaction(async (trx) => {
      const removed = await trx('user_second_factors')
        .where({ user_id: userId, method: BACKUP_CODE })
        .delete()
        .returning('id');
      if (removed.length > 0)
        await recordEvent(this.api, trx, {
          userId,
          event: SecondFactorEvent.backupCodesRemoved,
          from,
          details: { reason: 'member' },
        });
    });
  }

  /**
   * Checks a typed code and, when it is right and unused, burns it. A right code from a sheet
   * the tripwire watches is refused as `replaced`; one from a sheet it no longer watches is
   * as wrong as any other.
   *
   * In two halves: the code's row is read at once, and `finish` checks the code against it. A
   * caller that counts the attempt in between (the attempt limiter) has the read and the count
   * in flight together, and the code is still checked only after it was counted; the read alone
   * tells nothing, and a refused attempt never waits for it.
   */
  begin(userId: number, input: string, settings: SecondFactorSettings): { finish: () => Promise<BackupCodeCheck> } {
    const code = normalizeBackupCode(input);
    if (!code) return { finish: () => Promise.resolve({ ok: false, reason: 'malformed' }) };
    const cutoff = this.tripwireCutoff(settings);
    const candidates = this.db('user_second_factors')
      .where({ user_id: userId, method: BACKUP_CODE })
      .whereRaw("data->>'identifier' = ?", [identifierOf(code)]);
    // A replaced sheet only while the tripwire watches it: after that its rows are as good as gone.
    const watched =
      cutoff === null
        ? candidates.whereNull('replaced_at')
        : candidates.whereRaw('(replaced_at is null or replaced_at > ?)', [cutoff]);
    const read: Promise<BackupCodeRow | undefined> = watched
      .first('id', 'enabled', 'last_used_at', 'replaced_at', 'data')
      .then((row: BackupCodeRow | undefined) => row);
    read.catch(() => undefined); // a locked-out attempt never awaits the read: its failure is no unhandled rejection
    return { finish: async () => this.finishCheck(userId, code, await read) };
  }

  private async finishCheck(userId: number, code: string, row: BackupCodeRow | undefined): Promise<BackupCodeCheck> {
    if (!(await verifyBackupCode(row?.data.hash ?? null, code)) || !row) return { ok: false, reason: 'wrong' };
    if (row.replaced_at) return { ok: false, reason: 'replaced', replacedAt: row.replaced_at };
    if (!row.enabled) return { ok: false, reason: 'already_used', usedAt: row.last_used_at ?? this.api.clock.now() };

    const now = this.api.clock.now();
    const remaining = await this.burn(row.id, userId, now);
    if (remaining === null) return { ok: false, reason: 'already_used', usedAt: now }; // a racing request won
    return { ok: true, position: row.data.position, remaining };
  }

  /**
   * Burns a code and counts what is left, in one statement: the count reads the table as it was
   * before the update (a CTE's snapshot), so the burned row is left out by its id. Null when a
   * racing request burned it first.
   */
  private async burn(id: number, userId: number, now: Date): Promise<number | null> {
    const burned = this.db('user_second_factors')
      .where({ id, enabled: true })
      .update({ enabled: false, last_used_at: now, updated_at: now })
      .returning('id');
    const row = (await this.db
      .with('burned', burned)
      .select(
        this.db('burned').count('*').as('burned'),
        this.unusedCodes(this.db, userId).whereNotIn('id', this.db('burned').select('id')).count('*').as('remaining'),
      )
      .first()) as { burned: number | string; remaining: number | string } | undefined;
    return Number(row?.burned) === 1 ? Number(row?.remaining) : null;
  }
}
