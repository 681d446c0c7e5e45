import { isPromise } from '../../internal/promise.js';

/**
 * Forwards that a record cache started without waiting for them: an eviction or a window expiry happens inside a
 * synchronous put(), which cannot wait for an asynchronous downstream. The cache's next flush waits for them and
 * fails with the first error, so the commit fails (and the records are processed again) instead of the failure
 * going unnoticed.
 */
export class PendingForwards {
  #pending: Promise<void>[] = [];
  #failure: { readonly error: unknown } | undefined;

  /** Tracks the result of a forward; a synchronous one (undefined) needs nothing. */
  track(result: void | Promise<void>): void {
    if (result === undefined || !isPromise(result)) return;
    this.#pending.push(
      result.then(undefined, (error: unknown) => {
        this.#failure ??= { error };
      }),
    );
  }

  /** Waits for the forwards started so far, then throws the first failure among them (synchronous when none is pending). */
  settle(): void | Promise<void> {
    if (this.#pending.length === 0) return this.#rethrow();
    const pending = this.#pending;
    this.#pending = [];
    return Promise.all(pending).then(() => this.#rethrow());
  }

  /** settle(), then `next()` (synchronous when nothing is pending). */
  settleThen(next: () => void | Promise<void>): void | Promise<void> {
    const settled = this.settle();
    return settled !== undefined && isPromise(settled) ? settled.then(next) : next();
  }

  #rethrow(): void {
    const failure = this.#failure;
    if (failure === undefined) return;
    this.#failure = undefined;
    throw failure.error;
  }
}
