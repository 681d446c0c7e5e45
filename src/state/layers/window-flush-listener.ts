/** Called for each dirty entry when the cache writes it down (on commit or eviction): the windowed KTable forwarder. */
export type WindowCacheFlushListener<K, V> = (key: K, windowStartMs: number, newValue: V | null, oldValue: V | null, timestamp: number) => void | Promise<void>;

/** A window store that may buffer writes and report them on flush (Kafka's CachedStateStore.setFlushListener). */
export interface WindowFlushListenable<K, V> {
  /** Registers the listener; returns true if the store caches (then the caller must not forward on write). */
  setWindowFlushListener(listener: WindowCacheFlushListener<K, V>, sendOldValues: boolean): boolean;
}
