import type { ServerPlugin } from 'forum-plugin-api/server';
import { migrations } from './migrations/index.js';

/**
 * The two-factor plugin's server half. The host runs `migrations` with its own, then calls
 * `register(api)` once at start-up (a Discourse plugin's `after_initialize`).
 */
const secondFactorPlugin: ServerPlugin = {
  migrations,
  register(api) {
    api.logger.debug('second-factor plugin registered');
  },
};

export default secondFactorPlugin;
