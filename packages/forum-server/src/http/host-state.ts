import type { ParameterizedContext } from 'koa';
import type Router from '@koa/router';
import type { ForumState } from 'forum-plugin-api/server';
import type { AnonymousTokens } from '../sessions/anonymous-tokens.js';

/** What the host keeps on each request besides what plugins see. */
export interface HostState extends ForumState {
  /** The raw session cookie value; never logged, never sent back but as the cookie. */
  sessionToken: string;
  /** Issues the visitor's next token when a session ends (logout) and checks the ones sent. */
  anonymousTokens: AnonymousTokens;
}

export type HostContext = ParameterizedContext<HostState>;
export type HostRouter = Router<HostState>;
