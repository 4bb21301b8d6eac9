import type { AbandonedSecondStep } from 'forum-plugin-api/server';
import type { ForumServices } from '../forum-services.js';
import { browserName } from './browser-name.js';

/** Challenges handed over per transaction; a sweep runs batches until none is left. */
const BATCH = 50;
/** Any fixed number: the key of the PostgreSQL advisory lock that makes sweeps take turns. */
const SWEEP_LOCK = 7_160_816;

interface EndedRow {
  user_id: number;
  failed_attempts: number;
  ip: string | null;
  user_agent: string | null;
  created_at: Date;
}

type Sources = Pick<ForumServices, 'db' | 'databaseKind' | 'clock' | 'settings' | 'secondFactors' | 'logger'>;

/**
 * Finds the login challenges that ended without a login — expired unused, or ended by wrong
 * tokens and past their expiry — and hands each to the second-factor plugin
 * (`onSecondStepAbandoned`), deleting it in the same transaction: each is handed over exactly
 * once, and a fault puts the batch back for the next sweep. On PostgreSQL an advisory lock
 * lets one instance sweep at a time (another finds it taken and leaves the work to it), so the
 * plugin's "once per 24 hours" reads what the previous handing-over wrote. Resolves with how
 * many were handed over.
 */
export async function sweepAbandonedLogins(services: Sources): Promise<number> {
  const { db, clock, secondFactors } = services;
  let total = 0;
  for (;;) {
    const handed = await db.transaction(async (trx): Promise<number | null> => {
      if (services.databaseKind === 'postgres') {
        const lock: { rows: { taken: boolean }[] } = await trx.raw('select pg_try_advisory_xact_lock(?) as taken', [
          SWEEP_LOCK,
        ]);
        if (!lock.rows[0]?.taken) return null; // another instance is sweeping
      }
      const now = clock.now();
      const due = trx('login_challenges')
        .where('expires_at', '<=', now)
        .orderBy('expires_at')
        .limit(BATCH)
        .select('id');
      const rows: EndedRow[] = await trx('login_challenges')
        .whereIn('id', due)
        .delete()
        .returning(['user_id', 'failed_attempts', 'ip', 'user_agent', 'created_at']);
      const hook = secondFactors.provider?.onSecondStepAbandoned?.bind(secondFactors.provider);
      if (hook && rows.length > 0) {
        const settings = await services.settings.all(trx);
        for (const row of rows.sort((a, b) => a.created_at.getTime() - b.created_at.getTime())) {
          await hook(abandonedStep(row, settings), trx);
        }
      }
      return rows.length;
    });
    if (handed === null) return total;
    total += handed;
    if (handed < BATCH) return total;
  }
}

function abandonedStep(row: EndedRow, settings: AbandonedSecondStep['settings']): AbandonedSecondStep {
  return {
    userId: row.user_id,
    reason: row.failed_attempts > 0 ? 'wrong_codes' : 'expired',
    failedAttempts: row.failed_attempts,
    at: new Date(row.created_at),
    ip: row.ip,
    userAgent: row.user_agent,
    browser: browserName(row.user_agent),
    settings,
  };
}

/**
 * Runs the sweep every `intervalMs` of real time (the challenges' expiry is read on the forum's
 * clock); 0 runs it only when asked (tests call `sweepNow`). Sweeps in one process run one after
 * another, and stopping waits for one in flight.
 */
export class AbandonedLoginSweeper {
  private timer: NodeJS.Timeout | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly services: Sources,
    private readonly intervalMs: number,
  ) {}

  sweepNow(): Promise<number> {
    const run = this.queue.then(() => sweepAbandonedLogins(this.services));
    this.queue = run.catch(() => undefined);
    return run;
  }

  start(): void {
    if (this.intervalMs <= 0 || this.timer || this.stopped) return;
    const tick = (): void => {
      this.timer = null;
      this.sweepNow()
        .catch((error: unknown) =>
          this.services.logger.error({ err: error, event: 'login_sweep_failed' }, 'sweeping abandoned logins failed'),
        )
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.intervalMs);
        });
    };
    this.timer = setTimeout(tick, this.intervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.queue;
  }
}
