import { isPromise } from '../internal/promise.js';

/** Combines the values of both join sides (Kafka's ValueJoiner); a missing side is null in left/outer joins. */
export type ValueJoiner<V1, V2, VR> = (value1: V1, value2: V2) => VR;

/** Which side's missing rows still produce output. */
export type JoinKind = 'inner' | 'left' | 'outer';

/**
 * What flows between table processors: the new and (when asked for) the old value of a key. Structurally the
 * same as the DSL's Change, which joins may not import.
 */
export interface TableChange<V> {
  readonly newValue: V | null;
  readonly oldValue: V | null;
}

/** A TableChange. */
export function tableChange<V>(newValue: V | null, oldValue: V | null): TableChange<V> {
  return { newValue, oldValue };
}

/** True when a key is absent (null or undefined): such records cannot be joined. */
export function isNullish(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

/** Runs `next` after `first`, waiting only if `first` returned a Promise (keeps the hot path synchronous). */
export function andThen(first: void | Promise<void>, next: () => void | Promise<void>): void | Promise<void> {
  return first !== undefined && isPromise(first) ? first.then(next) : next();
}
