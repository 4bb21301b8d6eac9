import { Model } from 'objection';
import type { METHOD_COLUMN } from '@second-factor/core';

/** What a TOTP row keeps: the sealed secret and the last accepted time step (replay guard). */
export interface TotpData {
  secret: string;
  lastStep: number | null;
}

/** What a backup-code row keeps: never the code, only its argon2id hash. */
export interface BackupCodeData {
  batch: string;
  position: number;
  identifier: string;
  hash: string;
}

/** One authenticator or one backup code of a member (Discourse's table and columns). */
export class UserSecondFactor<D = TotpData | BackupCodeData> extends Model {
  static override tableName = 'user_second_factors';

  static override jsonSchema = {
    type: 'object',
    properties: { data: { type: 'object' } },
  };

  id!: number;
  user_id!: number;
  method!: (typeof METHOD_COLUMN)[keyof typeof METHOD_COLUMN];
  name!: string | null;
  data!: D;
  enabled!: boolean;
  last_used_at!: Date | null;
  created_at!: Date;
  updated_at!: Date;
}

export type TotpRow = UserSecondFactor<TotpData>;
export type BackupCodeRow = UserSecondFactor<BackupCodeData>;
