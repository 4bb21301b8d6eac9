import { createHash, pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';
import argon2 from 'argon2';
import { timed } from './statistics.js';

export const ARGON2 = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

const pbkdf2Async = promisify(pbkdf2);

/** What one wrong guess costs the server under each peer's way of storing 10 backup codes. */
export interface PeerScheme {
  name: string;
  /** Sets up 10 stored codes; returns one wrong guess's check. */
  prepare(): Promise<() => Promise<void>>;
}

const STORED = 10;
const WRONG = 'WRONG-GUESS-0000';

export const peerSchemes: PeerScheme[] = [
  {
    name: 'ours: one argon2id, the code identifies its row',
    async prepare() {
      const hash = await argon2.hash('STORED-CODE-0001', ARGON2);
      return async () => {
        await argon2.verify(hash, WRONG);
      };
    },
  },
  {
    name: 'Discourse: PBKDF2-SHA256 64k × each stored code',
    async prepare() {
      const salts = Array.from({ length: STORED }, (_, i) => `salt-${i}`);
      return async () => {
        for (const salt of salts) await pbkdf2Async(WRONG, salt, 64_000, 32, 'sha256');
      };
    },
  },
  {
    name: 'Nextcloud/GitLab: a slow hash × each stored code (argon2id for bcrypt)',
    async prepare() {
      const hashes = await Promise.all(
        Array.from({ length: STORED }, (_, i) => argon2.hash(`STORED-CODE-${i}`, ARGON2)),
      );
      return async () => {
        for (const hash of hashes) await argon2.verify(hash, WRONG);
      };
    },
  },
  {
    name: 'Keycloak: one SHA-512, codes in order',
    async prepare() {
      const next = createHash('sha512').update('STORED-CODE-0001').digest('hex');
      return async () => {
        const guess = createHash('sha512').update(WRONG).digest('hex');
        if (guess === next) throw new Error('a wrong guess matched');
      };
    },
  },
];

export async function costPerGuess(scheme: PeerScheme, samples: number): Promise<number[]> {
  const check = await scheme.prepare();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) times.push((await timed(check)).ms);
  return times;
}
