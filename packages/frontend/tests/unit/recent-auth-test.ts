import { module, test } from 'qunit';
import { NO_SECOND_FACTOR, withRecentAuth, type SecondFactorKinds } from '#src/api/recent-auth.ts';
import FakePluginApi from '../helpers/fake-plugin-api.ts';

/** An error shaped like the host's ApiError, as `isApiError` recognises it. */
function apiError(status: number, code: string, message: string): Error {
  return Object.assign(new Error(message), { name: 'ApiError', status, code, retryAfter: null });
}

/** Records the modal the helper shows (as `shown`); withRecentAuth makes no request itself. */
class ModalRecorder extends FakePluginApi {
  get shown(): Array<{ component: unknown; model: unknown }> {
    return this.modals;
  }
}

interface ConfirmModel {
  factors: SecondFactorKinds;
  settle: (confirmed: boolean) => void;
}

/** Let the helper's awaits run until it shows the modal. */
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

// The retry logic alone; the real "confirm it's you" round trip is in forum-app's tests.
module('Unit | withRecentAuth', function () {
  test('runs the action once when the window is open', async function (assert) {
    const api = new ModalRecorder();
    const result = await withRecentAuth(api, NO_SECOND_FACTOR, () => Promise.resolve('done'));
    assert.strictEqual(result, 'done');
    assert.strictEqual(api.shown.length, 0);
  });

  test('asks to confirm on recent_auth_required, then runs the action again', async function (assert) {
    const api = new ModalRecorder();
    let calls = 0;
    const pending = withRecentAuth(api, { authenticator: false, securityKey: true }, () => {
      calls += 1;
      return calls === 1
        ? Promise.reject(apiError(403, 'recent_auth_required', "Confirm it's you"))
        : Promise.resolve('done');
    });
    await flush();
    assert.strictEqual(api.shown.length, 1, 'the confirm modal is shown');
    const model = api.shown[0]!.model as ConfirmModel;
    assert.deepEqual(model.factors, { authenticator: false, securityKey: true }, 'the modal knows to offer the key');
    model.settle(true);
    assert.strictEqual(await pending, 'done');
    assert.strictEqual(calls, 2);
  });

  test('gives up quietly when the member cancels', async function (assert) {
    const api = new ModalRecorder();
    let calls = 0;
    const pending = withRecentAuth(api, NO_SECOND_FACTOR, () => {
      calls += 1;
      return Promise.reject(apiError(403, 'recent_auth_required', "Confirm it's you"));
    });
    await flush();
    (api.shown[0]!.model as ConfirmModel).settle(false);
    assert.strictEqual(await pending, null);
    assert.strictEqual(calls, 1);
  });

  test('passes other errors through', async function (assert) {
    const api = new ModalRecorder();
    await assert.rejects(
      withRecentAuth(api, NO_SECOND_FACTOR, () => Promise.reject(apiError(404, 'authenticator_not_found', 'Gone'))),
      /Gone/,
    );
    assert.strictEqual(api.shown.length, 0);
  });
});
