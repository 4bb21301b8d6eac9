import QUnit from 'qunit';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { ApiResponse, TestClient } from 'forum-server/testing';
import { useForumWithPlugin } from './support/forum.js';

const { module, test } = QUnit;

const openapiPath = fileURLToPath(new URL('../../../../docs/openapi.yaml', import.meta.url));

/**
 * Every route the host and the plugin register, as documented in docs/openapi.yaml. A route added
 * to the code belongs here and in the document: this list is what a reviewer checks against the
 * routes/*.ts files.
 */
const DOCUMENTED_ROUTES = [
  // host: packages/forum-server/src/routes
  'GET /api/session/csrf',
  'GET /api/session/current',
  'POST /api/session',
  'DELETE /api/session',
  'POST /api/session/second-factor',
  'POST /api/session/confirm',
  'POST /api/session/second-factor/webauthn-options',
  'POST /api/session/passkey-options',
  'POST /api/session/passkey',
  'POST /api/users',
  'GET /api/site',
  'GET /api/health',
  'GET /api/setup/{token}',
  'POST /api/setup',
  'GET /api/admin/site-settings',
  'PUT /api/admin/site-settings',
  'GET /api/admin/users',
  'GET /api/admin/users/{id}',
  'POST /api/admin/users/{id}/unlock',
  'POST /api/u/me/password',
  'GET /api/u/me/sessions',
  'DELETE /api/u/me/sessions',
  'DELETE /api/u/me/sessions/{id}',
  'GET /api/u/me/trusted-devices',
  'DELETE /api/u/me/trusted-devices',
  'DELETE /api/u/me/trusted-devices/{id}',
  'GET /api/admin/mail-outbox',
  'POST /api/admin/mail-outbox/{id}/retry',
  // plugin: packages/server/src/routes
  'GET /api/u/me/second-factors',
  'POST /api/u/me/second-factors/totp',
  'POST /api/u/me/second-factors/totp/{id}/enable',
  'PUT /api/u/me/second-factors/totp/{id}',
  'DELETE /api/u/me/second-factors/totp/{id}',
  'GET /api/second-factors/webauthn/relying-party',
  'POST /api/u/me/second-factors/webauthn/registration-options',
  'POST /api/u/me/second-factors/webauthn',
  'POST /api/u/me/second-factors/webauthn/authentication-options',
  'PATCH /api/u/me/second-factors/webauthn/{id}',
  'DELETE /api/u/me/second-factors/webauthn/{id}',
  'POST /api/u/me/backup-codes',
  'DELETE /api/u/me/backup-codes',
  'POST /api/u/me/second-factors/recover',
  'GET /api/u/me/second-factor-events',
  'GET /api/admin/users/{id}/second-factors',
  'POST /api/admin/users/{id}/second-factors/reset',
  'GET /api/admin/second-factor-events',
  'GET /api/admin/second-factors/enrolment',
];

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

type Json = Record<string, unknown>;

interface Operation {
  method: string;
  path: string;
  responses: Record<string, Json>;
}

function loadDocument(): Json {
  return parse(readFileSync(openapiPath, 'utf8')) as Json;
}

function operationsOf(document: Json): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths as Record<string, Json>)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!HTTP_METHODS.includes(method)) continue;
      operations.push({
        method: method.toUpperCase(),
        path,
        responses: (operation as Json).responses as Record<string, Json>,
      });
    }
  }
  return operations;
}

