/**
 * The forum under measurement, in its own process, so the load driver's work never shows up in
 * the server's event loop or memory. It answers the bench's questions over IPC: the event-loop
 * delay since the last reset, its resident memory, and a few set-up chores that are not measured.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startTestForum, writeSiteSettings } from 'forum-server/testing';

export type BenchRequest =
  | { id: number; type: 'settings'; values: Record<string, unknown> }
  | { id: number; type: 'clear-lockouts' }
  | { id: number; type: 'settle' }
  | { id: number; type: 'reset-event-loop' }
  | { id: number; type: 'stats' }
  | { id: number; type: 'stop' };

export interface ServerStats {
  eventLoop: { p50: number; p99: number; max: number };
  rssBytes: number;
}

export type BenchReply = { id: number; ok: true; stats?: ServerStats } | { id: number; ok: false; error: string };

export type ReadyMessage = { type: 'ready'; url: string; database: string };

const pluginManifest = fileURLToPath(new URL('../../../../plugin.json', import.meta.url));

async function main(): Promise<void> {
  // Silent unless asked (BENCH_LOG_LEVEL=error shows a 500's cause): the test forum keeps log
  // lines in memory otherwise, which would read as a leak.
  const logLevel = process.env.BENCH_LOG_LEVEL ?? 'silent';
  const forum = await startTestForum({
    pluginManifests: [pluginManifest],
    logLevel,
    ...(logLevel === 'silent' ? {} : { logDestination: process.stderr }),
  });
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const send = (message: BenchReply | ReadyMessage) => process.send?.(message);

  process.on('message', (request: BenchRequest) => {
    void (async () => {
      try {
        switch (request.type) {
          case 'settings':
            await writeSiteSettings(forum.forum, request.values);
            break;
          case 'clear-lockouts':
            await forum.forum.services.db('attempt_counters').delete();
            break;
          case 'settle':
            await forum.forum.services.db.raw('vacuum analyze');
            break;
          case 'reset-event-loop':
            delay.reset();
            break;
          case 'stats':
            send({
              id: request.id,
              ok: true,
              stats: {
                eventLoop: { p50: delay.percentile(50) / 1e6, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 },
                rssBytes: process.memoryUsage.rss(),
              },
            });
            return;
          case 'stop':
            delay.disable();
            await forum.stop();
            send({ id: request.id, ok: true });
            process.disconnect();
            return;
        }
        send({ id: request.id, ok: true });
      } catch (error) {
        send({ id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
  send({ type: 'ready', url: forum.forum.url, database: forum.database.kind });
}

await main();
