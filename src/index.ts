// The public API of kstreams: every name users may import, listed explicitly (test/public-api.test.ts pins it).

export {
  StreamsError,
  TopologyError,
  UnknownStateStoreError,
  DuplicateSourceTopicError,
  DuplicateNodeNameError,
  CopartitionError,
  UnknownTopicError,
  SerializationError,
  DeserializationError,
  ProcessingError,
  ConfigError,
  StoreError,
  NoSuchElementError,
  IllegalStateError,
  IncompatibleSchemaError,
  SchemaRegistryError,
} from './errors.js';
export type { StreamsErrorCode, RecordPosition } from './errors.js';

export { resolveConfig, DEFAULTS } from './config.js';
export type { StreamsConfig, ResolvedStreamsConfig, TimestampExtractor, ConsumedRecord } from './config.js';

export { KeyValue } from './internal/key-value.js';
export { ManualClock, systemClock } from './internal/clock.js';
export type { Clock } from './internal/clock.js';

export { Serdes, serdeFrom } from './serdes/primitives.js';
export type { Serde, Headers } from './serdes/serde.js';
export { avroSerde, schemaRegistrySerde } from './serdes/avro.js';
export type { SchemaRegistrySerde, SchemaRegistrySerdeOptions } from './serdes/avro.js';
export { EmbeddedSchemaRegistry } from './serdes/schema-registry/embedded-registry.js';
export type { EmbeddedSchemaRegistryOptions } from './serdes/schema-registry/embedded-registry.js';
export { SchemaRegistryClient } from './serdes/schema-registry/http-registry.js';
export type { SchemaRegistryClientOptions } from './serdes/schema-registry/http-registry.js';
export { serveSchemaRegistry } from './serdes/schema-registry/registry-server.js';
export type { RegistryServer, RegistryServerOptions } from './serdes/schema-registry/registry-server.js';
export type {
  SchemaRegistry,
  AvroSchema,
  CompatibilityLevel,
  CompatibilityResult,
  SubjectVersion,
  SubjectNameStrategy,
} from './serdes/schema-registry/registry.js';

export { Stores } from './state/stores.js';
export type { StateStore, StoreBuilder, StoreContext, StoreType } from './state/store.js';
export type {
  KeyValueStore,
  ReadOnlyKeyValueStore,
  KeyValueIterator,
  KeyValueBytesStoreSupplier,
  TimestampedKeyValueStore,
  ValueAndTimestamp,
} from './state/key-value-store.js';

export type { ReadOnlyWindowStore, WindowStore, WindowBytesStoreSupplier } from './state/window-store.js';
export type { ReadOnlySessionStore, SessionStore, SessionBytesStoreSupplier } from './state/session-store.js';

export { TimeWindows } from './windows/time-windows.js';
export { SlidingWindows } from './windows/sliding-windows.js';
export { SessionWindows } from './windows/session-windows.js';
export { JoinWindows } from './windows/join-windows.js';
export { WindowedSerdes } from './windows/windowed.js';
export type { Windowed } from './windows/windowed.js';
export type { Window } from './windows/window.js';

export { StreamRecord } from './topology/record.js';
export type { RecordMetadata } from './topology/record.js';
export { Topology } from './topology/topology.js';
export type { SourceOptions, SinkOptions } from './topology/topology.js';
export type {
  Processor,
  ProcessorContext,
  ProcessorSupplier,
  Punctuator,
  PunctuationType,
  Cancellable,
  ProcessResult,
} from './topology/processor.js';
export type { TopicNameExtractor, StreamPartitioner, RecordContext } from './topology/sink-types.js';
export type { TopologyDescription, NodeDescription, SubtopologyDescription, GlobalStoreDescription } from './topology/describe.js';

export { StreamsBuilder } from './dsl/streams-builder.js';
export { Consumed, Produced, Grouped, Materialized, Named, Repartitioned, Branched, StreamJoined } from './dsl/options.js';
export { Joined, TableJoined } from './dsl/options.js';
export type { GlobalKTable } from './dsl/global-ktable.js';
export { EmitStrategy } from './dsl/emit-strategy.js';
export { Suppressed, BufferConfig } from './dsl/suppressed.js';
export type { StrictBufferConfig, EagerBufferConfig, BufferFullStrategy } from './dsl/suppressed.js';
export type { TimeWindowedKStream } from './dsl/time-windowed-kstream.js';
export type { SessionWindowedKStream } from './dsl/session-windowed-kstream.js';
export type { TimeWindowedCogroupedKStream, SessionWindowedCogroupedKStream } from './dsl/windowed-cogrouped-kstream.js';
export type { KStream } from './dsl/kstream.js';
export type { KTable } from './dsl/ktable.js';
export type { KGroupedStream } from './dsl/kgrouped-stream.js';
export type { KGroupedTable } from './dsl/kgrouped-table.js';
export type { BranchedKStream } from './dsl/branched-kstream.js';
export type { CogroupedKStream } from './dsl/cogrouped-kstream.js';
export type { Change } from './dsl/change.js';

export type { StreamsMetric } from './runtime/task-metrics.js';
export type { HostInfo, KeyQueryMetadata, StreamsMetadata } from './runtime/query-metadata.js';

export { TopologyTestDriver } from './testing/topology-test-driver.js';
export type { TestInputTopic } from './testing/test-input-topic.js';
export type { TestOutputTopic } from './testing/test-output-topic.js';
export type { TestRecord, TestRecordInput } from './testing/test-record.js';

export { App } from './app/app.js';
export type { AppOptions, StartOptions, TaskContext } from './app/app.js';
export type { AppTopic, TopicOptions, Message } from './app/topic.js';
export type { AgentStream, GroupKeySelector } from './app/agent-stream.js';
export type { AgentDef, AgentFn, AgentOptions } from './app/agent.js';
export type { AgentEvent } from './app/agent-channel.js';
export type { Table, TableOptions, WindowedTable, WindowOptions, WindowSet } from './app/table.js';
