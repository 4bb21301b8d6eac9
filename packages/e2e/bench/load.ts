import { timed } from './statistics.js';

export interface LoadResult {
  completed: number;
  /** Tasks that threw or got an unexpected answer; each one fails the bench. */
  errors: string[];
  latencies: number[];
  seconds: number;
}

/**
 * A closed loop: `clients` workers, each running `task` again as soon as its last one ended,
 * until `seconds` have passed or `count` tasks have been started.
 */
export async function closedLoop(
  clients: number,
  limit: { seconds?: number; count?: number },
  task: () => Promise<void>,
): Promise<LoadResult> {
  const result: LoadResult = { completed: 0, errors: [], latencies: [], seconds: 0 };
  const deadline = limit.seconds === undefined ? Infinity : Date.now() + limit.seconds * 1000;
  let started = 0;
  const begin = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < deadline && started < (limit.count ?? Infinity)) {
        started += 1;
        try {
          result.latencies.push((await timed(task)).ms);
          result.completed += 1;
        } catch (error) {
          result.errors.push(error instanceof Error ? error.message : String(error));
        }
      }
    }),
  );
  result.seconds = Number(process.hrtime.bigint() - begin) / 1e9;
  return result;
}

/** Samples a request's latency every `everyMs` until stopped: what any other visitor would feel. */
export function probe(run: () => Promise<{ status: number }>, everyMs: number): { stop(): Promise<number[]> } {
  const latencies: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const { result, ms } = await timed(run);
      if (result.status !== 200) throw new Error(`probe answered ${result.status}`);
      latencies.push(ms);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return latencies;
    },
  };
}
