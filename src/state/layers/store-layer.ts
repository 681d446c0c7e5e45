import type { StateStore, StoreContext } from '../store.js';

/**
 * A store stacked on another (the typed, caching and change-logging layers): as a StateStore it is the store below,
 * with its name and persistence, and it opens, flushes and closes by passing the call down. A layer overrides the
 * calls it adds work to.
 */
export abstract class StoreLayer<S extends StateStore> implements StateStore {
  constructor(readonly inner: S) {}

  get name(): string {
    return this.inner.name;
  }

  get persistent(): boolean {
    return this.inner.persistent;
  }

  init(context: StoreContext): void | Promise<void> {
    return this.inner.init(context);
  }

  flush(): void | Promise<void> {
    return this.inner.flush();
  }

  close(): void | Promise<void> {
    return this.inner.close();
  }

  isOpen(): boolean {
    return this.inner.isOpen();
  }
}
