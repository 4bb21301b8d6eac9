const FOCUSABLE = 'a[href], button, input:not([type="hidden"]), select, textarea, [tabindex]:not([tabindex="-1"])';

function canTakeFocus(element: Element): element is HTMLElement {
  return (
    element instanceof HTMLElement &&
    element.isConnected &&
    !element.matches(':disabled') &&
    element.getClientRects().length > 0 // not display: none
  );
}

/**
 * Where focus goes back to when a modal closes: the control that had focus when it opened, or,
 * if that is gone (re-rendered) or disabled by then, the first usable control of its nearest
 * ancestor still on the page, or the page's main region. Never `<body>`: keyboard users would
 * have to Tab from the top of the page back to where they were.
 */
export class FocusReturn {
  private readonly ancestors: Element[] = [];

  private constructor(private readonly opener: Element | null) {
    for (let node = opener?.parentElement ?? null; node && node !== document.body; node = node.parentElement) {
      this.ancestors.push(node);
    }
  }

  /** Call before the modal renders: once it is in the page, its own field may already have focus. */
  static record(): FocusReturn {
    const active = document.activeElement;
    return new FocusReturn(active && active !== document.body ? active : null);
  }

  restore(): void {
    if (this.opener && canTakeFocus(this.opener)) {
      this.opener.focus();
      return;
    }
    for (const ancestor of this.ancestors) {
      if (!ancestor.isConnected) continue;
      const next = Array.from(ancestor.querySelectorAll(FOCUSABLE)).find(canTakeFocus);
      if (next) {
        next.focus();
        return;
      }
    }
    document.querySelector<HTMLElement>('main[tabindex]')?.focus();
  }
}
