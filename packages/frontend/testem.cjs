'use strict';

module.exports = {
  ...require('../../scripts/testem-chromium.cjs'),
  test_page: 'tests/index.html?hidepassed',
};
