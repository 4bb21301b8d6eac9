import { module, test } from 'qunit';
import { translationKeysInSource } from 'forum-plugin-api/frontend';
import messages from '#src/translations/en.json';

// Every source file's text, read at build time (Vite's glob with ?raw): the keys are the quoted
// strings in it, so a key passed along in a table (admin-event-labels.ts) counts as used too.
const sources = Object.values(
  import.meta.glob<string>('../../src/**/*.{ts,gts}', { query: '?raw', import: 'default', eager: true }),
);

module('Unit | translations (src/translations/en.json)', function () {
  test('the scan reads the source files', function (assert) {
    assert.true(sources.length > 20, `${sources.length} source files`);
  });

  test('every key the source uses is in en.json', function (assert) {
    assert.deepEqual(translationKeysInSource(messages, sources).missing, []);
  });

  test('every key in en.json is used somewhere in the source', function (assert) {
    assert.deepEqual(translationKeysInSource(messages, sources).unused, []);
  });

  test('every key is the plugin’s own (under second_factor.)', function (assert) {
    assert.deepEqual(
      Object.keys(messages).filter((key) => !key.startsWith('second_factor.')),
      [],
    );
  });

  test('the scan finds a missing and an unused key', function (assert) {
    const found = translationKeysInSource({ 'a.used': 'A', 'a.unused': 'B' }, [
      `t('a.used'); {{t "a.missing" count=1}}`,
    ]);
    assert.deepEqual(found, { unused: ['a.unused'], missing: ['a.missing'] });
  });
});
