import type { ParameterizedContext } from 'koa';
import type Router from '@koa/router';
import type { ForumState } from 'forum-plugin-api/server';

/** What the host keeps on each request besides what plugins see. */
export interface HostState extends ForumState {
  /** The raw session cookie value; never logged, never sent back but as the cookie. */
  sessionToken: string;
}

export type HostContext = ParameterizedContext<HostState>;
export type HostRouter = Router<HostState>;
