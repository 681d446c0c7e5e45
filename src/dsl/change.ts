/**
 * What flows between KTable processors: the new value of a key and, when a downstream operator needs it,
 * the old one. A null newValue is a delete (tombstone).
 */
export interface Change<V> {
  readonly newValue: V | null;
  readonly oldValue: V | null;
}

/** A Change. */
export function change<V>(newValue: V | null, oldValue: V | null): Change<V> {
  return { newValue, oldValue };
}
