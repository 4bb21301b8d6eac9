#!/usr/bin/env node
// The operator's entry point (`npx forum <command>`); the code lives in dist/ after `npm run build`.
import { main } from '../dist/src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
