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
