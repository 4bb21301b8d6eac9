import { modifier } from 'ember-modifier';

/**
 * Moves focus to the element when it appears (`{{focusOnInsert}}`, or
 * `{{focusOnInsert false}}` to opt out). The host's modal focuses its first field only when
 * the dialog opens; a step that replaces part of a dialog (the login's second step, the
 * "confirm it's you" form inside the setup modal) moves focus itself, so keyboard and
 * screen-reader users land on the new field.
 */
const focusOnInsert = modifier((element: HTMLElement, [enabled = true]: [boolean?]) => {
  if (enabled) element.focus();
});

export default focusOnInsert;
