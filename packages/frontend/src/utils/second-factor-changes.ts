/**
 * What happened to a member's second factors, told by the piece that saw it to the pieces that
 * show it. The preferences panel, "Recent security activity" and the backup-code modals are
 * separate components (two of them separate outlet connectors, one inside the host's modal), so
 * none can hold another's state; this channel lets them stay in step without knowing each other.
 */
export type SecondFactorChange =
  /** An authenticator or backup codes were added, renamed or removed: the server has new events. */
  | 'changed'
  /** New backup codes were closed without "I have saved these codes" ticked. */
  | 'backup-codes-unconfirmed'
  /** New backup codes were closed with "I have saved these codes" ticked. */
  | 'backup-codes-saved';

const channel = new EventTarget();
const EVENT = 'second-factor-change';

export function announceSecondFactorChange(change: SecondFactorChange): void {
  channel.dispatchEvent(new CustomEvent<SecondFactorChange>(EVENT, { detail: change }));
}

/** Calls `handler` on each change; returns the way to stop listening (call it on teardown). */
export function onSecondFactorChange(handler: (change: SecondFactorChange) => void): () => void {
  const listener = (event: Event) => handler((event as CustomEvent<SecondFactorChange>).detail);
  channel.addEventListener(EVENT, listener);
  return () => channel.removeEventListener(EVENT, listener);
}
