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

/**
 * What a security key or passkey row keeps (WebAuthn), binary values as base64url text so the
 * row fits `data jsonb` like the others: the credential's id and COSE public key, its signature
 * counter (the clone check), what the browser said of it, and the member's user handle.
 */
export interface WebAuthnData {
  credentialId: string;
  publicKey: string;
  counter: number;
  transports: string[];
  deviceType: 'singleDevice' | 'multiDevice';
  backedUp: boolean;
  aaguid: string;
  /** The member's opaque WebAuthn user id (random, the same for all their keys). */
  userHandle: string;
  /** A discoverable credential (can log in without a password); null when the browser did not say. */
  discoverable: boolean | null;
  /** Whether the key verified its user (PIN, biometrics) when it was registered. */
  userVerified: boolean;
}

/** One authenticator or one backup code of a member (Discourse's table and columns). */
export class UserSecondFactor<D = TotpData | BackupCodeData | WebAuthnData> extends Model {
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
export type WebAuthnRow = UserSecondFactor<WebAuthnData>;
