import type { Serde } from '../serdes/serde.js';
import type { SessionBytesStoreSupplier, SessionStore } from './session-store.js';
import type { StoreBuildDefaults, StoreType } from './store.js';
import { BaseStoreBuilder, DEFAULT_BUILDER_OPTIONS, type BuilderOptions } from './store-builder-base.js';
import { ChangeLoggingSessionBytesStore, TypedSessionStore } from './layers/session-stores.js';
import { CachingSessionStore } from './layers/caching-session-store.js';

/**
 * Builds session stores: caching (typed, optional) → typed → change-logging → bytes (Kafka's SessionStoreBuilder).
 * Immutable: `with*` returns a new builder.
 */
export class SessionStoreBuilderImpl<K, V> extends BaseStoreBuilder<SessionStore<K, V>> {
  readonly storeType: StoreType = 'session';

  constructor(
    readonly supplier: SessionBytesStoreSupplier,
    readonly keySerde: Serde<K> | undefined,
    readonly valueSerde: Serde<V> | undefined,
    options: BuilderOptions = DEFAULT_BUILDER_OPTIONS,
  ) {
    super(options);
  }

  get name(): string {
    return this.supplier.name;
  }

  build(defaults?: StoreBuildDefaults): SessionStore<K, V> {
    const bytes = this.supplier.get(defaults);
    const logged = this.options.loggingEnabled ? new ChangeLoggingSessionBytesStore(bytes) : bytes;
    const typed = new TypedSessionStore<K, V>(logged, this.keySerde, this.valueSerde);
    return this.options.cachingEnabled ? new CachingSessionStore(typed) : typed;
  }

  protected copy(options: BuilderOptions): this {
    return new SessionStoreBuilderImpl<K, V>(this.supplier, this.keySerde, this.valueSerde, options) as this;
  }
}
