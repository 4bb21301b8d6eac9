'use strict';

// Application tests talk to a real forum server: tests/run-with-server.mjs starts one and passes
// its URL in FORUM_API_URL, and the credentials of an admin it created in FORUM_TEST_ADMIN
// ("username:password"), and the unused first-admin setup token in FORUM_TEST_SETUP_TOKEN; both
// reach the tests through the test page's query string.
const testPage = new URL('tests/index.html?hidepassed', 'http://localhost/');
if (process.env.FORUM_TEST_ADMIN) testPage.searchParams.set('admin', process.env.FORUM_TEST_ADMIN);
if (process.env.FORUM_TEST_SETUP_TOKEN) testPage.searchParams.set('setup', process.env.FORUM_TEST_SETUP_TOKEN);

module.exports = {
  ...require('../../scripts/testem-chromium.cjs'),
  test_page: testPage.pathname.slice(1) + testPage.search,
  // The server refuses writes whose Origin is not its own host. testem's proxy rewrites Host
  // to the target's, so it sends the browser's host as X-Forwarded-Host (xfwd) and the runner
  // starts the server with one trusted proxy, as it would run behind any reverse proxy.
  proxies: process.env.FORUM_API_URL ? { '/api': { target: process.env.FORUM_API_URL, xfwd: true } } : {},
};
