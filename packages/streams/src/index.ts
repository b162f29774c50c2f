export { TopologyError, CoPartitioningError, NotImplementedError, SerializationError, InvalidStateStoreError, StreamsArgumentError } from './errors/streams-errors.js';

export type { Serde, Serializer, Deserializer, DefaultAwareSerde } from './serdes/serde.js';
export { Serdes, type JsonSerdeOptions } from './serdes/serdes.js';
export { changeSerde } from './serdes/change-serde.js';

export { StreamsBuilder } from './dsl/streams-builder.js';
export { KStream } from './dsl/kstream.js';
export { KTable } from './dsl/ktable.js';
export { KGroupedStream } from './dsl/kgrouped-stream.js';
export { KGroupedTable } from './dsl/kgrouped-table.js';
export { GlobalKTable } from './dsl/global-ktable.js';
export { Branched, BranchedKStream } from './dsl/branched.js';
export { Named } from './dsl/named.js';
export { Consumed, Produced, Materialized, Grouped, Joined, Repartitioned } from './dsl/options.js';
export { produceAggregator, type Aggregator, type Initializer, type Reducer } from './dsl/aggregator.js';
export { DEFAULT_CACHE_MAX_BYTES, type StreamsConfig, type DslStoreType } from './dsl/streams-config.js';

export { Record } from './processor/record.js';
export { EMPTY_HEADERS, lastHeader, type Header, type Headers } from './processor/headers.js';
export type { Change } from './processor/change.js';
export type { Processor, ProcessorSupplier, FixedKeyProcessorSupplier } from './processor/processor.js';
export type { ProcessorContext, TaskId } from './processor/processor-context.js';
export type { PunctuationType, Punctuator, Cancellable } from './processor/punctuation.js';
export type { RecordMetadata } from './processor/record-metadata.js';
export { recordTimestampExtractor, type TimestampExtractor } from './processor/timestamp-extractor.js';
export { StreamTask, type RawRecord, type StreamTaskOptions } from './processor/internals/stream-task.js';
export type { RecordCollector } from './processor/internals/record-collector.js';

export type { StateStore, StateStoreContext } from './state/state-store.js';
export type { KeyValueStore, ReadOnlyKeyValueStore, TimestampedKeyValueStore } from './state/key-value-store.js';
export { keyValue, type KeyValue } from './state/key-value.js';
export { valueAndTimestamp, type ValueAndTimestamp } from './state/value-and-timestamp.js';
export { Stores, StoreBuilder, type BytesStoreSupplier, type StateStoreBuilder, type StoreBuildOptions, type StoreSupplier } from './state/store-builder.js';
export type { BytesStore, CacheFlushListener } from './state/bytes-store.js';
export { InMemoryBytesStore } from './state/in-memory-bytes-store.js';
export { NOOP_CHANGELOG_SINK, type ChangelogSink, type ChangelogRecord } from './state/changelog-sink.js';

export { Topology, type InternalTopicSpec } from './topology/topology.js';
export type { TopologyDescription } from './topology/topology-description.js';
export type { TopicNameExtractor, StreamPartitioner, SubtopologySpec, StoreSpec } from './topology/topology-nodes.js';
export type { TopologyOptimization } from './topology/optimizer.js';
export { resolveInternalTopics, type ResolvedInternalTopic } from './topology/internal-topics.js';

export { TopologyTestDriver, type TestDriverConfig } from './testing/topology-test-driver.js';
export { TestInputTopic } from './testing/test-input-topic.js';
export { TestOutputTopic } from './testing/test-output-topic.js';
export { testRecord, type TestRecord } from './testing/test-record.js';
export { ClassicLevelBytesStore, classicLevelKeyValueStore } from './state/classic-level-store.js';

