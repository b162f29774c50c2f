import type { ConsumedRecord, FetchedBatch, Logger, TopicPartition, TopicPartitionOffset } from '@tributary/client';
import type { StreamsMetrics } from '../../metrics/streams-metrics.js';
import { EMPTY_HEADERS } from '../../processor/headers.js';
import type { DroppedRecordEvent } from '../../processor/ops/dropped-records.js';
import { StreamTask, type InputPartition, type RawRecord } from '../../processor/internals/stream-task.js';
import type { Serde } from '../../serdes/serde.js';
import { checkpointKey } from '../../state/restore/checkpoint-file.js';
import type { StateStore } from '../../state/state-store.js';
import { StoreBuilder, type StoreBuildOptions } from '../../state/store-builder.js';
import type { Topology } from '../../topology/topology.js';
import type { StoreSpec } from '../../topology/topology-nodes.js';
import type { OutputBuffer } from '../commit/output-buffer.js';
import {
  deadLetterHeaders,
  type DeserializationExceptionHandler,
  type ErrorContext,
  type HandlerResponse,
  type ProcessingExceptionHandler,
} from '../handlers/exception-handlers.js';
import { droppedRecordHeaders, type DroppedRecordsHandler } from '../handlers/dropped-records-handler.js';
import { TaskFailedError } from '../../errors/runtime-errors.js';
import { BorrowedEngine } from './borrowed-engine.js';
import { parseTaskId } from './task-id.js';
import type { TaskState } from './task-state.js';

export interface ActiveTaskOptions {
  readonly topology: Topology;
  readonly applicationId: string;
  readonly state: TaskState;
  readonly partitions: readonly TopicPartition[];
  readonly output: OutputBuffer;
  readonly partitionsFor: (topic: string) => number | undefined;
  readonly defaultKeySerde: Serde<unknown> | undefined;
  readonly defaultValueSerde: Serde<unknown> | undefined;
  readonly cacheMaxBytes: number;
  readonly wallClock: () => number;
  readonly onDeserializationError: DeserializationExceptionHandler;
  readonly onProcessingError: ProcessingExceptionHandler;
  /** Decides whether operator drops are dead-lettered; null or absent: only counted. */
  readonly onDroppedRecord?: DroppedRecordsHandler | null;
  readonly metrics: StreamsMetrics;
  readonly logger: Logger;
  readonly globalStores?: ReadonlyMap<string, StateStore>;
}

/**
 * One input partition's buffered records, kept as the fetched batches' record arrays (no copy per
 * record), and its consumed and committed positions as plain fields (no Map keyed per record).
 */
interface PartitionQueue {
  readonly tp: TopicPartition;
  /** Resolved on the first batch: the task's routing and time state for this partition. */
  input: InputPartition | null;
  /** Fetched record arrays, oldest first; `chunks[chunk][pos]` is the next record. */
  chunks: (readonly ConsumedRecord[])[];
  chunk: number;
  pos: number;
  /** Records buffered (not yet processed). */
  size: number;
  /** Next offset to commit (last processed + 1), -1 before any record was processed. */
  consumed: number;
  /** `consumed` as of the last commit, -1 before any. */
  committed: number;
}

/**
 * An active task on a real cluster: a record queue per input partition, processed lowest head
 * timestamp first (Kafka's PartitionGroup), consumed offsets to commit, punctuation, and the
 * StreamTask running the sub-topology over the TaskState's engines.
 */
export class ActiveTask {
  readonly id: string;
  status: 'RESTORING' | 'RUNNING' = 'RESTORING';
  readonly task: StreamTask;
  /** checkpointKey(topic, partition) → queue, for per-batch and commit-time lookups. */
  private readonly queues = new Map<string, PartitionQueue>();
  /** The same queues as an array: process() scans it per record without an iterator. */
  private readonly queueList: PartitionQueue[] = [];
  private processedSinceCommit = 0;
  /** True while this task runs operator code: operator drops reported meanwhile are its own. */
  private operating = false;
  /** The input record being processed (set per record, no allocation), so a drop can dead-letter its raw bytes. */
  private current: ConsumedRecord | null = null;
  /** Last dead-lettered input record and processor: a record late for several windows is dead-lettered once. */
  private lastDeadLettered: ConsumedRecord | null = null;
  private lastDeadLetteredBy = '';

