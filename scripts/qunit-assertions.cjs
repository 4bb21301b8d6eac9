'use strict';
// Loaded by every Node QUnit suite (`qunit --require ../../scripts/qunit-assertions.cjs …`):
// counts the assertions each test file runs, so a test that cannot fail shows up.
//
// - A test that passes having run no assertion (only `assert.expect(0)` allows that; QUnit fails
//   the others itself) fails the run.
// - At the end it prints one TAP comment per test file, `# assertions N in /abs/path.test.js`,
//   with N summed over the file's tests. `.ci/run` adds these lines up over its two runs (PGlite
//   and PostgreSQL) and fails for a test file that ran no assertion in either, or never reported
//   at all (a file that defines no test, or only skipped ones).
const { fileURLToPath } = require('node:url');

const QUnit = globalThis.QUnit;
if (!QUnit) throw new Error('scripts/qunit-assertions.cjs is a `qunit --require` module');

// The test's file is found on the stack captured where the test was declared; declarations made
// through a helper (`useForum`, a loop) sit a few frames deeper than QUnit's default keeps.
Error.stackTraceLimit = Math.max(Error.stackTraceLimit, 50);

const TEST_FILE = /((?:file:\/\/)?\/[^\s():]+\.test\.[cm]?js)/;

function declaringFile(test) {
  const stack = test?.errorForStack?.stack ?? '';
  const match = TEST_FILE.exec(stack);
  if (!match) return '(unknown file)';
  return match[1].startsWith('file://') ? fileURLToPath(match[1]) : match[1];
}

const fileOf = new Map(); // testId → file
const perFile = new Map(); // file → { assertions, tests, skipped }
const empty = [];

QUnit.testStart((details) => {
  fileOf.set(details.testId, declaringFile(QUnit.config.current));
});

QUnit.testDone((details) => {
  const file = fileOf.get(details.testId) ?? '(unknown file)';
  const counts = perFile.get(file) ?? { assertions: 0, tests: 0, skipped: 0 };
  perFile.set(file, counts);
  if (details.skipped) {
    counts.skipped += 1;
    return;
  }
  counts.tests += 1;
  counts.assertions += details.total;
  if (details.total === 0 && details.failed === 0 && !details.todo)
    empty.push(`${details.module} > ${details.name} (${file})`);
});

QUnit.on('runEnd', () => {
  for (const [file, { assertions, tests, skipped }] of [...perFile].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(`# assertions ${assertions} in ${file} (tests run: ${tests}, skipped: ${skipped})`);
  }
  for (const test of empty) console.log(`# no assertion ran in a passing test: ${test}`);
});

// QUnit sets the exit code in its own runEnd listener, after this one: decide at exit instead.
process.on('exit', () => {
  if (empty.length > 0) process.exitCode = 1;
});
