import { SecondFactorEvent, type SecondFactorEventName } from '@second-factor/core';

type Details = Record<string, string | number | boolean | null>;

const CLOSING = 'If this was not you, change your password at once and tell the forum admins.';

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
      return (forum) => ({ subject: `${forum}: an authenticator app was added`, text: `An authenticator app was added to your ${forum} account. ${where}\n\n${CLOSING}` });
    case SecondFactorEvent.totpRemoved:
      return (forum) => ({ subject: `${forum}: an authenticator app was removed`, text: `An authenticator app was removed from your ${forum} account.${details.lastOne ? ' It was the last one: two-factor authentication is now off, and your backup codes were removed.' : ''} ${where}\n\n${CLOSING}` });
    case SecondFactorEvent.backupCodesCreated:
      return (forum) => ({ subject: `${forum}: new backup codes were created`, text: `New backup codes were created for your ${forum} account. Codes saved before this no longer work.\n\n${CLOSING}` });
    case SecondFactorEvent.backupCodesRemoved:
      return details.reason === 'member'
        ? (forum) => ({ subject: `${forum}: your backup codes were removed`, text: `The backup codes of your ${forum} account were removed. ${where}\n\n${CLOSING}` })
        : null; // removed with the last authenticator: that mail says so
    case SecondFactorEvent.backupCodeUsed:
      return (forum) => ({
        subject: `${forum}: a backup code was used`,
        text: `Backup code #${details.position} was used on your ${forum} account; ${details.remaining} remain. Create new codes in your preferences, under Security, if you are running low.\n\n${CLOSING}`,
      });
    case SecondFactorEvent.backupCodesLow:
      return (forum) => ({ subject: `${forum}: you are running low on backup codes`, text: `Only ${details.remaining} backup codes are left on your ${forum} account. Create new ones in your preferences, under Security.` });
    case SecondFactorEvent.totpReused:
      return (forum) => ({ subject: `${forum}: a used login code was entered again`, text: `Someone entered an authenticator code on your ${forum} account that had already been used. It was refused. If you did not just try to log in, someone may know your password.\n\n${CLOSING}` });
    case SecondFactorEvent.lockedOut:
      return (forum) => ({ subject: `${forum}: logging in paused after wrong codes`, text: `Several wrong codes were entered on your ${forum} account, so logging in with a code is paused for ${Math.ceil(Number(details.retryAfterSeconds) / 60)} minutes.\n\n${CLOSING}` });
    case SecondFactorEvent.secondFactorsReset:
      return (forum) => ({
        subject: `${forum}: two-factor authentication was reset`,
        text: `${details.via === 'cli' ? "The forum's operator" : 'An admin'} reset two-factor authentication on your ${forum} account: your authenticator apps and backup codes were removed, and you log in with your password alone until you set it up again.\n\n${CLOSING}`,
      });
    default:
      return null;
  }
}
