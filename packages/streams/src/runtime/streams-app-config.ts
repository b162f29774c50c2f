import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster, Logger } from '@tributary/client';
import { silentLogger } from '@tributary/client';
import { NotImplementedError, StreamsArgumentError } from '../errors/streams-errors.js';
import type { Serde } from '../serdes/serde.js';
import { DEFAULT_CACHE_MAX_BYTES, resolveDslStoreType, type DslStoreType } from '../dsl/streams-config.js';
import {
  ExceptionHandlers,
  type DeserializationExceptionHandler,
  type ProcessingExceptionHandler,
  type ProductionExceptionHandler,
} from './handlers/exception-handlers.js';
import type { DroppedRecordsHandler } from './handlers/dropped-records-handler.js';

export type ProcessingGuarantee = 'at_least_once' | 'exactly_once_v2';

export interface TributaryStreamsConfig {
  /** Kafka's `application.id`: consumer group id and prefix of internal topics. */
  readonly applicationId: string;
  readonly cluster: Cluster;
  readonly defaultKeySerde?: Serde<unknown>;
  readonly defaultValueSerde?: Serde<unknown>;
  /** Default 30000 under at-least-once, 100 under exactly-once (Kafka's defaults). */
  readonly commitIntervalMs?: number;
  /** Record cache per thread; default 10 MiB, 0 disables caching. */
  readonly cacheMaxBytes?: number;
  /** Default `<os tmpdir>/tributary-streams`; local state lives in `<stateDir>/<applicationId>/<taskId>`. */
  readonly stateDir?: string;
  /**
   * Kafka's `default.dsl.store`: the store DSL operators (tables, aggregations, windowed and
   * session aggregations, stream-stream joins) get when no supplier is given. Default
   * 'in_memory'; 'persistent' uses classic-level (LevelDB) stores in the task directories.
   */
  readonly defaultDslStore?: DslStoreType;
  readonly numStandbyReplicas?: number;
  /** Default 'at_least_once'; 'exactly_once_v2' commits through transactions (docs/exactly-once.md). */
  readonly processingGuarantee?: ProcessingGuarantee;
  /** Exactly-once transactions older than this are aborted by the coordinator. Default 10000 (Kafka Streams' EOS default). */
  readonly transactionTimeoutMs?: number;
  /** `application.server`: the `host:port` this instance answers interactive queries on. */
  readonly applicationServer?: string;
  /** Only 1 is supported (see docs/concepts.md: one event loop, one stream thread). */
  readonly numStreamThreads?: number;
  readonly deserializationExceptionHandler?: DeserializationExceptionHandler;
  readonly processingExceptionHandler?: ProcessingExceptionHandler;
  readonly productionExceptionHandler?: ProductionExceptionHandler;
  /**
   * Records windowed and join operators drop (late, null key, null value) are always counted in
   * `tributary_streams_dropped_records_total`; this handler may also dead-letter them, e.g.
   * `DroppedRecordsHandlers.deadLetter('late-records')`. Default: count only.
   */
  readonly droppedRecordsHandler?: DroppedRecordsHandler;
  /** Kafka's `buffered.records.per.partition`: fetching a partition pauses at this many queued records. Default 1000. */
  readonly maxBufferedRecordsPerPartition?: number;
  /** Kafka's `repartition.purge.interval.ms`: how often consumed repartition records are deleted. Default 30000. */
  readonly repartitionPurgeIntervalMs?: number;
  /** Longest a poll waits when no task has queued work. Default 100. */
  readonly pollMs?: number;
  readonly sessionTimeoutMs?: number;
  /** How long the group waits for members to rejoin a rebalance (Java's `max.poll.interval.ms` plays this role). */
  readonly rebalanceTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
  readonly logger?: Logger;
  /** Wall clock for punctuation (tests may pass their own). */
  readonly wallClock?: () => number;
}