export { Window, Windowed, windowed } from './dsl/windowed.js';
export { TimeWindows } from './dsl/time-windows.js';
export { SlidingWindows } from './dsl/sliding-windows.js';
export { SessionWindows } from './dsl/session-windows.js';
export { JoinWindows } from './dsl/join-windows.js';
export { EmitStrategy } from './dsl/emit-strategy.js';
export { Suppressed, BufferConfig } from './dsl/suppressed.js';
export { TimeWindowedKStream } from './dsl/time-windowed-kstream.js';
export { SessionWindowedKStream, type Merger } from './dsl/session-windowed-kstream.js';
export { WindowedSerdes, timeWindowedSerde, sessionWindowedSerde } from './serdes/windowed-serdes.js';
export { DroppedRecords, type DroppedRecordEvent, type DroppedRecordListener, type DropReason } from './processor/ops/dropped-records.js';
export type { WindowStore, ReadOnlyWindowStore } from './state/window/window-store.js';
export { InMemoryWindowStore, type WindowStoreOptions } from './state/window/in-memory-window-store.js';
export { WindowStoreBuilder } from './state/window/window-store-builder.js';
export type { SessionStore, ReadOnlySessionStore } from './state/session/session-store.js';
export { InMemorySessionStore, type SessionStoreOptions } from './state/session/in-memory-session-store.js';
export { SessionStoreBuilder } from './state/session/session-store-builder.js';
export type { WindowBytesStoreSupplier, WindowStoreParams } from './state/window/window-store-supplier.js';
export type { SessionBytesStoreSupplier } from './state/session/session-store-supplier.js';
export { PersistentWindowStore } from './state/persistent/persistent-window-store.js';
export { PersistentSessionStore } from './state/persistent/persistent-session-store.js';
export { persistentWindowStore, persistentTimestampedWindowStore, persistentSessionStore } from './state/persistent/persistent-window-suppliers.js';

// ---- runtime (TributaryStreams on a Cluster) ----
export { TributaryStreams, type StateRestoreListener } from './runtime/tributary-streams.js';
export type { TributaryStreamsConfig, ProcessingGuarantee } from './runtime/streams-app-config.js';
export type { StreamsState, StateListener } from './runtime/app-state.js';
export {
  ExceptionHandlers,
  DLQ_HEADERS,
  type ErrorContext,
  type HandlerResponse,
  type DeserializationExceptionHandler,
  type ProcessingExceptionHandler,
  type ProductionExceptionHandler,
  type UncaughtExceptionHandler,
  type UncaughtExceptionResponse,
} from './runtime/handlers/exception-handlers.js';
export {
  DroppedRecordsHandlers,
  DROPPED_RECORD_HEADERS,
  type DroppedRecordsHandler,
  type DroppedRecordResponse,
} from './runtime/handlers/dropped-records-handler.js';
export { QueryableStoreTypes, type QueryableStoreType, type QueryableKeyValueStore } from './runtime/iq/queryable-store-types.js';
export type { HostInfo, KeyQueryMetadata, StreamsMetadata } from './runtime/iq/streams-metadata.js';
export type { MetricsServer } from './metrics/metrics-server.js';
export type { RestorationEvent } from './state/restore/restoration-event.js';
export { CheckpointFile, CorruptCheckpointError } from './state/restore/checkpoint-file.js';
export { persistentKeyValueStore, type PersistentBytesStoreSupplier } from './state/persistent/persistent-key-value-store.js';
export { TaskFailedError } from './errors/runtime-errors.js';
export { TaskMigratedError } from './runtime/eos/task-migrated-error.js';
export { StreamJoined } from './dsl/stream-joined.js';
export { CogroupedKStream, TimeWindowedCogroupedKStream, SessionWindowedCogroupedKStream } from './dsl/cogrouped-kstream.js';
export { VersionedStores, type VersionedKeyValueStore, type VersionedRecord } from './state/versioned/versioned-key-value-store.js';
export { InMemoryVersionedBytesStore, PUT_RETURN_CODE_NOT_PUT, PUT_RETURN_CODE_VALID_TO_UNDEFINED } from './state/versioned/in-memory-versioned-bytes-store.js';
export { SlidingWindowedKStream } from './dsl/sliding-windowed-kstream.js';
export { SuppressionBufferFullError } from './errors/streams-errors.js';
