import type { RecoveredSecondFactors } from '@second-factor/core';
import { t } from '../i18n.ts';

/** What "Lost your phone?" did, in a few short sentences, from the server's counts. */
export function recoverySummary(recovered: RecoveredSecondFactors): string {
  const { authenticatorsRemoved, securityKeysRemoved, sessionsEnded, trustedBrowsersEnded } = recovered;
  return [
    authenticatorsRemoved > 0 && t('second_factor.lost_phone.summary.authenticators', { count: authenticatorsRemoved }),
    securityKeysRemoved > 0 && t('second_factor.lost_phone.summary.security_keys', { count: securityKeysRemoved }),
    sessionsEnded > 0
      ? t('second_factor.lost_phone.summary.sessions', { count: sessionsEnded })
      : t('second_factor.lost_phone.summary.no_sessions'),
    trustedBrowsersEnded > 0 && t('second_factor.lost_phone.summary.trusted_browsers', { count: trustedBrowsersEnded }),
  ]
    .filter((sentence): sentence is string => sentence !== false)
    .join(' ');
}