  constructor(private readonly o: ActiveTaskOptions) {
    this.id = o.state.taskId;
    for (const tp of o.partitions) {
      const q: PartitionQueue = { tp, input: null, chunks: [], chunk: 0, pos: 0, size: 0, consumed: -1, committed: -1 };
      this.queues.set(checkpointKey(tp.topic, tp.partition), q);
      this.queueList.push(q);
    }
    const changelogTopics = new Set(o.state.changelogs.filter((c) => !c.isSource).map((c) => c.topic));
    for (const t of changelogTopics) o.output.trackChangelog(t);
    const sink = {
      send: (r: { topic: string; partition: number | undefined; key: Buffer | null; value: Buffer | null; timestamp: number; headers: RawRecord['headers'] }) => o.output.send(r),
      partitionsFor: o.partitionsFor,
    };
    this.task = new StreamTask({
      id: parseTaskId(this.id),
      topology: o.topology,
      nodeNames: o.state.sub.spec.nodes,
      applicationId: o.applicationId,
      defaultKeySerde: o.defaultKeySerde,
      defaultValueSerde: o.defaultValueSerde,
      cacheMaxBytes: o.cacheMaxBytes,
      collector: sink,
      changelogSink: { send: (r) => o.output.send({ topic: r.topic, partition: r.partition, key: r.key, value: r.value, timestamp: r.timestamp, headers: EMPTY_HEADERS }) },
      globalStores: o.globalStores ?? new Map(),
      wallClock: o.wallClock,
      buildStore: (spec, options) => this.buildStore(spec, options),
      onDeserializationError: (raw, error) => this.onDeserializationError(raw, error),
    });
  }

  get state(): TaskState {
    return this.o.state;
  }

  get partitions(): readonly TopicPartition[] {
    return this.o.partitions;
  }

  /** Called once restoration is complete: opens stores and initializes processors. */
  initialize(streamTimes: ReadonlyMap<string, number>): void {
    this.task.initialize();
    let st = -1;
    for (const key of this.queues.keys()) st = Math.max(st, streamTimes.get(key) ?? -1);
    if (st >= 0) this.task.initStreamTime(st);
    this.status = 'RUNNING';
  }

  stores(): ReadonlyMap<string, StateStore> {
    return this.task.storeMap();
  }

  /** Queues a fetched batch; returns how many records that partition now buffers. */
  addBatch(batch: FetchedBatch): number {
    const q = this.queues.get(checkpointKey(batch.topic, batch.partition));
    if (q === undefined) return 0;
    const records = batch.records;
    if (records.length > 0) {
      q.input ??= this.task.inputPartition(q.tp.topic, q.tp.partition);
      // The batch's own record array is queued as is: the records are read, never changed.
      q.chunks.push(records);
      q.size += records.length;
    }
    return q.size;
  }

  buffered(tp: TopicPartition): number {
    return this.queues.get(checkpointKey(tp.topic, tp.partition))?.size ?? 0;
  }

  hasBuffered(): boolean {
    for (const q of this.queueList) if (q.size > 0) return true;
    return false;
  }

  /** Drops buffered, unprocessed records (they are fetched again from the committed offset). */
  clearBuffers(): void {
    for (const q of this.queueList) {
      q.chunks = [];
      q.chunk = 0;
      q.pos = 0;
      q.size = 0;
    }
  }

  /** Processes up to `max` records, lowest head timestamp first; returns how many. */
  process(max: number): number {
    this.operating = true;
    try {
      return this.processBatch(max);
    } finally {
      this.operating = false;
      this.current = null;
      this.lastDeadLettered = null;
    }
  }

