import { module, test } from 'qunit';
import { SecondFactorEvent } from '@second-factor/core';
import { EVENT_NAMES, eventLabel, eventNameLabel } from '#src/utils/admin-event-labels.ts';

function label(event: string, details: Record<string, unknown> = {}, actorUsername: string | null = null): string {
  return eventLabel({ event, details, actorUsername });
}

module('Unit | admin event labels', function () {
  test('the events members care most about read as sentences', function (assert) {
    assert.strictEqual(
      label('backup_code_used', { purpose: 'login', position: 3, remaining: 7 }),
      'Backup code #3 used, 7 left',
    );
    assert.strictEqual(label('totp_enabled', { authenticatorId: 4 }), 'Authenticator added');
    assert.strictEqual(
      label('second_factors_reset', { via: 'admin' }, 'alice'),
      'Two-factor reset by an admin (alice)',
    );
    assert.strictEqual(label('second_factors_reset', { via: 'cli' }), 'Two-factor reset from the command line');
    assert.strictEqual(label('backup_codes_created', { count: 10 }), 'New backup codes created (10)');
    assert.strictEqual(label('backup_codes_low', { remaining: 2 }), 'Backup codes running low (2 left)');
    assert.strictEqual(
      label('totp_removed', { lastOne: true }),
      'Authenticator removed, two-factor authentication is off',
    );
  });

  test('missing details shorten the label; unknown events show their name', function (assert) {
    assert.strictEqual(label('backup_code_used'), 'Backup code used');
    assert.strictEqual(label('second_factors_reset', { via: 'admin' }), 'Two-factor reset by an admin');
    assert.strictEqual(label('something_new'), 'something_new');
    assert.strictEqual(
      label('backup_code_used', '{"position":1,"remaining":9}' as unknown as Record<string, unknown>),
      'Backup code #1 used, 9 left',
    );
  });

  test('every declared event has a label for the filter', function (assert) {
    assert.strictEqual(EVENT_NAMES.length, Object.keys(SecondFactorEvent).length);
    for (const name of EVENT_NAMES) assert.notStrictEqual(eventNameLabel(name), name, name);
  });
});
