import type { Serde } from '../serdes/serde.js';
import type { StateStore, StoreBuildDefaults, StoreBuilder, StoreType } from './store.js';
import { valueAndTimestampSerde } from './layers/value-and-timestamp-serde.js';

/** The options every store builder carries. */
export interface BuilderOptions {
  readonly loggingEnabled: boolean;
  readonly cachingEnabled: boolean;
  readonly logConfig: Readonly<Record<string, string>>;
}

/** Logging on (a compacted changelog), caching off: Kafka's StoreBuilder defaults. */
export const DEFAULT_BUILDER_OPTIONS: BuilderOptions = { loggingEnabled: true, cachingEnabled: false, logConfig: {} };

/**
 * What the key-value, window and session builders share: the logging and caching options and the immutable
 * `with*` methods (each returns a new builder). Subclasses stack their layers in `build`.
 */
export abstract class BaseStoreBuilder<S extends StateStore> implements StoreBuilder<S> {
  constructor(readonly options: BuilderOptions) {}

  abstract get name(): string;
  abstract get storeType(): StoreType;
  abstract build(defaults?: StoreBuildDefaults): S;
  /** The same builder with other options. */
  protected abstract copy(options: BuilderOptions): this;

  get loggingEnabled(): boolean {
    return this.options.loggingEnabled;
  }

  get cachingEnabled(): boolean {
    return this.options.cachingEnabled;
  }

  get logConfig(): Readonly<Record<string, string>> {
    return this.options.logConfig;
  }

  withLoggingEnabled(config: Record<string, string> = {}): this {
    return this.copy({ ...this.options, loggingEnabled: true, logConfig: { ...config } });
  }

  withLoggingDisabled(): this {
    return this.copy({ ...this.options, loggingEnabled: false });
  }

  withCachingEnabled(): this {
    return this.copy({ ...this.options, cachingEnabled: true });
  }

  withCachingDisabled(): this {
    return this.copy({ ...this.options, cachingEnabled: false });
  }
}

/** The stored value serde: timestamped stores wrap the plain one in Kafka's ValueAndTimestamp layout. */
export function storedValueSerde<V>(timestamped: boolean): (plain: Serde<unknown>) => Serde<V> {
  return timestamped ? (serde) => valueAndTimestampSerde(serde) as Serde<V> : (serde) => serde as Serde<V>;
}
