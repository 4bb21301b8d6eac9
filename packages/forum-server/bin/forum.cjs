#!/usr/bin/env node
'use strict';

// The operator's entry point (`npx forum <command>`); the code lives in dist/ after `npm run build`.
// CommonJS on purpose: libuv reads UV_THREADPOOL_SIZE when its pool starts, and loading an ES
// module already starts it, so the size is set here, before the first import.
process.env.UV_THREADPOOL_SIZE = require('./thread-pool.cjs').threadPoolSize(process.env);

import('../dist/src/cli/main.js').then(async ({ main }) => {
  process.exitCode = await main(process.argv.slice(2));
});
