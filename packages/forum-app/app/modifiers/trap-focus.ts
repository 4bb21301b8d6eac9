import { modifier } from 'ember-modifier';

const FOCUSABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

function focusables(container: HTMLElement): HTMLElement[] {
  return Array.from(container.querySelectorAll<HTMLElement>(FOCUSABLE));
}

/**
 * Keeps keyboard focus inside a dialog: moves focus in on insert (to `[autofocus]` or the
 * first focusable element), wraps Tab and Shift+Tab and calls `onEscape` on Escape. Giving
 * focus back on close is the modal service's job: by the time this runs, a field inside the
 * dialog may already have taken focus, so the opener is recorded when the modal is shown.
 */
const trapFocus = modifier((element: HTMLElement, _positional: [], { onEscape }: { onEscape: () => void }) => {
  const initial = element.querySelector<HTMLElement>('[autofocus]') ?? focusables(element)[0] ?? element;
  initial.focus();

  const onKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onEscape();
      return;
    }
    if (event.key !== 'Tab') return;
    const items = focusables(element);
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) {
      event.preventDefault();
      return;
    }
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };
  element.addEventListener('keydown', onKeydown);

  return () => {
    element.removeEventListener('keydown', onKeydown);
  };
});

export default trapFocus;
