import { startForum, type RunningForum } from 'forum-server';
import { createTestDatabase, quietForumOptions, TestClient, type TestDatabase } from 'forum-server/testing';
import { pluginManifest } from './forum.js';

export interface TwoInstances {
  a: RunningForum;
  b: RunningForum;
  database: TestDatabase;
  stop(): Promise<void>;
}

/**
 * Two forum instances sharing one PostgreSQL database, as behind a load balancer: each has its
 * own HTTP server and connection pool, so nothing but the database coordinates them.
 */
export async function startTwoInstances(options: { redisUrl?: string } = {}): Promise<TwoInstances> {
  const database = await createTestDatabase();
  const common = {
    ...quietForumOptions(database, [pluginManifest]),
    ...options,
  };
  const a = await startForum(common);
  const b = await startForum(common);
  return {
    a,
    b,
    database,
    async stop() {
      await a.stop();
      await b.stop();
      await database.drop();
    },
  };
}

/** A client whose cookie, once logged in on one instance, is sent to the other too. */
export function clientOn(instance: RunningForum, from?: TestClient): TestClient {
  const client = new TestClient(instance.url);
  return from ? client.useSessionOf(from).useDeviceOf(from) : client;
}
