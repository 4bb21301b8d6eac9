import type { Migration } from 'forum-plugin-api/server';
import { initialSchema } from './0001-initial-schema.js';
import { loginChallenges } from './0002-login-challenges.js';
import { mailOutbox } from './0003-mail-outbox.js';
import { attemptCounters } from './0004-attempt-counters.js';
import { knownDevices } from './0005-known-devices.js';
import { secondFactorGrants } from './0006-second-factor-grants.js';
import { mailDelivery } from './0007-mail-delivery.js';
import { abandonedLoginChallenges } from './0008-abandoned-login-challenges.js';
import { trustedDevices } from './0009-trusted-devices.js';
import { siteSettingsChanges } from './0010-site-settings-changes.js';

/** The host's migrations, oldest first. Plugins' migrations run after these. */
export const hostMigrations: readonly Migration[] = [
  initialSchema,
  loginChallenges,
  mailOutbox,
  attemptCounters,
  knownDevices,
  secondFactorGrants,
  mailDelivery,
  abandonedLoginChallenges,
  trustedDevices,
  siteSettingsChanges,
];