export interface ResolvedConfig {
  readonly applicationId: string;
  readonly cluster: Cluster;
  readonly defaultKeySerde: Serde<unknown> | undefined;
  readonly defaultValueSerde: Serde<unknown> | undefined;
  readonly commitIntervalMs: number;
  readonly cacheMaxBytes: number;
  readonly stateDir: string;
  readonly appDir: string;
  readonly defaultDslStore: DslStoreType;
  readonly numStandbyReplicas: number;
  readonly processingGuarantee: ProcessingGuarantee;
  readonly applicationServer: string | null;
  readonly deserializationExceptionHandler: DeserializationExceptionHandler;
  readonly processingExceptionHandler: ProcessingExceptionHandler;
  readonly productionExceptionHandler: ProductionExceptionHandler;
  /** null: drops are only counted. */
  readonly droppedRecordsHandler: DroppedRecordsHandler | null;
  readonly maxBufferedRecordsPerPartition: number;
  readonly pollMs: number;
  readonly repartitionPurgeIntervalMs: number;
  readonly sessionTimeoutMs: number | undefined;
  readonly rebalanceTimeoutMs: number | undefined;
  readonly transactionTimeoutMs: number;
  readonly heartbeatIntervalMs: number | undefined;
  readonly logger: Logger;
  readonly wallClock: () => number;
}

export function resolveConfig(c: TributaryStreamsConfig): ResolvedConfig {
  if (!/^[A-Za-z0-9._-]+$/.test(c.applicationId)) throw new StreamsArgumentError(`applicationId "${c.applicationId}" must match [A-Za-z0-9._-]+`);
  const guarantee = c.processingGuarantee ?? 'at_least_once';
  if (guarantee !== 'at_least_once' && guarantee !== 'exactly_once_v2') throw new StreamsArgumentError(`processingGuarantee '${String(guarantee)}'`);
  if ((c.numStreamThreads ?? 1) !== 1) throw new NotImplementedError('numStreamThreads > 1');
  if (c.applicationServer !== undefined && !/^[^:]+:\d+$/.test(c.applicationServer)) {
    throw new StreamsArgumentError(`applicationServer "${c.applicationServer}" must be host:port`);
  }
  const stateDir = c.stateDir ?? join(tmpdir(), 'tributary-streams');
  const defaultDslStore = resolveDslStoreType(c.defaultDslStore);
  if (c.droppedRecordsHandler !== undefined && typeof c.droppedRecordsHandler !== 'function') {
    throw new StreamsArgumentError(`droppedRecordsHandler must be a function (e.g. DroppedRecordsHandlers.deadLetter(topic)), got ${typeof c.droppedRecordsHandler}`);
  }
  return {
    applicationId: c.applicationId,
    cluster: c.cluster,
    defaultKeySerde: c.defaultKeySerde,
    defaultValueSerde: c.defaultValueSerde,
    commitIntervalMs: c.commitIntervalMs ?? (guarantee === 'exactly_once_v2' ? 100 : 30_000),
    cacheMaxBytes: c.cacheMaxBytes ?? DEFAULT_CACHE_MAX_BYTES,
    stateDir,
    appDir: join(stateDir, c.applicationId),
    defaultDslStore,
    numStandbyReplicas: c.numStandbyReplicas ?? 0,
    processingGuarantee: guarantee,
    applicationServer: c.applicationServer ?? null,
    deserializationExceptionHandler: c.deserializationExceptionHandler ?? ExceptionHandlers.logAndFail(),
    processingExceptionHandler: c.processingExceptionHandler ?? ExceptionHandlers.logAndFail(),
    productionExceptionHandler: c.productionExceptionHandler ?? ExceptionHandlers.productionFail(),
    droppedRecordsHandler: c.droppedRecordsHandler ?? null,
    maxBufferedRecordsPerPartition: c.maxBufferedRecordsPerPartition ?? 1000,
    pollMs: c.pollMs ?? 100,
    repartitionPurgeIntervalMs: nonNegative('repartitionPurgeIntervalMs', c.repartitionPurgeIntervalMs ?? 30_000),
    sessionTimeoutMs: c.sessionTimeoutMs,
    rebalanceTimeoutMs: c.rebalanceTimeoutMs,
    transactionTimeoutMs: c.transactionTimeoutMs ?? 10_000,
    heartbeatIntervalMs: c.heartbeatIntervalMs,
    logger: c.logger ?? silentLogger,
    wallClock: c.wallClock ?? Date.now,
  };
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new StreamsArgumentError(`${name} ${value} must be a non-negative number`);
  return value;
}
