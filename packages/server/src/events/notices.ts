import { SecondFactorEvent, type SecondFactorEventName } from '@second-factor/core';

type Details = Record<string, string | number | boolean | null>;

const CLOSING = 'If this was not you, change your password at once and tell the forum admins.';

/** "Dec 1, 2026", in UTC, as the forum writes dates in messages. */
const dateOf = (iso: unknown): string =>
  new Date(String(iso)).toLocaleDateString('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

/** "2026-12-02 06:42 UTC": the shape the host's mail layout gives the event's time. */
const timeOf = (iso: unknown): string => `${new Date(String(iso)).toISOString().replace('T', ' ').slice(0, 16)} UTC`;

/**
 * The mail a member gets for an event on their account (ASVS 2.2.3), or null for events that
 * need none (a successful code, a failed attempt below the lockout). No code or secret, ever.
 * The forum's name is filled in last, so events without a notice never read it.
 */
export type Notice = (forum: string) => { subject: string; text: string };

export function noticeFor(event: SecondFactorEventName, details: Details): Notice | null {
  const where = 'You can review this in your preferences, under Security.';
  switch (event) {
    case SecondFactorEvent.totpEnabled:
      return (forum) => ({
        subject: `${forum}: an authenticator app was added`,
        text: `An authenticator app was added to your ${forum} account. ${where}\n\n${CLOSING}`,
      });
    case SecondFactorEvent.totpRemoved:
      return (forum) => ({
        subject: `${forum}: an authenticator app was removed`,
        text: `An authenticator app was removed from your ${forum} account.${details.lastOne ? ' It was the last one: two-factor authentication is now off, and your backup codes were removed.' : ''} ${where}\n\n${CLOSING}`,
      });
    case SecondFactorEvent.backupCodesCreated:
      return (forum) => ({
        subject: `${forum}: new backup codes were created`,
        text: `New backup codes were created for your ${forum} account. Codes saved before this no longer work.\n\n${CLOSING}`,
      });
    case SecondFactorEvent.backupCodesRemoved:
      return details.reason === 'member'
        ? (forum) => ({
            subject: `${forum}: your backup codes were removed`,
            text: `The backup codes of your ${forum} account were removed. ${where}\n\n${CLOSING}`,
          })
        : null; // removed with the last authenticator: that mail says so
    case SecondFactorEvent.backupCodeUsed:
      return (forum) => ({
        subject: `${forum}: a backup code was used`,
        text: `Backup code #${details.position} was used on your ${forum} account; ${details.remaining} remain. Create new codes in your preferences, under Security, if you are running low.\n\n${CLOSING}`,
      });
    case SecondFactorEvent.backupCodesLow:
      return (forum) => ({
        subject: `${forum}: you are running low on backup codes`,
        text: `Only ${details.remaining} backup codes are left on your ${forum} account. Create new ones in your preferences, under Security.`,
      });
    case SecondFactorEvent.backupCodeFromReplacedSheet:
      return (forum) => ({
        subject: `${forum}: a code from your old backup-code sheet was used`,
        text: `Someone entered a backup code on your ${forum} account from the sheet you replaced on ${dateOf(details.replacedAt)}. It was refused. If you didn't, someone has that old sheet and got past your password to use it: change your password at once, destroy the old sheet and tell the forum admins. Your newest codes still work.`,
      });
    case SecondFactorEvent.secondStepAbandoned: {
      if (details.mailed !== true) return null; // one mail a day at most; the event is logged regardless
      const from = [details.ip ?? 'an unknown address', details.browser].filter(Boolean).join(', ');
      const how = details.reason === 'wrong_codes' ? ' (wrong codes were entered)' : '';
      return (forum) => ({
        subject: `${forum}: your password was entered, but the login was not completed`,
        text: `Your ${forum} password was entered correctly from ${from} at ${timeOf(details.at)}, but the second step was not completed${how}. If this wasn't you, change your password at once: someone knows it, and your second factor stopped them. ${where}`,
      });
    }
    case SecondFactorEvent.totpReused:
      return (forum) => ({
        subject: `${forum}: a used login code was entered again`,
        text: `Someone entered an authenticator code on your ${forum} account that had already been used. It was refused. If you did not just try to log in, someone may know your password.\n\n${CLOSING}`,
      });
    case SecondFactorEvent.lockedOut:
      return (forum) => ({
        subject: `${forum}: logging in paused after wrong codes`,
        text: `Several wrong codes were entered on your ${forum} account, so logging in with a code is paused for ${Math.ceil(Number(details.retryAfterSeconds) / 60)} minutes.\n\n${CLOSING}`,
      });
    case SecondFactorEvent.secondFactorsReset:
      return (forum) => ({
        subject: `${forum}: two-factor authentication was reset`,
        text: `${details.via === 'cli' ? "The forum's operator" : 'An admin'} reset two-factor authentication on your ${forum} account: your authenticator apps, security keys and backup codes were removed, and you log in with your password alone until you set it up again.\n\n${CLOSING}`,
      });
    // Security keys and passkeys. Their use at the second step mails nothing, like a right code
    // (a mail per login teaches members to ignore them); a passkey login, which skips the
    // password, does.
    case SecondFactorEvent.webauthnAdded:
      return (forum) => ({
        subject: `${forum}: a security key was added`,
        text: `A security key or passkey was added to your ${forum} account. ${where}\n\n${CLOSING}`,
      });
    case SecondFactorEvent.webauthnRenamed:
      return (forum) => ({
        subject: `${forum}: a security key was renamed`,
        text: `A security key or passkey on your ${forum} account was renamed. ${where}\n\n${CLOSING}`,
      });
    case SecondFactorEvent.webauthnRemoved:
      return (forum) => ({
        subject: `${forum}: a security key was removed`,
        text: `A security key or passkey was removed from your ${forum} account.${details.lastOne ? ' It was your last second factor: two-factor authentication is now off, and your backup codes were removed.' : ''} ${where}\n\n${CLOSING}`,
      });
    case SecondFactorEvent.passkeyLogin:
      return (forum) => ({
        subject: `${forum}: you logged in with a passkey`,
        text: `Someone logged in to your ${forum} account with one of your passkeys, without a password. ${where}\n\n${CLOSING}`,
      });
    case SecondFactorEvent.webauthnCounterRegressed:
      return (forum) => ({
        subject: `${forum}: a security key was refused as a possible copy`,
        text: `One of the security keys on your ${forum} account answered with a signature counter lower than before, which can mean the key was copied. It was refused. If you did not just use it, remove it in your preferences, under Security, and change your password.\n\n${CLOSING}`,
      });
    default:
      return null;
  }
}
