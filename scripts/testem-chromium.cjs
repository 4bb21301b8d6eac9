'use strict';

// The testem settings both Ember packages share: headless Debian Chromium (never a downloaded
// browser), the test build in dist-tests/ so it never replaces the production build in dist/.
module.exports = {
  cwd: 'dist-tests',
  disable_watching: true,
  launchers: {
    HeadlessChromium: {
      exe: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      // The flags the browser journeys use too (scripts/chromium-flags.json), plus testem's own.
      args: ['--headless', ...require('./chromium-flags.json'), '--window-size=1280,900'],
      protocol: 'browser',
    },
  },
  launch_in_ci: ['HeadlessChromium'],
  launch_in_dev: ['HeadlessChromium'],
  browser_start_timeout: 120,
};
