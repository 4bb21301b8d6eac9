import type Router from '@koa/router';
import type { ForumContext } from 'forum-plugin-api/server';

type AnyRouter = Pick<Router, 'stack' | 'match'>;

/**
 * The routes marked `allowDuringSetup` (the host's session, site and health routes, and what
 * plugins add with the flag): a route knows it is allowed, so no middleware keeps a list of paths.
 * Marked by the layers their definition added to the router, matched by path whatever the method.
 */
export class SetupAllowedRoutes {
  private readonly layers = new WeakSet<object>();
  private router: AnyRouter | null = null;

  /** Defines routes on `router`; with `allowed`, each one it adds is marked. */
  define(router: AnyRouter, allowed: boolean, define: () => void): void {
    this.router = router;
    const before = router.stack.length;
    define();
    if (allowed) for (const layer of router.stack.slice(before)) this.layers.add(layer);
  }

  allows(ctx: ForumContext): boolean {
    // Layers with methods are routes; the others are middleware, which match every path.
    return (
      this.router
        ?.match(ctx.path, ctx.method)
        .path.some((layer) => layer.methods.length > 0 && this.layers.has(layer)) ?? false
    );
  }
}
