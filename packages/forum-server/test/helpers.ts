import QUnit from 'qunit';
import { fileURLToPath } from 'node:url';
import { checkResponsesAgainst, startTestForum, type ApiResponse, type TestForum } from '../src/testing/index.js';

// Real argon2, real databases: a slow machine may need more than QUnit's default patience.
QUnit.config.testTimeout = 120_000;

// Every response a test sees must match docs/openapi.yaml: the document cannot drift from the server.
checkResponsesAgainst(fileURLToPath(new URL('../../../../docs/openapi.yaml', import.meta.url)));

let counter = 0;

/** A unique, valid member for this run. */
export function newMember(prefix = 'member') {
  counter += 1;
  const username = `${prefix}${counter}_${process.pid % 1000}`.slice(0, 20);
  return { username, email: `${username}@example.test`, password: `correct horse ${username}` };
}

/** Starts a real forum for a QUnit module and stops it after; returns a getter. */
export function useForum(hooks: NestedHooks, options: Parameters<typeof startTestForum>[0] = {}): () => TestForum {
  let current: TestForum | null = null;
  hooks.before(async () => {
    current = await startTestForum({ pluginManifests: [], ...options });
  });
  hooks.after(async () => {
    await current?.stop();
  });
  return () => {
    if (!current) throw new Error('forum not started');
    return current;
  };
}

/** The stable error code of an error response (undefined for a success). */
export function errorCode(response: ApiResponse<unknown>): string | undefined {
  return (response.body as { error?: { code?: string } }).error?.code;
}
