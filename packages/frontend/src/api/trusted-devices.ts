/**
 * The member's trusted browsers ("Trust this browser" at the login's second step). The host
 * keeps them (they are its device cookies and its login flow); the plugin shows them.
 */
import type { PluginApi } from 'forum-plugin-api/frontend';

export interface TrustedDevice {
  id: number;
  /** "Firefox on Linux", from the user agent; null when the server did not recognise it. */
  label: string | null;
  /** When it was trusted (ISO). */
  createdAt: string;
  /** Its last login (ISO). */
  lastUsedAt: string;
  /** The browser showing the list. */
  current: boolean;
}

/** The site's `second_factor_trusted_device_days` (0: the feature is off). */
export function trustedDeviceDays(api: PluginApi): number {
  const days = api.siteSettings()['second_factor_trusted_device_days'];
  return typeof days === 'number' ? days : 0;
}

export async function loadTrustedDevices(api: PluginApi): Promise<TrustedDevice[]> {
  const { devices } = await api.request<{ devices: TrustedDevice[] }>('GET', '/api/u/me/trusted-devices');
  return devices;
}

export async function stopTrustingDevice(api: PluginApi, id: number): Promise<void> {
  await api.request<unknown>('DELETE', `/api/u/me/trusted-devices/${id}`);
}

export async function stopTrustingAllDevices(api: PluginApi): Promise<void> {
  await api.request<unknown>('DELETE', '/api/u/me/trusted-devices');
}
