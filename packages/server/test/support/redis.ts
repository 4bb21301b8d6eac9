import { spawnSync } from 'node:child_process';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Speaks just enough RESP to hear "+PONG" back; run in a child so the answer is known synchronously. */
const PING = `const url = new URL(process.argv[1]);
const socket = require('node:net').connect(Number(url.port || 6379), url.hostname, () => socket.write('PING\\r\\n'));
socket.setTimeout(2000, () => process.exit(1));
socket.on('data', (data) => process.exit(String(data).startsWith('+PONG') ? 0 : 1));
socket.on('error', () => process.exit(1));`;

/**
 * Whether Redis answers, known while the test file is being loaded (QUnit loads test files with
 * require, so no top-level await), so that modules needing it can be declared skipped instead of
 * passing empty. CI starts Redis, so there a missing Redis fails the run instead of skipping.
 */
export function redisReachable(): boolean {
  const answered = spawnSync(process.execPath, ['-e', PING, REDIS_URL], { timeout: 5000 }).status === 0;
  if (!answered && process.env.CI) throw new Error(`Redis is not reachable at ${REDIS_URL}; .ci/run starts it`);
  return answered;
}
