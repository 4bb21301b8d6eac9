import { modifier } from 'ember-modifier';
import type { PluginApi } from 'forum-plugin-api/frontend';

/**
 * While `active`, the host's Escape and × call `onAttempt` instead of closing the modal:
 * unsaved backup codes would be lost for good. Uses the plugin API's close guard, so it needs
 * nothing of the host's markup.
 */
const guardModalClose = modifier(
  (_element: HTMLElement, [api]: [PluginApi], { active, onAttempt }: { active: boolean; onAttempt: () => void }) => {
    if (!active) return;
    return api.guardModalClose(() => {
      onAttempt();
      return false;
    });
  },
);

export default guardModalClose;
