'use strict';

// The testem settings both Ember packages share: headless Debian Chromium (never a downloaded
// browser), the test build in dist-tests/ so it never replaces the production build in dist/.
module.exports = {
  cwd: 'dist-tests',
  disable_watching: true,
  launchers: {
    HeadlessChromium: {
      exe: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-dev-shm-usage',
        '--window-size=1280,900',
      ],
      protocol: 'browser',
    },
  },
  launch_in_ci: ['HeadlessChromium'],
  launch_in_dev: ['HeadlessChromium'],
  browser_start_timeout: 120,
};
