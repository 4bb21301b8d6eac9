import QUnit from 'qunit';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { checkResponsesAgainst, OpenApiResponses } from '../src/testing/index.js';
import { useForum } from './helpers.js';

const { module, test } = QUnit;

const documentPath = fileURLToPath(new URL('../../../../docs/openapi.yaml', import.meta.url));
const user = {
  id: 1,
  username: 'alice',
  email: 'alice@example.test',
  admin: false,
  createdAt: '2026-01-01T00:00:00.000Z',
};

/** The check every test response goes through (helpers.ts turns it on): it must catch drift, or it proves nothing. */
module('responses are checked against docs/openapi.yaml', (hooks) => {
  const forum = useForum(hooks);
  const responses = OpenApiResponses.fromFile(documentPath);

  test('a body as documented passes; path templates and both 200 shapes of the login are matched', (assert) => {
    assert.strictEqual(responses.problemWith('GET', '/api/session/current', 200, { user }), null);
    assert.strictEqual(
      responses.problemWith('GET', '/api/admin/users/42/second-factors', 200, {
        enabled: false,
        authenticators: 0,
        securityKeys: [],
        backupCodesRemaining: 0,
        lastUsedAt: null,
      }),
      null,
    );
    assert.strictEqual(
      responses.problemWith('POST', '/api/session', 200, {
        secondFactorRequired: true,
        challenge: 'a'.repeat(43),
        methods: ['totp'],
      }),
      null,
    );
    assert.strictEqual(
      responses.problemWith('POST', '/api/session', 401, { error: { code: 'invalid_credentials', message: 'No.' } }),
      null,
    );
  });

  test('a wrong type, a missing field, a field the document does not name, a bad format: each is reported', (assert) => {
    const cases: [unknown, RegExp][] = [
      [{ user: { ...user, id: '1' } }, /\/user\/id must be integer/],
      [{ user: { ...user, admin: undefined } }, /must have required property 'admin'/],
      [{ user: { ...user, passwordHash: 'x' } }, /must NOT have additional properties.*passwordHash/],
      [{ user: { ...user, createdAt: 'yesterday' } }, /must match format "date-time"/],
    ];
    for (const [body, expected] of cases) {
      const problem = responses.problemWith('GET', '/api/session/current', 200, body) ?? '';
      assert.true(problem.startsWith('GET /api/session/current → 200: '), problem);
      assert.true(expected.test(problem), `${problem} ~ ${expected}`);
    }
  });

  test('an error code the route does not document, and a status it does not document, are reported', (assert) => {
    assert.true(
      /\/error\/code must be equal to constant/.test(
        responses.problemWith('POST', '/api/session', 401, { error: { code: 'not_logged_in', message: 'x' } }) ?? '',
      ),
    );
    assert.true(
      /status 418 is not documented/.test(
        responses.problemWith('GET', '/api/site', 418, { error: { code: 'teapot', message: 'x' } }) ?? '',
      ),
    );
    assert.true(
      /declares no JSON body/.test(responses.problemWith('DELETE', '/api/session', 204, { unexpected: true }) ?? ''),
    );
  });

  test('routes the document does not describe are left to the drift test', (assert) => {
    assert.strictEqual(responses.problemWith('GET', '/api/no/such/route', 404, { anything: 1 }), null);
    assert.strictEqual(responses.problemWith('PATCH', '/api/site', 405, {}), null);
  });

  test('a mismatch fails the request that saw it, naming the route, the status and the reason', async (assert) => {
    // A copy of the document that has drifted: /api/site no longer documents its 400.
    const drifted = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-')), 'openapi.yaml');
    const document = parse(fs.readFileSync(documentPath, 'utf8')) as {
      paths: Record<string, { get: { responses: Record<string, unknown> } }>;
    };
    delete document.paths['/api/site']!.get.responses['400'];
    fs.writeFileSync(drifted, stringify(document));
    checkResponsesAgainst(drifted);
    try {
      await assert.rejects(
        forum().client().get('/api/site?x=%00'),
        /Response does not match .*openapi\.yaml: GET \/api\/site → 400: status 400 is not documented/,
      );
      assert.strictEqual((await forum().client().get('/api/site')).status, 200, 'a documented answer still passes');
    } finally {
      checkResponsesAgainst(documentPath);
      fs.rmSync(path.dirname(drifted), { recursive: true, force: true });
    }
  });
});
