import Service from '@ember/service';
import { tracked } from '@glimmer/tracking';
import { schedule } from '@ember/runloop';
import { FocusReturn } from 'forum-app/utils/focus-return';
import type { ComponentLike } from '@glint/template';
import type { ModalSignature } from 'forum-plugin-api/frontend';

// One definition for host and plugin modals: `@close` and the `@model` it was shown with.
export type { ModalSignature };

interface OpenModal {
  component: ComponentLike<ModalSignature<unknown>>;
  model: unknown;
}

/** One modal at a time, rendered by <ModalContainer> in the application template. */
export default class ModalService extends Service {
  @tracked current: OpenModal | null = null;

  /** Asked before Escape or × close the modal (see guardClose). */
  private closeGuard: (() => boolean) | null = null;

  /** Where focus goes back to on close: recorded by `show()`, before the modal renders. */
  private focusReturn: FocusReturn | null = null;

  show<Model>(component: ComponentLike<ModalSignature<Model>>, model: Model): void {
    this.closeGuard = null;
    // A modal shown in place of another (closed in the same moment) goes back to the first one's opener.
    this.focusReturn ??= FocusReturn.record();
    // The pair is stored together, so the component always gets the model it was shown
    // with; the cast only erases Model for storage.
    this.current = {
      component: component as unknown as ComponentLike<ModalSignature<unknown>>,
      model,
    };
  }

  close = (): void => {
    if (!this.current) return;
    this.current = null;
    this.closeGuard = null;
    // Once the dialog has left the page; unless another modal was shown in its place meanwhile.
    schedule('afterRender', () => {
      if (this.current) return;
      this.focusReturn?.restore();
      this.focusReturn = null;
    });
  };

  /** Escape or ×: closes unless the open modal's guard says to stay. */
  requestClose = (): void => {
    if (this.closeGuard && !this.closeGuard()) return;
    this.close();
  };

  /** Lets the open modal hold Escape and × back; returns the way to let them through again. */
  guardClose(guard: () => boolean): () => void {
    this.closeGuard = guard;
    return () => {
      if (this.closeGuard === guard) this.closeGuard = null;
    };
  }
}
