import type { Serde } from '../serdes/serde.js';
import type { SessionBytesStoreSupplier, SessionStore } from './session-store.js';
import type { StoreBuildDefaults, StoreBuilder, StoreType } from './store.js';
import { ChangeLoggingSessionBytesStore, TypedSessionStore } from './layers/session-stores.js';

interface BuilderOptions {
  readonly loggingEnabled: boolean;
  readonly cachingEnabled: boolean;
  readonly logConfig: Readonly<Record<string, string>>;
}

/**
 * Builds session stores: typed → change-logging → bytes (Kafka's SessionStoreBuilder). Immutable: `with*`
 * returns a new builder. The caching flag is recorded but, as for window stores, adds no cache layer yet.
 */
export class SessionStoreBuilderImpl<K, V> implements StoreBuilder<SessionStore<K, V>> {
  readonly storeType: StoreType = 'session';

  constructor(
    readonly supplier: SessionBytesStoreSupplier,
    readonly keySerde: Serde<K> | undefined,
    readonly valueSerde: Serde<V> | undefined,
    readonly options: BuilderOptions = { loggingEnabled: true, cachingEnabled: false, logConfig: {} },
  ) {}

  get name(): string {
    return this.supplier.name;
  }
  get loggingEnabled(): boolean {
    return this.options.loggingEnabled;
  }
  get cachingEnabled(): boolean {
    return this.options.cachingEnabled;
  }
  get logConfig(): Readonly<Record<string, string>> {
    return this.options.logConfig;
  }
  withLoggingEnabled(config: Record<string, string> = {}): SessionStoreBuilderImpl<K, V> {
    return this.#with({ loggingEnabled: true, logConfig: { ...config } });
  }
  withLoggingDisabled(): SessionStoreBuilderImpl<K, V> {
    return this.#with({ loggingEnabled: false });
  }
  withCachingEnabled(): SessionStoreBuilderImpl<K, V> {
    return this.#with({ cachingEnabled: true });
  }
  withCachingDisabled(): SessionStoreBuilderImpl<K, V> {
    return this.#with({ cachingEnabled: false });
  }
  build(defaults?: StoreBuildDefaults): SessionStore<K, V> {
    const bytes = this.supplier.get(defaults);
    const logged = this.options.loggingEnabled ? new ChangeLoggingSessionBytesStore(bytes) : bytes;
    return new TypedSessionStore<K, V>(logged, this.keySerde, this.valueSerde);
  }
  #with(change: Partial<BuilderOptions>): SessionStoreBuilderImpl<K, V> {
    return new SessionStoreBuilderImpl(this.supplier, this.keySerde, this.valueSerde, { ...this.options, ...change });
  }
}
