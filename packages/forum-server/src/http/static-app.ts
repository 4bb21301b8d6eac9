import fs from 'node:fs';
import path from 'node:path';
import type { Middleware } from 'koa';
import send from 'koa-send';

/**
 * Serves the built Ember app: files from `dist/`, and `index.html` for any extension-less GET
 * outside `/api`, so deep links such as `/u/alice/preferences/security` load the app.
 */
export function serveApp(distDir: string): Middleware {
  const index = path.join(distDir, 'index.html');
  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || ctx.path.startsWith('/api')) {
      await next();
      return;
    }
    if (path.extname(ctx.path) !== '') {
      try {
        await send(ctx, ctx.path, {
          root: distDir,
          immutable: ctx.path.startsWith('/assets/'),
          maxage: ctx.path.startsWith('/assets/') ? 31536000000 : 0,
        });
      } catch (error) {
        if ((error as { status?: number }).status !== 404) throw error;
      }
      return;
    }
    if (!fs.existsSync(index)) {
      ctx.status = 503;
      ctx.type = 'text/plain';
      ctx.body = 'The forum app is not built yet: run `npm run build` (npm start does it for you).';
      return;
    }
    await send(ctx, 'index.html', { root: distDir });
    ctx.set('Cache-Control', 'no-cache');
  };
}
