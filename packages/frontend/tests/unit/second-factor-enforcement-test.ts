import { module, test } from 'qunit';
import { enforcementFor } from '#src/models/second-factor-enforcement.ts';
import FakePluginApi from '../helpers/fake-plugin-api.ts';
import type { CurrentUser, HttpMethod } from 'forum-plugin-api/frontend';

const member: CurrentUser = {
  id: 5,
  username: 'Ada',
  email: 'ada@example.test',
  admin: false,
  createdAt: '2026-01-01T00:00:00.000Z',
};
const security = { name: 'preferences.security', params: { username: 'ada' } };
const home = { name: 'index', params: {} };

/** Answers `GET /api/u/me/second-factors` with `setupRequired` from a list, counting calls. */
class FakeForum extends FakePluginApi {
  statusRequests = 0;
  setupRequiredAnswers: boolean[];
  constructor(enforce: string, setupRequiredAnswers: boolean[]) {
    super();
    this.user = member;
    this.settings = { enforce_second_factor: enforce };
    this.setupRequiredAnswers = setupRequiredAnswers;
  }
  override request<Result>(method: HttpMethod, path: string): Promise<Result> {
    if (method !== 'GET' || path !== '/api/u/me/second-factors') return Promise.reject(new Error(`unexpected ${path}`));
    this.statusRequests += 1;
    return Promise.resolve({
      setupRequired: this.setupRequiredAnswers.shift() ?? false,
      setupDeadline: null,
    } as Result);
  }
}

/** Answers the status with each of `answers` in turn (the last one again after), counting calls. */
class GraceForum extends FakePluginApi {
  statusRequests = 0;
  answers: Array<{ setupRequired: boolean; setupDeadline: string | null }>;
  constructor(answers: Array<{ setupRequired: boolean; setupDeadline: string | null }>) {
    super();
    this.user = member;
    this.settings = { enforce_second_factor: 'all' };
    this.answers = answers;
  }
  override request<Result>(method: HttpMethod, path: string): Promise<Result> {
    if (method !== 'GET' || path !== '/api/u/me/second-factors') return Promise.reject(new Error(`unexpected ${path}`));
    const answer = this.answers[Math.min(this.statusRequests, this.answers.length - 1)];
    this.statusRequests += 1;
    return Promise.resolve(answer as Result);
  }
}

module('Unit | second-factor enforcement', function () {
  test('off: lets everything through without asking the server', function (assert) {
    const api = new FakeForum('no', [true]);
    assert.strictEqual(enforcementFor(api).guard(home), null);
    assert.strictEqual(api.statusRequests, 0);
  });

  test('on: sends a member without 2FA to their security page, and asks again until set up', async function (assert) {
    const api = new FakeForum('all', [true, false]);
    const enforcement = enforcementFor(api);
    assert.strictEqual(enforcement.guard(security), null, 'their own security page is always open');
    assert.deepEqual(await enforcement.guard(home), { route: 'preferences.security', models: ['Ada'] });
    assert.true(enforcement.setupRequired);
    assert.strictEqual(await enforcement.guard(home), null, 'set up since: asked again');
    assert.false(enforcement.setupRequired);
    assert.strictEqual(enforcement.guard(home), null, 'known to be fine: answered at once');
    assert.strictEqual(api.statusRequests, 2);
  });

  test('in the grace: pages go through at once, the server is asked in the background, and the guard takes over after', async function (assert) {
    const deadline = '2026-12-09T14:30:00.000Z';
    const api = new GraceForum([
      { setupRequired: false, setupDeadline: deadline },
      { setupRequired: false, setupDeadline: deadline },
      { setupRequired: true, setupDeadline: deadline },
    ]);
    const enforcement = enforcementFor(api);
    assert.strictEqual(await enforcement.guard(home), null, 'in the grace: through');
    assert.strictEqual(enforcement.setupDeadline, deadline, 'the banner has its date');
    assert.strictEqual(enforcement.guard(home), null, 'answered at once');
    await Promise.resolve();
    await Promise.resolve();
    assert.strictEqual(api.statusRequests, 2, 'and asked again in the background');
    assert.strictEqual(api.rechecks, 0, 'still in the grace: nothing to recheck');

    assert.strictEqual(enforcement.guard(home), null, 'answered at once again');
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.true(enforcement.setupRequired, 'the server says the grace has ended');
    assert.strictEqual(api.rechecks, 1, 'the guards run again');
    assert.deepEqual(await enforcement.guard(home), { route: 'preferences.security', models: ['Ada'] });
  });

  test('a 403 second_factor_setup_required counts even when the loaded settings said "no"', function (assert) {
    const api = new FakeForum('no', []);
    const enforcement = enforcementFor(api);
    const refusal = Object.assign(new Error('set up first'), {
      name: 'ApiError',
      status: 403,
      code: 'second_factor_setup_required',
      retryAfter: null,
    });
    enforcement.apiError(refusal);
    assert.true(enforcement.setupRequired);
    assert.strictEqual(api.rechecks, 1);
    assert.notStrictEqual(enforcement.guard(home), null, 'the guard now asks the server');
  });
});
