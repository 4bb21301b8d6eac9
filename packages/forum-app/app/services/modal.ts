import Service from '@ember/service';
import { tracked } from '@glimmer/tracking';
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

  show<Model>(component: ComponentLike<ModalSignature<Model>>, model: Model): void {
    this.closeGuard = null;
    // The pair is stored together, so the component always gets the model it was shown
    // with; the cast only erases Model for storage.
    this.current = {
      component: component as unknown as ComponentLike<ModalSignature<unknown>>,
      model,
    };
  }

  close = (): void => {
    this.current = null;
    this.closeGuard = null;
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
