import type { Knex } from 'knex';
import { METHOD_COLUMN, type BackupCodesStatus } from '@second-factor/core';
import type { BackupCodeData } from '../models/user-second-factor.js';

interface BackupCodeRowView {
  enabled: boolean;
  last_used_at: Date | null;
  created_at: Date;
  data: BackupCodeData;
}

/** How many codes the member has and which were used when; never a code or a hash. */
export async function backupCodesStatus(db: Knex, userId: number, featureEnabled: boolean): Promise<BackupCodesStatus> {
  const rows: BackupCodeRowView[] = await db('user_second_factors')
    .where({ user_id: userId, method: METHOD_COLUMN.backup_code })
    .whereNull('replaced_at') // a replaced sheet is the tripwire's, not the member's codes
    .select('enabled', 'last_used_at', 'created_at', 'data');
  const used = rows
    .filter((r) => !r.enabled && r.last_used_at)
    .map((r) => ({ position: r.data.position, usedAt: r.last_used_at!.toISOString() }))
    .sort((a, b) => a.position - b.position);
  const createdAt = rows.reduce<Date | null>(
    (latest, r) => (latest && latest > r.created_at ? latest : r.created_at),
    null,
  );
  return {
    enabled: featureEnabled,
    total: rows.length,
    remaining: rows.filter((r) => r.enabled).length,
    used,
    createdAt: createdAt ? createdAt.toISOString() : null,
  };
}
