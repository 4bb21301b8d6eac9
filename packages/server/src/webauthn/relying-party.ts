import type { PluginApi } from '../plugin-types.js';

/** Who the forum is to WebAuthn: the origin browsers sign for and the rp id their keys are scoped to. */
export interface RelyingParty {
  /** `https://forum.example.com`, or `http://localhost:4000` on a loopback forum. */
  origin: string;
  /** The origin's host name: `forum.example.com`, `localhost` (never an IP address, which browsers refuse). */
  id: string;
  /** Shown by the browser's prompt: the forum's title. */
  name: string;
}

/**
 * From the host's public address (PUBLIC_URL, or `http://localhost:<port>` when the forum
 * listens on loopback without one), read per request: the port is known only once it listens.
 */
export function relyingParty(api: PluginApi, title: string): RelyingParty {
  const url = new URL(api.publicUrl());
  return { origin: url.origin, id: url.hostname, name: title };
}
