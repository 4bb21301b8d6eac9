import { modifier } from 'ember-modifier';

/**
 * While `active`, Escape and the host dialog's × button call `onAttempt` instead of
 * closing the dialog: unsaved backup codes would be lost for good. Capture-phase listeners
 * on the dialog run before the host's (its focus trap listens on the same element in the
 * bubble phase), so stopping the event there keeps the dialog open.
 *
 * The plugin API has no "may this modal close?" hook yet, so the × button is recognised by
 * the host's markup (`.modal-close`); see the frontend README.
 */
const guardDialogClose = modifier(
  (element: HTMLElement, _positional: [], { active, onAttempt }: { active: boolean; onAttempt: () => void }) => {
    if (!active) return;
    const dialog = element.closest<HTMLElement>('[role="dialog"]') ?? element;

    const onKeydown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      event.stopPropagation();
      onAttempt();
    };
    const onClick = (event: MouseEvent) => {
      const target = event.target as Element | null;
      if (!target?.closest('.modal-close') || element.contains(target)) return;
      event.preventDefault();
      event.stopPropagation();
      onAttempt();
    };
    dialog.addEventListener('keydown', onKeydown, true);
    dialog.addEventListener('click', onClick, true);
    return () => {
      dialog.removeEventListener('keydown', onKeydown, true);
      dialog.removeEventListener('click', onClick, true);
    };
  },
);

export default guardDialogClose;
