import { modifier } from 'ember-modifier';

/**
 * Focuses the field and selects its text each time `attempt` changes to a number above 0
 * (`{{selectOnChange this.wrongAttempts}}`): after a refused code the member sees what they
 * typed, can spot the typo, and typing replaces it all.
 */
const selectOnChange = modifier((element: HTMLInputElement, [attempt = 0]: [number?]) => {
  if (attempt <= 0) return;
  element.focus();
  element.select();
});

export default selectOnChange;
