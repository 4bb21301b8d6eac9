import { tracked } from '@glimmer/tracking';

/**
 * A Map whose reads re-render when it changes. Small enough to keep here instead of
 * adding tracked-built-ins for one use.
 */
export class TrackedMap<Key, Value> {
  @tracked private entries = new Map<Key, Value>();

  get(key: Key): Value | undefined {
    return this.entries.get(key);
  }

  set(key: Key, value: Value): void {
    const next = new Map(this.entries);
    next.set(key, value);
    this.entries = next;
  }
}
