/**
 * Audit events in words, for the admin's log and the member's own activity list. The
 * `details` fields read here are the ones the server records (packages/server: record-event
 * callers); a missing field only makes the label shorter.
 */
import { SecondFactorEvent, type SecondFactorEventName } from '@second-factor/core';
import type { SecondFactorEventRecord } from '../api/admin-second-factors.ts';

type EventLabel = (details: Record<string, unknown>, actor: string | null) => string;

const LABELS: Record<SecondFactorEventName, EventLabel> = {
  [SecondFactorEvent.totpCreated]: () => 'Authenticator setup started',
  [SecondFactorEvent.totpEnabled]: () => 'Authenticator added',
  [SecondFactorEvent.totpRenamed]: () => 'Authenticator renamed',
  [SecondFactorEvent.totpRemoved]: (details) =>
    details['lastOne'] === true ? 'Authenticator removed, two-factor authentication is off' : 'Authenticator removed',
  [SecondFactorEvent.totpVerified]: () => 'Authenticator code accepted',
  [SecondFactorEvent.totpFailed]: () => 'Wrong authenticator code',
  [SecondFactorEvent.totpReused]: () => 'Authenticator code refused: already used',
  [SecondFactorEvent.backupCodesCreated]: (details) => withCount('New backup codes created', details['count'], ''),
  [SecondFactorEvent.backupCodesRemoved]: () => 'Backup codes removed',
  [SecondFactorEvent.backupCodeUsed]: (details) => backupCodeUsed(details),
  [SecondFactorEvent.backupCodeFailed]: () => 'Wrong backup code',
  [SecondFactorEvent.backupCodesLow]: (details) => withCount('Backup codes running low', details['remaining'], ' left'),
  [SecondFactorEvent.lockedOut]: () => 'Too many wrong codes: second factor paused',
  [SecondFactorEvent.secondFactorsReset]: (details, actor) => resetLabel(details, actor),
};

export const EVENT_NAMES = Object.values(SecondFactorEvent) as readonly SecondFactorEventName[];

/** "Backup code #3 used, 7 left", or the event's name for one this version does not know. */
export function eventLabel(record: Pick<SecondFactorEventRecord, 'event' | 'details' | 'actorUsername'>): string {
  const label = LABELS[record.event as SecondFactorEventName] as EventLabel | undefined;
  return label ? label(detailsOf(record.details), record.actorUsername) : record.event;
}

/** The label of an event name alone, for the filter's options. */
export function eventNameLabel(event: SecondFactorEventName): string {
  return LABELS[event]({}, null);
}

function backupCodeUsed(details: Record<string, unknown>): string {
  const position = details['position'];
  const remaining = details['remaining'];
  const code = typeof position === 'number' ? `Backup code #${position} used` : 'Backup code used';
  return typeof remaining === 'number' ? `${code}, ${remaining} left` : code;
}

function resetLabel(details: Record<string, unknown>, actor: string | null): string {
  if (details['via'] === 'cli') return 'Two-factor reset from the command line';
  return actor ? `Two-factor reset by an admin (${actor})` : 'Two-factor reset by an admin';
}

function withCount(text: string, count: unknown, suffix: string): string {
  return typeof count === 'number' ? `${text} (${count}${suffix})` : text;
}

/** The server sends `details` as an object; tolerate a JSON string from other drivers. */
function detailsOf(details: unknown): Record<string, unknown> {
  if (typeof details === 'string') {
    try {
      return detailsOf(JSON.parse(details));
    } catch {
      return {};
    }
  }
  return typeof details === 'object' && details !== null ? (details as Record<string, unknown>) : {};
}
