import { SecondFactorEvent, type SecondFactorEventName } from '@second-factor/core';
import { formatDate } from 'forum-plugin-api/server';
import { t } from '../i18n.js';

type Details = Record<string, string | number | boolean | null>;

type Key = Parameters<typeof t>[0];

/** "2026-12-02 06:42 UTC": the shape the host's mail layout gives the event's time. */
const timeOf = (iso: unknown): string => `${new Date(String(iso)).toISOString().replace('T', ' ').slice(0, 16)} UTC`;

/**
 * The mail a member gets for an event on their account (ASVS 2.2.3), or null for events that
 * need none (a successful code, a failed attempt below the lockout). No code or secret, ever.
 * The forum's name is filled in last, so events without a notice never read it. The words are
 * in `translations/server.en.json`, read in the locale of the request that caused the event.
 */
export type Notice = (forum: string) => { subject: string; text: string };

/**
 * A notice: its subject, its sentences as one paragraph (a `false` one is left out), then the
 * closing paragraph ("If this was not you…") unless the notice says it its own way.
 */
function mail(subject: Key, sentences: (forum: string) => (string | false)[], closing = true): Notice {
  return (forum) => {
    const paragraph = sentences(forum)
      .filter((sentence): sentence is string => sentence !== false)
      .join(' ');
    return {
      subject: t(subject, { forum }),
      text: closing ? `${paragraph}\n\n${t('second_factor.notices.closing')}` : paragraph,
    };
  };
}

export function noticeFor(event: SecondFactorEventName, details: Details): Notice | null {
  const review = () => t('second_factor.notices.review');
  // The change ended every "Trust this browser" of the member (issue #20).
  const untrusted = () => Number(details.trustedBrowsersEnded) > 0 && t('second_factor.notices.trusted_browsers_ended');
  switch (event) {
    case SecondFactorEvent.totpEnabled:
      return mail('second_factor.notices.totp_enabled.subject', (forum) => [
        t('second_factor.notices.totp_enabled.text', { forum }),
        review(),
      ]);
    case SecondFactorEvent.totpRemoved:
      return mail('second_factor.notices.totp_removed.subject', (forum) => [
        t('second_factor.notices.totp_removed.text', { forum }),
        Boolean(details.lastOne) && t('second_factor.notices.totp_removed.last_one'),
        untrusted(),
        review(),
      ]);
    case SecondFactorEvent.backupCodesCreated:
      return mail('second_factor.notices.backup_codes_created.subject', (forum) => [
        t('second_factor.notices.backup_codes_created.text', { forum }),
      ]);
    case SecondFactorEvent.backupCodesRemoved:
      return details.reason === 'member'
        ? mail('second_factor.notices.backup_codes_removed.subject', (forum) => [
            t('second_factor.notices.backup_codes_removed.text', { forum }),
            review(),
          ])
        : null; // removed with the last authenticator: that mail says so
    case SecondFactorEvent.backupCodeUsed:
      return mail('second_factor.notices.backup_code_used.subject', (forum) => [
        t('second_factor.notices.backup_code_used.text', {
          forum,
          position: String(details.position),
          count: Number(details.remaining),
        }),
      ]);
    case SecondFactorEvent.backupCodesLow:
      return mail(
        'second_factor.notices.backup_codes_low.subject',
        (forum) => [t('second_factor.notices.backup_codes_low.text', { forum, count: Number(details.remaining) })],
        false,
      );
    case SecondFactorEvent.backupCodeFromReplacedSheet:
      return mail(
        'second_factor.notices.replaced_sheet_used.subject',
        (forum) => [
          t('second_factor.notices.replaced_sheet_used.text', {
            forum,
            replacedAt: formatDate(new Date(String(details.replacedAt))),
          }),
        ],
        false,
      );
    case SecondFactorEvent.secondStepAbandoned: {
      if (details.mailed !== true) return null; // one mail a day at most; the event is logged regardless
      return mail(
        'second_factor.notices.second_step_abandoned.subject',
        (forum) => [
          t('second_factor.notices.second_step_abandoned.text', {
            forum,
            reason: String(details.reason),
            from: [details.ip ?? t('second_factor.notices.second_step_abandoned.unknown_address'), details.browser]
              .filter(Boolean)
              .join(', '),
            at: timeOf(details.at),
          }),
          review(),
        ],
        false,
      );
    }
    case SecondFactorEvent.totpReused:
      return mail('second_factor.notices.totp_reused.subject', (forum) => [
        t('second_factor.notices.totp_reused.text', { forum }),
      ]);
    case SecondFactorEvent.lockedOut:
      return mail('second_factor.notices.locked_out.subject', (forum) => [
        t('second_factor.notices.locked_out.text', {
          forum,
          count: Math.ceil(Number(details.retryAfterSeconds) / 60),
        }),
      ]);
    case SecondFactorEvent.secondFactorsReset:
      return mail('second_factor.notices.second_factors_reset.subject', (forum) => [
        t('second_factor.notices.second_factors_reset.text', { forum, via: String(details.via) }),
        untrusted(),
      ]);
    case SecondFactorEvent.secondFactorsRecovered: {
      const removed = (key: Key, count: number) => count > 0 && t(key, { count });
      return mail('second_factor.notices.second_factors_recovered.subject', (forum) => [
        t('second_factor.notices.second_factors_recovered.text', { forum }),
        removed(
          'second_factor.notices.second_factors_recovered.authenticators_removed',
          Number(details.authenticatorsRemoved),
        ),
        removed(
          'second_factor.notices.second_factors_recovered.security_keys_removed',
          Number(details.securityKeysRemoved),
        ),
        t('second_factor.notices.second_factors_recovered.sessions_ended'),
        details.lastOne === true
          ? t('second_factor.notices.second_factors_recovered.last_one')
          : t('second_factor.notices.second_factors_recovered.new_codes'),
        review(),
      ]);
    }
    // Security keys and passkeys. Their use at the second step mails nothing, like a right code
    // (a mail per login teaches members to ignore them); a passkey login, which skips the
    // password, does.
    case SecondFactorEvent.webauthnAdded:
      return mail('second_factor.notices.webauthn_added.subject', (forum) => [
        t('second_factor.notices.webauthn_added.text', { forum }),
        review(),
      ]);
    case SecondFactorEvent.webauthnRenamed:
      return mail('second_factor.notices.webauthn_renamed.subject', (forum) => [
        t('second_factor.notices.webauthn_renamed.text', { forum }),
        review(),
      ]);
    case SecondFactorEvent.webauthnRemoved:
      return mail('second_factor.notices.webauthn_removed.subject', (forum) => [
        t('second_factor.notices.webauthn_removed.text', { forum }),
        Boolean(details.lastOne) && t('second_factor.notices.webauthn_removed.last_one'),
        untrusted(),
        review(),
      ]);
    case SecondFactorEvent.passkeyLogin:
      return mail('second_factor.notices.passkey_login.subject', (forum) => [
        t('second_factor.notices.passkey_login.text', { forum }),
        review(),
      ]);
    case SecondFactorEvent.webauthnCounterRegressed:
      return mail('second_factor.notices.webauthn_counter_regressed.subject', (forum) => [
        t('second_factor.notices.webauthn_counter_regressed.text', { forum }),
      ]);
    default:
      return null;
  }
}
