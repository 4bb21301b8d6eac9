import { Worker } from 'node:worker_threads';

export type ThreadRequest =
  | { id: number; type: 'query'; sql: string; params: unknown[] | undefined }
  | { id: number; type: 'listen'; channel: string }
  | { id: number; type: 'close' };

export interface ThreadResult {
  rows: unknown[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
}

type Unnumbered<T> = T extends unknown ? Omit<T, 'id'> : never;

export type ThreadReply =
  { id: number; ok: true; result: ThreadResult | null } | { id: number; ok: false; error: Record<string, unknown> };

/** A NOTIFY heard by the thread, posted before the reply of the statement that caused it. */
export interface ThreadNotice {
  notice: string;
}

/**
 * PGlite in a worker thread, shaped as the one connection knex-pglite drives (`query`,
 * `waitReady`, `close`): statements and their results cross the thread boundary by structured
 * cloning (Dates, Uint8Arrays and JSON values survive it), errors as their fields.
 * PGlite's own `@electric-sql/pglite/worker` is made for browser tabs (Web Locks, BroadcastChannel
 * leader election) and does not run on Node 20.
 */
export class PGliteInWorker {
  readonly waitReady: Promise<void>;
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve(result: ThreadResult | null): void; reject(e: Error): void }>();
  private nextId = 1;
  private exited: Error | null = null;
  private readonly listeners = new Map<string, (() => void)[]>();

  constructor(dataDir: string) {
    this.worker = new Worker(new URL('./pglite-thread.js', import.meta.url), { workerData: { dataDir } });
    this.waitReady = new Promise((resolve, reject) => {
      this.pending.set(0, { resolve: () => resolve(), reject });
    });
    this.worker.on('message', (reply: ThreadReply | ThreadNotice) => {
      if ('notice' in reply) {
        for (const listener of this.listeners.get(reply.notice) ?? []) listener();
        return;
      }
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.result);
      else waiting.reject(Object.assign(new Error(String(reply.error.message)), reply.error));
    });
    const fail = (error: Error) => {
      this.exited = error;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the PGlite worker thread exited (${code})`)));
  }

  async query(sql: string, params?: unknown[]): Promise<ThreadResult> {
    return (await this.call({ type: 'query', sql, params }))!;
  }

  /** As PGlite's own `listen`: the thread listens once per channel, the callbacks are kept here. */
  async listen(channel: string, callback: () => void): Promise<() => Promise<void>> {
    const listeners = this.listeners.get(channel);
    if (listeners) listeners.push(callback);
    else {
      this.listeners.set(channel, [callback]);
      await this.call({ type: 'listen', channel });
    }
    return () => {
      const kept = this.listeners.get(channel)?.filter((l) => l !== callback) ?? [];
      this.listeners.set(channel, kept);
      return Promise.resolve();
    };
  }

  async close(): Promise<void> {
    if (this.exited) return;
    await this.call({ type: 'close' });
    await this.worker.terminate();
  }

  private call(request: Unnumbered<ThreadRequest>): Promise<ThreadResult | null> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id });
    });
  }
}
