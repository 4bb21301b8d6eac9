'use strict';

const os = require('node:os');

/**
 * How many threads libuv's pool gets, where argon2id runs (passwords and backup codes): the
 * operator's UV_THREADPOOL_SIZE, else one per core, at least 2. Node's default is 4 whatever the
 * machine; on 2 cores four memory-hard hashes at once slow each other down and leave the event
 * loop and the database no core (docs/benchmarks.md, "Thread pool").
 */
function threadPoolSize(env) {
  return env.UV_THREADPOOL_SIZE || String(Math.max(2, os.availableParallelism()));
}

module.exports = { threadPoolSize };
