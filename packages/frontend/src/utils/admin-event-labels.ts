/**
 * Audit events in words, for the admin's log and the member's own activity list. The
 * `details` fields read here are the ones the server records (packages/server: record-event
 * callers); a missing field only makes the label shorter.
 */
import { SecondFactorEvent, type SecondFactorEventName } from '@second-factor/core';
import type { SecondFactorEventRecord } from '../api/admin-second-factors.ts';
import { t } from '../i18n.ts';

type EventLabel = (details: Record<string, unknown>, actor: string | null) => string;

const LABELS: Record<SecondFactorEventName, EventLabel> = {
  [SecondFactorEvent.totpCreated]: () => t('second_factor.events.label.totp_created'),
  [SecondFactorEvent.totpEnabled]: () => t('second_factor.events.label.totp_enabled'),
  [SecondFactorEvent.totpRenamed]: () => t('second_factor.events.label.totp_renamed'),
  [SecondFactorEvent.totpRemoved]: (details) =>
    details['lastOne'] === true
      ? t('second_factor.events.label.totp_removed_last')
      : t('second_factor.events.label.totp_removed'),
  [SecondFactorEvent.totpVerified]: () => t('second_factor.events.label.totp_verified'),
  [SecondFactorEvent.totpFailed]: () => t('second_factor.events.label.totp_failed'),
  [SecondFactorEvent.totpReused]: () => t('second_factor.events.label.totp_reused'),
  [SecondFactorEvent.backupCodesCreated]: (details) =>
    withCount(t('second_factor.events.label.backup_codes_created'), details['count'], 'plain'),
  [SecondFactorEvent.backupCodesRemoved]: () => t('second_factor.events.label.backup_codes_removed'),
  [SecondFactorEvent.backupCodeUsed]: (details) => backupCodeUsed(details),
  [SecondFactorEvent.backupCodeFailed]: () => t('second_factor.events.label.backup_code_failed'),
  [SecondFactorEvent.backupCodesLow]: (details) =>
    withCount(t('second_factor.events.label.backup_codes_low'), details['remaining'], 'left'),
  [SecondFactorEvent.backupCodeFromReplacedSheet]: () =>
    t('second_factor.events.label.backup_code_from_replaced_sheet'),
  [SecondFactorEvent.secondStepAbandoned]: (details) =>
    details['reason'] === 'wrong_codes'
      ? t('second_factor.events.label.second_step_abandoned_wrong_codes')
      : t('second_factor.events.label.second_step_abandoned'),
  [SecondFactorEvent.lockedOut]: () => t('second_factor.events.label.locked_out'),
  [SecondFactorEvent.webauthnAdded]: () => t('second_factor.events.label.webauthn_added'),
  [SecondFactorEvent.webauthnRenamed]: () => t('second_factor.events.label.webauthn_renamed'),
  [SecondFactorEvent.webauthnRemoved]: (details) =>
    details['lastOne'] === true
      ? t('second_factor.events.label.webauthn_removed_last')
      : t('second_factor.events.label.webauthn_removed'),
  [SecondFactorEvent.webauthnVerified]: () => t('second_factor.events.label.webauthn_verified'),
  [SecondFactorEvent.webauthnFailed]: () => t('second_factor.events.label.webauthn_failed'),
  [SecondFactorEvent.webauthnCounterRegressed]: () => t('second_factor.events.label.webauthn_counter_regressed'),
  [SecondFactorEvent.passkeyLogin]: () => t('second_factor.events.label.passkey_login'),
  [SecondFactorEvent.secondFactorsReset]: (details, actor) => resetLabel(details, actor),
  [SecondFactorEvent.secondFactorsRecovered]: (details) =>
    details['lastOne'] === true
      ? t('second_factor.events.label.second_factors_recovered_last')
      : t('second_factor.events.label.second_factors_recovered'),
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
  const code =
    typeof position === 'number'
      ? t('second_factor.events.label.backup_code_used_position', { position })
      : t('second_factor.events.label.backup_code_used');
  return typeof remaining === 'number' ? t('second_factor.events.label.with_left', { label: code, remaining }) : code;
}

function resetLabel(details: Record<string, unknown>, actor: string | null): string {
  if (details['via'] === 'cli') return t('second_factor.events.label.reset_cli');
  return actor
    ? t('second_factor.events.label.reset_admin_named', { actor })
    : t('second_factor.events.label.reset_admin');
}

function withCount(text: string, count: unknown, form: 'plain' | 'left'): string {
  if (typeof count !== 'number') return text;
  return form === 'left'
    ? t('second_factor.events.label.with_count_left', { label: text, count })
    : t('second_factor.events.label.with_count', { label: text, count });
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
