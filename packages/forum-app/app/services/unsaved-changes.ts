import Service, { service } from '@ember/service';
import LeaveUnsavedModal from 'forum-app/components/leave-unsaved-modal';
import type RouterService from '@ember/routing/router-service';
import type Transition from '@ember/routing/transition';
import type ModalService from 'forum-app/services/modal';

/** What a page with unsaved edits tells the guard: whether it has any, and how to name them. */
export interface UnsavedEdits {
  hasChanges(): boolean;
  /** "site settings": completes "You have unsaved changes to …". */
  what: string;
}

/**
 * Asks before a member or admin leaves a page with unsaved edits: in the app (another link, Back)
 * with the app's own dialog, and when closing or reloading the tab with the browser's.
 */
export default class UnsavedChangesService extends Service {
  @service declare router: RouterService;
  @service declare modal: ModalService;

  private held: UnsavedEdits | null = null;

  constructor(...args: ConstructorParameters<typeof Service>) {
    super(...args);
    this.router.on('routeWillChange', this.askBeforeLeaving);
    window.addEventListener('beforeunload', this.askBeforeUnload);
  }

  willDestroy(): void {
    super.willDestroy();
    this.router.off('routeWillChange', this.askBeforeLeaving);
    window.removeEventListener('beforeunload', this.askBeforeUnload);
  }

  /** Guards the page while it is shown; returns the way to stop. */
  hold(edits: UnsavedEdits): () => void {
    this.held = edits;
    return () => {
      if (this.held === edits) this.held = null;
    };
  }

  private get pending(): UnsavedEdits | null {
    return this.held?.hasChanges() ? this.held : null;
  }

  private askBeforeLeaving = (transition: Transition): void => {
    const edits = this.pending;
    if (!edits || transition.isAborted) return;
    // Query-parameter changes and redirects within the same page keep the edits.
    if (transition.to?.name === transition.from?.name) return;
    transition.abort();
    this.modal.show(LeaveUnsavedModal, {
      what: edits.what,
      leave: () => {
        // The edits are given up: the retried transition (a new one) passes.
        this.held = null;
        void transition.retry();
      },
    });
  };

  private askBeforeUnload = (event: BeforeUnloadEvent): void => {
    if (!this.pending) return;
    // Both, for the browsers that read one or the other; the browser writes its own text.
    event.preventDefault();
    event.returnValue = '';
  };
}
