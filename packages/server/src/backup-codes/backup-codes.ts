import { randomUUID } from 'node:crypto';
import { formatBackupCode, identifierOf, METHOD_COLUMN, normalizeBackupCode, SecondFactorEvent, type BackupCodesStatus } from '@second-factor/core';
import { recordEvent } from '../events/record-event.js';
import type { BackupCodeData } from '../models/user-second-factor.js';
import type { ChangeSource, PluginApi, SecondFactorSettings } from '../plugin-types.js';
import { backupCodesStatus } from './backup-codes-status.js';
import { generateBackupCodes } from './generate-backup-codes.js';
import { hashBackupCode, verifyBackupCode } from './backup-code-hashing.js';

const BACKUP_CODE = METHOD_COLUMN.backup_code;

export type BackupCodeCheck =
  | { ok: true; position: number; remaining: number }
  | { ok: false; reason: 'malformed' | 'wrong' }
  | { ok: false; reason: 'already_used'; usedAt: Date };

interface BackupCodeRow {
  id: number;
  enabled: boolean;
  last_used_at: Date | null;
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
    const row = await this.db('user_second_factors').where({ user_id: userId, method: BACKUP_CODE, enabled: true }).count({ n: '*' }).first();
    return Number(row?.n ?? 0);
  }

  async hasAny(userId: number): Promise<boolean> {
    return (await this.db('user_second_factors').where({ user_id: userId, method: BACKUP_CODE }).first('id')) !== undefined;
  }

  status(userId: number, settings: SecondFactorSettings): Promise<BackupCodesStatus> {
    return backupCodesStatus(this.db, userId, this.featureEnabled(settings));
  }

  /**
   * Creates a new batch and returns its codes, formatted, for the only time they are shown. The
   * old batch is replaced in the same transaction: after it no old code works, and if anything
   * fails before the commit every old code still does.
   */
  async createBatch(from: ChangeSource, userId: number): Promise<string[]> {
    const codes = generateBackupCodes(from.settings.backup_codes_count, from.settings.backup_code_length);
    // Hash before the transaction: ~35 ms each on the thread pool, and PGlite has one connection.
    const hashes = await Promise.all(codes.map(hashBackupCode));
    const batch = randomUUID();
    await this.db.transaction(async (trx) => {
      await trx('user_second_factors').where({ user_id: userId, method: BACKUP_CODE }).delete();
      await trx('user_second_factors').insert(
        codes.map((code, i) => ({
          user_id: userId,
          method: BACKUP_CODE,
          enabled: true,
          data: JSON.stringify({ batch, position: i + 1, identifier: identifierOf(code), hash: hashes[i]! } satisfies BackupCodeData),
        })),
      );
      await recordEvent(this.api, trx, { userId, event: SecondFactorEvent.backupCodesCreated, from, details: { count: codes.length } });
    });
    return codes.map(formatBackupCode);
  }

  async remove(from: ChangeSource, userId: number): Promise<void> {
    await this.db.transaction(async (trx) => {
      const removed = await trx('user_second_factors').where({ user_id: userId, method: BACKUP_CODE }).delete().returning('id');
      if (removed.length > 0) await recordEvent(this.api, trx, { userId, event: SecondFactorEvent.backupCodesRemoved, from, details: { reason: 'member' } });
    });
  }

  /** Checks a typed code and, when it is right and unused, burns it. */
  async check(userId: number, input: string): Promise<BackupCodeCheck> {
    const code = normalizeBackupCode(input);
    if (!code) return { ok: false, reason: 'malformed' };
    const row: BackupCodeRow | undefined = await this.db('user_second_factors')
      .where({ user_id: userId, method: BACKUP_CODE })
      .whereRaw("data->>'identifier' = ?", [identifierOf(code)])
      .first('id', 'enabled', 'last_used_at', 'data');
    if (!(await verifyBackupCode(row?.data.hash ?? null, code)) || !row) return { ok: false, reason: 'wrong' };
    if (!row.enabled) return { ok: false, reason: 'already_used', usedAt: row.last_used_at ?? this.api.clock.now() };

    const now = this.api.clock.now();
    const burned = await this.db('user_second_factors').where({ id: row.id, enabled: true }).update({ enabled: false, last_used_at: now, updated_at: now }).returning('id');
    if (burned.length !== 1) return { ok: false, reason: 'already_used', usedAt: now }; // a racing request won
    return { ok: true, position: row.data.position, remaining: await this.remaining(userId) };
  }
}
