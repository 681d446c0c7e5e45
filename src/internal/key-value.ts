/** A key and a value. */
export interface KeyValue<K, V> {
  key: K;
  value: V;
}

/** Builds {@link KeyValue} pairs, as Kafka's `KeyValue.pair`. */
export const KeyValue = {
  /** A key-value pair. */
  pair<K, V>(key: K, value: V): KeyValue<K, V> {
    return { key, value };
  },
};