  private processBatch(max: number): number {
    let n = 0;
    const started = performance.now();
    const queues = this.queueList;
    while (n < max) {
      let best: PartitionQueue | null = null;
      let bestTs = 0;
      for (let i = 0; i < queues.length; i++) {
        const q = queues[i]!;
        if (q.size === 0) continue;
        const ts = q.chunks[q.chunk]![q.pos]!.timestamp;
        if (best === null || ts < bestTs) {
          best = q;
          bestTs = ts;
        }
      }
      if (best === null) break;
      const record = takeHead(best);
      this.current = record;
      this.processOne(best.input!, record);
      best.consumed = record.offset + 1;
      n++;
    }
    if (n > 0) {
      this.o.metrics.processed.inc({ task: this.id }, n);
      this.o.metrics.processLatency.observe({ task: this.id }, (performance.now() - started) / 1000 / n);
      this.processedSinceCommit += n;
      this.task.maybePunctuateStreamTime();
    }
    return n;
  }

  punctuateWallClock(): void {
    this.operating = true;
    try {
      if (this.task.maybePunctuateSystemTime()) this.processedSinceCommit++;
    } catch (error) {
      this.handleProcessingError(null, error);
    } finally {
      this.operating = false;
    }
  }

  get commitNeeded(): boolean {
    return this.processedSinceCommit > 0 || this.task.commitNeeded;
  }

  /** Commit step 1: flush caches and stores (changelog and downstream records go to the output buffer). */
  prepareCommit(): void {
    this.operating = true;
    try {
      this.task.commit();
    } finally {
      this.operating = false;
    }
  }

  /** Offsets (next to read) with the task's stream time as metadata. */
  offsetsToCommit(): TopicPartitionOffset[] {
    const out: TopicPartitionOffset[] = [];
    const metadata = JSON.stringify({ st: this.task.streamTime() });
    for (const q of this.queueList) {
      if (q.consumed < 0 || q.consumed === q.committed) continue;
      out.push({ topic: q.tp.topic, partition: q.tp.partition, offset: q.consumed, metadata });
    }
    return out;
  }

  /** After the output is acked: the engines now reflect the changelog up to these offsets. */
  recordWritten(written: ReadonlyMap<string, number>): void {
    const s = this.o.state;
    for (const c of s.changelogs) {
      const key = checkpointKey(c.topic, c.partition);
      const off = c.isSource ? consumedOffset(this.queues.get(key)) : written.get(key);
      if (off !== undefined) s.offsets.set(key, off);
    }
  }

  /** After offsets are committed. */
  postCommit(): void {
    for (const q of this.queueList) q.committed = q.consumed;
    this.processedSinceCommit = 0;
  }

  /** Closes processors and the borrowed stores (flushing caches); engines stay with the TaskState. */
  close(): void {
    if (this.status !== 'RUNNING') return;
    this.operating = true;
    try {
      this.task.close();
    } finally {
      this.operating = false;
    }
  }

  /**
   * An operator dropped a record in a task with this id (a DroppedRecords event of this
   * application): meter it and, if the handler says so, dead-letter the raw input record through
   * this task's output (inside its transaction under exactly-once). Ignored unless this task is
   * running operator code right now: another instance of the same app may hold a task of this id.
   */
  operatorDropped(drop: DroppedRecordEvent): void {
    if (!this.operating) return;
    this.o.metrics.dropped.inc({ task: this.id, reason: drop.reason });
    const handler = this.o.onDroppedRecord;
    if (handler === undefined || handler === null) return;
    const record = this.current;
    // The event's metadata names the record the StreamTask is processing; `current` holds its bytes.
    const source: ErrorContext | null = record === null || drop.topic === null || drop.partition === null || drop.offset !== record.offset
      ? null
      : { taskId: this.id, topic: drop.topic, partition: drop.partition, offset: record.offset, timestamp: record.timestamp, key: record.key, value: record.value, headers: record.headers };
    const topic = handler(drop, source).deadLetterTopic;
    if (topic === undefined) return;
    if (source === null || record === null) {
      this.o.logger.debug({ taskId: this.id, processor: drop.processorName, reason: drop.reason }, 'dropped outside input processing: nothing to dead-letter');
      return;
    }
    if (record === this.lastDeadLettered && drop.processorName === this.lastDeadLetteredBy) return;
    this.lastDeadLettered = record;
    this.lastDeadLetteredBy = drop.processorName;
    this.o.output.send({ topic, partition: undefined, key: record.key, value: record.value, timestamp: record.timestamp, headers: droppedRecordHeaders(source, drop) });
    this.o.metrics.deadLettered.inc({ topic });
  }

