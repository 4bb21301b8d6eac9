'use strict';

// Headless Debian Chromium, the same launcher as forum-app's (never a downloaded browser).
module.exports = {
  test_page: 'tests/index.html?hidepassed',
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
