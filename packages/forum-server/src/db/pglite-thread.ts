/**
 * The worker thread that owns PGlite when PGLITE_WORKER=1: PGlite is PostgreSQL compiled to WASM
 * and runs every statement on the thread that calls it, which on the main thread stalls every
 * request while a query runs. Here it runs beside the event loop; `pglite-in-worker.ts` is the
 * main thread's side. One statement at a time, as PGlite has one connection anyway.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import type { ThreadNotice, ThreadReply, ThreadRequest } from './pglite-in-worker.js';

const port = parentPort!;
const db = new PGlite((workerData as { dataDir: string }).dataDir);

function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  // A DatabaseError's code, constraint, detail… are own properties; structured cloning keeps
  // only an Error's message, so they travel as a plain object.
  return { ...Object.fromEntries(Object.entries(error)), name: error.name, message: error.message };
}

port.on('message', (request: ThreadRequest) => {
  void (async () => {
    let reply: ThreadReply;
    try {
      if (request.type === 'close') {
        await db.close();
        reply = { id: request.id, ok: true, result: null };
      } else if (request.type === 'listen') {
        const channel = request.channel;
        await db.listen(channel, () => port.postMessage({ notice: channel } satisfies ThreadNotice));
        reply = { id: request.id, ok: true, result: null };
      } else {
        const result = await db.query(request.sql, request.params);
        reply = {
          id: request.id,
          ok: true,
          result: { rows: result.rows, fields: result.fields, affectedRows: result.affectedRows },
        };
      }
    } catch (error) {
      reply = { id: request.id, ok: false, error: errorFields(error) };
    }
    port.postMessage(reply);
  })();
});

db.waitReady.then(
  () => port.postMessage({ id: 0, ok: true, result: null } satisfies ThreadReply),
  (error: unknown) => port.postMessage({ id: 0, ok: false, error: errorFields(error) } satisfies ThreadReply),
);
