import fs from 'node:fs';
import path from 'node:path';

const LOCK_FILE = 'forum.lock';

interface LockOwner {
  pid: number;
  command: string;
  startedAt: string;
}

export class DataDirLockedError extends Error {}

/** Folders locked by this process: a second PGlite in the same process corrupts data as well. */
const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The embedded database is single-process: two processes writing one PGlite folder lose rows
 * without any error. Whoever opens the folder holds this lock; anyone else is refused at once,
 * with a message naming the holder. A lock left by a dead process is taken over.
 */
export function lockDataDir(dataDir: string, command: string): { release(): void } {
  const dir = path.resolve(dataDir);
  const file = path.join(dir, LOCK_FILE);
  if (heldHere.has(dir)) {
    throw new DataDirLockedError(`The data directory ${dir} is already open in this process.`);
  }
  fs.mkdirSync(dir, { recursive: true });
  const owner: LockOwner = { pid: process.pid, command, startedAt: new Date().toISOString() };

  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(owner), { flag: 'wx', mode: 0o600 });
      heldHere.add(dir);
      return {
        release() {
          heldHere.delete(dir);
          try {
            const current = JSON.parse(fs.readFileSync(file, 'utf8')) as LockOwner;
            if (current.pid === process.pid) fs.unlinkSync(file);
          } catch {
            // Already gone: nothing to release.
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder: LockOwner | null = null;
    try {
      holder = JSON.parse(fs.readFileSync(file, 'utf8')) as LockOwner;
    } catch {
      holder = null; // unreadable or half-written: treat as stale
    }
    if (holder && holder.pid !== process.pid && isAlive(holder.pid)) {
      throw new DataDirLockedError(
        `The embedded database in ${dir} is in use by process ${holder.pid} ("${holder.command}", since ${holder.startedAt}). ` +
          'PGlite is single-process: stop that process first, run this command through it, or set DATABASE_URL to use PostgreSQL.',
      );
    }
    fs.rmSync(file, { force: true });
  }
  throw new DataDirLockedError(`Could not lock the data directory ${dir}.`);
}
