import type { ForumContext, ForumRequest, SiteSettingsReader } from 'forum-plugin-api/server';
import { DEVICE_COOKIE } from '../sessions/known-devices.js';
import type { HostSettings } from '../settings/setting-definition.js';

const made = new WeakMap<object, Promise<ForumRequest<HostSettings>>>();
const deviceTokens = new WeakMap<ForumRequest, string>();
const knownDevices = new WeakMap<ForumRequest, { userId: number; deviceId: number | null }>();

/**
 * The request as services see it (no Koa), made once per request: the first call reads the site
 * settings, every later one (the host's route, the plugin's provider, the attempt limiter) gets
 * the same snapshot, so one request reads its settings once and sees them consistent.
 */
export function forumRequest(
  ctx: ForumContext,
  settings: SiteSettingsReader<HostSettings>,
): Promise<ForumRequest<HostSettings>> {
  let request = made.get(ctx);
  if (!request) {
    request = settings.all().then((values) => {
      const view: ForumRequest<HostSettings> = {
        ip: ctx.ip,
        userAgent: ctx.get('user-agent') || null,
        settings: values,
      };
      const device = ctx.cookies.get(DEVICE_COOKIE);
      if (device) deviceTokens.set(view, device);
      return view;
    });
    made.set(ctx, request);
  }
  return request;
}

/**
 * The browser's device cookie, kept beside the request rather than in it: only the host's
 * limiter reads it (to count the member's own browser on its own), plugins never see it.
 */
export function deviceTokenOf(request: ForumRequest): string | null {
  return deviceTokens.get(request) ?? null;
}

/**
 * What a statement the request already ran found for the browser's device cookie and `userId`
 * (the login challenge's claim reads it), so the limiter need not look it up again.
 */
export function noteKnownDevice(request: ForumRequest, userId: number, deviceId: number | null): void {
  knownDevices.set(request, { userId, deviceId });
}

/** The known-device row noted for `userId` in this request: its id, null for none, undefined when not noted. */
export function notedKnownDevice(request: ForumRequest, userId: number): number | null | undefined {
  const noted = knownDevices.get(request);
  return noted?.userId === userId ? noted.deviceId : undefined;
}
