/**
 * Tells a Promise (any thenable) from a plain value, so that callers await only when a callee returned one
 * and the common synchronous path pays for no extra microtask.
 */

/**
 * True when `value` is a thenable (an object or function with a `then` method).
 * @example const out = serde.serialize(topic, v); const bytes = isPromise(out) ? await out : out;
 */
export function isPromise<T = unknown>(value: unknown): value is PromiseLike<T> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * Calls `each` on the items in order, a call that returns a Promise holding back the next until it settles, then
 * returns `after()`. Stays synchronous (no microtask) while every call does.
 */
export function inTurn<T>(items: readonly T[], each: (item: T) => void | PromiseLike<void>, after: () => void | PromiseLike<void> = () => undefined): void | Promise<void> {
  const step = (from: number): void | Promise<void> => {
    for (let i = from; i < items.length; i++) {
      const result = each(items[i] as T);
      if (result !== undefined && isPromise(result)) return Promise.resolve(result).then(() => step(i + 1));
    }
    const last = after();
    return last === undefined ? undefined : Promise.resolve(last);
  };
  return step(0);
}
