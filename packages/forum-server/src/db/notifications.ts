import pg from 'pg';

/**
 * PostgreSQL's NOTIFY on one channel, heard by this process. A cache that trusts it must know
 * when it cannot: `listening` is false while a notice could go unheard (the listener's
 * connection is down and reconnecting), and the handlers run again once it listens anew, since
 * anything may have changed in the gap.
 */
export interface Notifications {
  readonly listening: boolean;
  /** Runs `handler` on every notice, and whenever listening stops or starts again. */
  subscribe(handler: () => void): void;
  close(): Promise<void>;
}

/** Where a listener says that it lost its connection and that it listens again. */
export interface NotificationsLog {
  warn(message: string): void;
  info(message: string): void;
}

/** What `pglite.listen` is, in PGlite and in `PGliteInWorker`. */
export interface PGliteListening {
  listen(channel: string, callback: () => void): Promise<() => Promise<void>>;
}

class Subscribers {
  private readonly handlers: (() => void)[] = [];

  add(handler: () => void): void {
    this.handlers.push(handler);
  }

  tell(): void {
    for (const handler of this.handlers) handler();
  }
}

/**
 * PGlite runs in this process and its one connection never drops, so a notice is never missed:
 * it arrives while the statement that caused it (or its COMMIT) is still answering.
 */
export async function pgliteNotifications(pglite: PGliteListening, channel: string): Promise<Notifications> {
  const subscribers = new Subscribers();
  const unlisten = await pglite.listen(channel, () => subscribers.tell());
  return {
    listening: true,
    subscribe: (handler) => subscribers.add(handler),
    close: () => unlisten(),
  };
}

const RETRY_MS = { first: 500, max: 30_000 };

/**
 * One connection of its own per process, outside knex's pool (a pooled connection is handed to
 * queries and may be closed when idle). When it drops, it is opened again with a growing pause.
 */
class PostgresNotifications implements Notifications {
  listening = false;
  private client: pg.Client | null = null;
  private closed = false;
  private retryMs = RETRY_MS.first;
  private retry: NodeJS.Timeout | null = null;
  private everListened = false;
  private readonly subscribers = new Subscribers();

  constructor(
    private readonly databaseUrl: string,
    private readonly channel: string,
    private readonly log: NotificationsLog,
  ) {}

  subscribe(handler: () => void): void {
    this.subscribers.add(handler);
  }

  /** Listens, or throws: a forum that cannot reach its database at start fails at start. */
  async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.databaseUrl,
      application_name: `forum listener: ${this.channel}`,
      // A connection that died without a word (a dropped route) is found out, not trusted forever.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    client.on('notification', () => this.subscribers.tell());
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, null));
    try {
      await client.connect();
      await client.query(`listen ${client.escapeIdentifier(this.channel)}`);
    } catch (error) {
      client.removeAllListeners('end');
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end();
      return;
    }
    const resumed = this.everListened;
    this.client = client;
    this.listening = true;
    this.everListened = true;
    this.retryMs = RETRY_MS.first;
    this.subscribers.tell();
    if (resumed) this.log.info(`the listener on ${this.channel} listens again`);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    this.listening = false;
    if (client) await client.end();
  }

  private lost(client: pg.Client, error: Error | null): void {
    if (this.client !== client || this.closed) return;
    this.client = null;
    this.listening = false;
    void client.end().catch(() => undefined);
    this.subscribers.tell();
    this.log.warn(`the listener on ${this.channel} lost its connection (${error?.message ?? 'closed'}); reconnecting`);
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    this.retry = setTimeout(() => {
      this.retry = null;
      this.connect().catch((error: unknown) => {
        this.log.warn(`the listener on ${this.channel} could not reconnect (${String(error)})`);
        this.retryMs = Math.min(this.retryMs * 2, RETRY_MS.max);
        if (!this.closed) this.scheduleRetry();
      });
    }, this.retryMs);
    this.retry.unref();
  }
}

export async function postgresNotifications(
  databaseUrl: string,
  channel: string,
  log: NotificationsLog,
): Promise<Notifications> {
  const notifications = new PostgresNotifications(databaseUrl, channel, log);
  await notifications.connect();
  return notifications;
}