/** Follows a local `$ref` (`#/components/...`); other objects are returned as they are. */
function resolve(document: Json, value: Json): Json {
  const ref = value.$ref;
  if (typeof ref !== 'string') return value;
  let target: unknown = document;
  for (const segment of ref.replace(/^#\//, '').split('/')) target = (target as Json | undefined)?.[segment];
  if (!target) throw new Error(`unresolved $ref ${ref}`);
  return resolve(document, target as Json);
}

/** The error codes a documented error response allows (its `const` or `enum`), or null when it names none. */
function documentedCodes(document: Json, response: Json): string[] | null {
  const resolved = resolve(document, response);
  const schema = ((resolved.content as Json | undefined)?.['application/json'] as Json | undefined)?.schema as
    Json | undefined;
  const code = ((((schema?.properties as Json | undefined)?.error as Json | undefined)?.properties as Json | undefined)
    ?.code ?? null) as Json | null;
  if (!code) return null;
  if (typeof code.const === 'string') return [code.const];
  if (Array.isArray(code.enum)) return code.enum as string[];
  return null;
}

function isUnknownRouteAnswer(response: ApiResponse): boolean {
  const error = (response.body as { error?: { code?: string; message?: string } }).error;
  return response.status === 404 && error?.code === 'not_found' && error.message === 'No such API endpoint.';
}

function send(client: TestClient, method: string, path: string): Promise<ApiResponse> {
  // Non-GET requests carry the CSRF token (TestClient adds it) and an empty JSON object.
  return client.request(method, path, method === 'GET' || method === 'DELETE' ? {} : { json: {} });
}

module('docs/openapi.yaml', (hooks) => {
  const forum = useForumWithPlugin(hooks);
  const document = loadDocument();
  const operations = operationsOf(document);

  test('is an OpenAPI 3.1 document with the session cookie and CSRF header as security schemes', (assert) => {
    assert.true(String(document.openapi).startsWith('3.1'), `openapi: ${String(document.openapi)}`);
    const schemes = (document.components as Json).securitySchemes as Json;
    const pick = (scheme: unknown) => {
      const { type, in: where, name } = (scheme ?? {}) as Json;
      return { type, in: where, name };
    };
    assert.deepEqual(pick(schemes.sessionCookie), { type: 'apiKey', in: 'cookie', name: 'forum_session' });
    assert.deepEqual(pick(schemes.csrfToken), { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' });
    for (const operation of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (status !== '429') continue;
        const headers = resolve(document, response).headers as Json | undefined;
        assert.ok(headers?.['Retry-After'], `${operation.method} ${operation.path}: 429 documents Retry-After`);
      }
    }
  });

  test('documents exactly the routes in DOCUMENTED_ROUTES', (assert) => {
    const documented = operations.map((o) => `${o.method} ${o.path}`);
    assert.deepEqual([...documented].sort(), [...DOCUMENTED_ROUTES].sort());
    assert.strictEqual(new Set(DOCUMENTED_ROUTES).size, DOCUMENTED_ROUTES.length, 'no route listed twice');
  });

  test('the probe can tell an unknown route from a known one', async (assert) => {
    const client = forum().client();
    assert.true(isUnknownRouteAnswer(await client.get('/api/no-such-route')), 'GET of an unknown route');
    assert.true(isUnknownRouteAnswer(await client.post('/api/u/me/no-such-route', {})), 'POST of an unknown route');
    assert.false(isUnknownRouteAnswer(await client.get('/api/site')), 'a known route');
  });

  test('every documented route exists, answers logged out with a documented status and error code', async (assert) => {
    const client = forum().client();
    await client.csrfToken();
    for (const { method, path, responses } of operations) {
      const url = path.replace(/\{[^}]+\}/g, '1');
      const response = await send(client, method, url);
      const where = `${method} ${url} → ${response.status} ${response.text.slice(0, 200)}`;
      assert.false(isUnknownRouteAnswer(response), `${where}: the route exists`);
      assert.notStrictEqual(response.status, 405, `${where}: the method is registered for the path`);
      const documented = responses[String(response.status)];
      assert.ok(documented, `${where}: status ${response.status} is documented`);
      if (documented && response.status >= 400) {
        const codes = documentedCodes(document, documented);
        const code = (response.body as { error?: { code?: string } }).error?.code;
        // eslint-disable-next-line qunit/no-conditional-assertions -- only an error answer has a code to check
        assert.ok(codes?.includes(code ?? ''), `${where}: error code ${code} is one of ${JSON.stringify(codes)}`);
      }
    }
  });
});
