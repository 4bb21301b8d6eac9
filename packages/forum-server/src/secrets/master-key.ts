import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const KEY_FILE = 'secret.key';

/**
 * The server's master key: from SECRET_KEY, or from a key file created (mode 0600) in the data
 * directory on first start. Every other key is derived from it, one per purpose, so a key used
 * for signing is never also used for encryption.
 */
export class MasterKey {
  private constructor(private readonly key: Buffer) {}

  static fromBuffer(key: Buffer): MasterKey {
    if (key.length !== 32) throw new Error('The master key must be 32 bytes');
    return new MasterKey(key);
  }

  static loadOrCreate(dataDir: string): { key: MasterKey; created: boolean } {
    const file = path.join(dataDir, KEY_FILE);
    fs.mkdirSync(dataDir, { recursive: true });
    try {
      const hex = fs.readFileSync(file, 'utf8').trim();
      return { key: MasterKey.fromBuffer(Buffer.from(hex, 'hex')), created: false };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const key = randomBytes(32);
    // 'wx' fails if another process created the file meanwhile: then read theirs.
    try {
      fs.writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return MasterKey.loadOrCreate(dataDir);
      throw error;
    }
    return { key: MasterKey.fromBuffer(key), created: true };
  }

  /** A 32-byte key for one purpose (`purpose` names it, e.g. "csrf" or "plugin:second-factor"). */
  derive(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.key, Buffer.alloc(0), `forum:${purpose}`, 32));
  }

  /**
   * A public fingerprint stored in the database, so an instance started with another key
   * refuses to start instead of failing later when it cannot decrypt.
   */
  fingerprint(): string {
    return createHmac('sha256', this.derive('fingerprint'))
      .update('forum key fingerprint v1')
      .digest('hex')
      .slice(0, 32);
  }
}
