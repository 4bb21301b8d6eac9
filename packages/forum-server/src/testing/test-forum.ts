import { Writable } from 'node:stream';
import { AdjustableClock } from '../clock.js';
import { startForum, type ForumOptions, type RunningForum } from '../forum.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { TestClient } from './test-client.js';

export interface TestForum {
  forum: RunningForum;
  database: TestDatabase;
  /** Every log line the forum wrote, for tests that check what is (not) logged. */
  logLines: string[];
  /** The forum's clock: `clock.advance(ms)` lets windows close and challenges expire. */
  clock: AdjustableClock;
  client(): TestClient;
  stop(): Promise<void>;
}

/**
 * The options of a forum a test starts on a database it made itself (a second instance, a
 * restart, a CLI run beside it): loopback, any free port, no Ember app, no log lines.
 */
export function quietForumOptions(
  database: TestDatabase,
  pluginManifests: string[] = [],
): ForumOptions & { serveApp: false } {
  return { ...database.config, port: 0, host: '127.0.0.1', serveApp: false, logLevel: 'silent', pluginManifests };
}

/** A real forum on loopback, on its own fresh database (PGlite, or PostgreSQL with DATABASE_URL). */
export async function startTestForum(options: ForumOptions & { serveApp?: boolean } = {}): Promise<TestForum> {
  const database = await createTestDatabase();
  const logLines: string[] = [];
  const logDestination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const clock = new AdjustableClock();
  let forum: RunningForum;
  try {
    forum = await startForum({
      ...database.config,
      port: 0,
      host: '127.0.0.1',
      serveApp: false,
      logLevel: 'info',
      logDestination,
      clock,
      loginSweepIntervalMs: 0,
      ...options,
    });
  } catch (error) {
    await database.drop();
    throw error;
  }
  return {
    forum,
    database,
    logLines,
    clock,
    client: () => new TestClient(forum.url),
    async stop() {
      await forum.stop();
      await database.drop();
    },
  };
}
