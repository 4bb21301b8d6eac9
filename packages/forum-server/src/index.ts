export { startForum, openForum, hostVersion, type RunningForum, type ForumOptions } from './forum.js';
export { configFromEnv, type ForumConfig } from './config.js';
export type { ForumServices } from './forum-services.js';
