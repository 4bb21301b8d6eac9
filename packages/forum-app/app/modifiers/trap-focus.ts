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
 * first focusable element), wraps Tab and Shift+Tab, calls `onEscape` on Escape, and gives
 * focus back to whatever had it before the dialog opened.
 */
const trapFocus = modifier(
  (element: HTMLElement, _positional: [], { onEscape }: { onEscape: () => void }) => {
    const previouslyFocused = document.activeElement as HTMLElement | null;
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
      if (previouslyFocused?.isConnected) previouslyFocused.focus();
    };
  },
);

export default trapFocus;