  private buildStore(spec: StoreSpec, options: StoreBuildOptions): StateStore {
    const self = this.o.state.selfStores.get(spec.name);
    if (self !== undefined) return self;
    const b = spec.builder;
    const engine = this.o.state.engines.get(spec.name);
    // Only the plain key-value builder is re-created around the task's engine; other kinds build as they like.
    if (engine === undefined || b.constructor !== StoreBuilder) return b.build(options);
    const supplier = { name: spec.name, persistent: engine.persistent, get: () => new BorrowedEngine(engine) };
    const clone = new StoreBuilder(supplier, b.keySerde, b.valueSerde, b.timestamped);
    if (!b.loggingEnabled) clone.withLoggingDisabled();
    if (b.cachingEnabled) clone.withCachingEnabled();
    return clone.build(options);
  }

  private processOne(input: InputPartition, record: ConsumedRecord): void {
    try {
      this.task.processInput(input, record);
    } catch (error) {
      // The topic-qualified record is built only for the handler, not per record.
      const raw: RawRecord = { topic: input.topic, partition: input.partition, offset: record.offset, key: record.key, value: record.value, timestamp: record.timestamp, headers: record.headers };
      this.handleProcessingError(raw, error);
    }
  }

  private context(raw: RawRecord): ErrorContext {
    return { taskId: this.id, topic: raw.topic, partition: raw.partition, offset: raw.offset, timestamp: raw.timestamp, key: raw.key, value: raw.value, headers: raw.headers };
  }

  private onDeserializationError(raw: RawRecord, error: unknown): void {
    const ctx = this.context(raw);
    this.respond(this.o.onDeserializationError(ctx, error), ctx, error, 'deserialization');
  }

  private handleProcessingError(raw: RawRecord | null, error: unknown): void {
    if (error instanceof TaskFailedError) throw error;
    const ctx = raw === null ? null : this.context(raw);
    const response = this.o.onProcessingError(ctx, error);
    if (ctx === null) {
      if (response.action === 'FAIL') throw new TaskFailedError(this.id, error);
      this.o.metrics.dropped.inc({ task: this.id, reason: 'punctuation' });
      return;
    }
    this.respond(response, ctx, error, 'processing');
  }

  private respond(response: HandlerResponse, ctx: ErrorContext, error: unknown, reason: string): void {
    if (response.action === 'FAIL') {
      this.o.logger.error({ taskId: this.id, topic: ctx.topic, partition: ctx.partition, offset: ctx.offset, error }, `${reason} error: failing`);
      throw new TaskFailedError(this.id, error);
    }
    this.o.logger.warn({ taskId: this.id, topic: ctx.topic, partition: ctx.partition, offset: ctx.offset, error }, `${reason} error: skipping record`);
    this.o.metrics.dropped.inc({ task: this.id, reason });
    if (response.deadLetterTopic !== undefined) {
      this.o.output.send({ topic: response.deadLetterTopic, partition: undefined, key: ctx.key, value: ctx.value, timestamp: ctx.timestamp, headers: deadLetterHeaders(ctx, error) });
      this.o.metrics.deadLettered.inc({ topic: response.deadLetterTopic });
    }
  }
}

/** Removes and returns a non-empty queue's next record; a finished chunk is dropped so it can be collected. */
function takeHead(q: PartitionQueue): ConsumedRecord {
  const chunk = q.chunks[q.chunk]!;
  const record = chunk[q.pos]!;
  q.size--;
  if (++q.pos === chunk.length) {
    q.pos = 0;
    if (q.size === 0) {
      q.chunks.length = 0;
      q.chunk = 0;
    } else if (++q.chunk >= 64) {
      q.chunks = q.chunks.slice(q.chunk);
      q.chunk = 0;
    } else {
      q.chunks[q.chunk - 1] = EMPTY_CHUNK;
    }
  }
  return record;
}

const EMPTY_CHUNK: readonly ConsumedRecord[] = [];

function consumedOffset(q: PartitionQueue | undefined): number | undefined {
  return q === undefined || q.consumed < 0 ? undefined : q.consumed;
}
