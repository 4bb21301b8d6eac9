import Service from '@ember/service';
import { tracked } from '@glimmer/tracking';
import type { ComponentLike } from '@glint/template';

/** What every modal receives: `@close` and the `@model` it was shown with. */
export interface ModalSignature<Model> {
  Args: { close: () => void; model: Model };
}

interface OpenModal {
  component: ComponentLike<ModalSignature<unknown>>;
  model: unknown;
}

/** One modal at a time, rendered by <ModalContainer> in the application template. */
export default class ModalService extends Service {
  @tracked current: OpenModal | null = null;

  show<Model>(component: ComponentLike<ModalSignature<Model>>, model: Model): void {
    // The pair is stored together, so the component always gets the model it was shown
    // with; the cast only erases Model for storage.
    this.current = {
      component: component as unknown as ComponentLike<ModalSignature<unknown>>,
      model,
    };
  }

  close = (): void => {
    this.current = null;
  };
}
