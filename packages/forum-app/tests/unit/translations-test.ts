import { module, test } from 'qunit';
import { translationKeysInSource } from 'forum-plugin-api/frontend';
import messages from '../../translations/en.json';

// Every source file's text, read at build time (Vite's glob with ?raw): the keys are the quoted
// strings in it, so a key kept in a table (admin-mail-outbox's status labels) counts as used too.
const sources = Object.values(
  import.meta.glob<string>('../../app/**/*.{ts,gts}', { query: '?raw', import: 'default', eager: true }),
);

module('Unit | translations (translations/en.json)', function () {
  test('the scan reads the source files', function (assert) {
    assert.true(sources.length > 30, `${sources.length} source files`);
  });

  test('every key the source uses is in en.json', function (assert) {
    assert.deepEqual(translationKeysInSource(messages, sources).missing, []);
  });

  test('every key in en.json is used somewhere in the source', function (assert) {
    assert.deepEqual(translationKeysInSource(messages, sources).unused, []);
  });

  test('every key is the host’s own (under forum.)', function (assert) {
    assert.deepEqual(
      Object.keys(messages).filter((key) => !key.startsWith('forum.')),
      [],
    );
  });
});
