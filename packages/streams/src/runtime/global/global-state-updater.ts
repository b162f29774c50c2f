import type { Cluster, Consumer, FetchedBatch, IsolationLevel, Logger, TopicPartition } from '@tributary/client';
import { TaskFailedError } from '../../errors/runtime-errors.js';
import type { StreamsMetrics } from '../../metrics/streams-metrics.js';
import type { RawRecord } from '../../processor/internals/stream-task.js';
import type { Serde } from '../../serdes/serde.js';
import { checkpointKey } from '../../state/restore/checkpoint-file.js';
import type { RestorationEvent } from '../../state/restore/restoration-event.js';
import type { StateStore } from '../../state/state-store.js';
import type { DslStoreType } from '../../dsl/streams-config.js';
import type { Topology } from '../../topology/topology.js';
import type { DeserializationExceptionHandler, ErrorContext, HandlerResponse, ProcessingExceptionHandler } from '../handlers/exception-handlers.js';
import { GLOBAL_TASK_ID, GlobalState } from './global-state.js';

export interface GlobalStateUpdaterOptions {
  readonly topology: Topology;
  readonly applicationId: string;
  readonly cluster: Cluster;
  readonly appDir: string;
  /** A consumer group of this instance alone, so it is assigned every partition of the global topics. */
  readonly groupId: string;
  /**
   * Kafka's global consumer reads read_committed under exactly-once (and bootstraps to the last
   * stable offset), read_uncommitted otherwise (to the high watermark).
   */
  readonly isolationLevel: IsolationLevel;
  readonly logger: Logger;
  readonly metrics: StreamsMetrics;
  readonly defaultKeySerde: Serde<unknown> | undefined;
  readonly defaultValueSerde: Serde<unknown> | undefined;
  readonly wallClock: () => number;
  /** How often running global state is flushed and checkpointed. */
  readonly commitIntervalMs: number;
  /** Longest a poll waits when the global topics are quiet. */
  readonly pollMs: number;
  readonly onDeserializationError: DeserializationExceptionHandler;
  readonly onProcessingError: ProcessingExceptionHandler;
  readonly onRestoration: (event: RestorationEvent) => void;
  /** The app's `defaultDslStore` (global tables without a supplier follow it). */
  readonly defaultDslStore?: DslStoreType;
}

/** Synchronous work per turn before the updater lets timers and I/O run. */
const TURN_BUDGET_MS = 15;

interface Progress {
  readonly topic: string;
  readonly partition: number;
  readonly startOffset: number;
  readonly endOffset: number;
  restored: number;
  done: boolean;
}

/**
 * Keeps this instance's global stores current (Kafka's GlobalStreamThread): a consumer in a
 * group of its own reads every partition of every global topic, from the checkpoint or the
 * beginning. `bootstrap()` reads up to the end offsets captured at start (the stream thread waits
 * for it); `run()` then applies new records as they arrive, checkpointing every commit interval.
 * Global topics are their own changelog: nothing is written anywhere. A partition is bootstrapped
 * exactly when its position reaches the end offset: the consumer reports moves past transaction
 * markers (and, read_committed, aborted records) as batches without records.
 */
export class GlobalStateUpdater {
  readonly state: GlobalState;
  private consumer: Consumer | null = null;
  private readonly progress = new Map<string, Progress>();
  private stopping = false;
  private loop: Promise<void> | null = null;
  private lastCheckpoint = 0;

  constructor(private readonly o: GlobalStateUpdaterOptions) {
    this.state = new GlobalState({
      topology: o.topology,
      applicationId: o.applicationId,
      appDir: o.appDir,
      logger: o.logger,
      defaultKeySerde: o.defaultKeySerde,
      defaultValueSerde: o.defaultValueSerde,
      wallClock: o.wallClock,
      onDeserializationError: (raw, error) => this.onDeserializationError(raw, error),
      defaultDslStore: o.defaultDslStore,
    });
  }

  /** The global stores by name (what join processors and interactive queries read). */
  get stores(): ReadonlyMap<string, StateStore> {
    return this.state.stores;
  }

  /** Opens the stores and reads every global partition up to its current end offset. */
  async bootstrap(): Promise<void> {
    const { cluster, logger } = this.o;
    await this.state.open();
    if (this.stopping) {
      await this.state.close(true); // close() ran while the stores opened
      return;
    }
    const topics = this.state.topics;
    const described = await cluster.admin.describeTopics(topics);
    const partitions: TopicPartition[] = described.flatMap((d) => d.partitions.map((p) => ({ topic: d.name, partition: p.partition })));
    const earliest = await cluster.admin.listOffsets(partitions.map((tp) => ({ ...tp, spec: 'earliest' as const })));
    const latest = await cluster.admin.listOffsets(partitions.map((tp) => ({ ...tp, spec: 'latest' as const })), { isolationLevel: this.o.isolationLevel });
    const offsetOf = (list: readonly { topic: string; partition: number; offset: number }[], tp: TopicPartition): number =>
      list.find((l) => l.topic === tp.topic && l.partition === tp.partition)?.offset ?? 0;
    for (const tp of partitions) {
      const first = offsetOf(earliest, tp);
      const end = offsetOf(latest, tp);
      let start = this.state.startOf(tp.topic, tp.partition) ?? first;
      if (start > end || start < first) {
        logger.warn({ topic: tp.topic, partition: tp.partition, start, first, end }, 'global checkpoint outside the topic; reading from the beginning');
        start = first;
      }
      this.state.positions.set(checkpointKey(tp.topic, tp.partition), start);
      const p: Progress = { ...tp, startOffset: start, endOffset: end, restored: 0, done: start >= end };
      this.progress.set(checkpointKey(tp.topic, tp.partition), p);
      this.emit(p, 'start');
      if (p.done) this.emit(p, 'end');
    }
    if (this.stopping) return; // closed while starting
    const consumer = cluster.consumer({
      groupId: this.o.groupId,
      autoOffsetReset: 'earliest',
      isolationLevel: this.o.isolationLevel,
      maxWaitMs: 100,
      rebalanceListener: {
        // Positions are ours (never committed): every assignment seeks to them.
        onPartitionsAssigned: (assigned) => {
          for (const tp of assigned) consumer.seek(tp, this.state.positions.get(checkpointKey(tp.topic, tp.partition)) ?? 0);
        },
      },
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe(topics);
    while (!this.stopping && [...this.progress.values()].some((p) => !p.done)) await this.pollOnce(100);
    this.progress.clear();
    if (this.stopping) return;
    await this.state.checkpointNow();
    this.lastCheckpoint = Date.now();
  }

  /** Keeps applying global updates until `close()`; `onError` gets whatever stops it. */
  run(onError: (error: unknown) => void): void {
    if (this.stopping) return;
    this.loop = (async () => {
      while (!this.stopping) {
        await this.pollOnce(this.o.pollMs);
        if (Date.now() - this.lastCheckpoint >= this.o.commitIntervalMs) {
          await this.state.checkpointNow();
          this.lastCheckpoint = Date.now();
        }
      }
    })().catch((error: unknown) => {
      if (!this.stopping) onError(error);
      this.stopping = true;
    });
  }

  /** Stops reading; a clean close checkpoints persistent global stores. */
  async close(clean: boolean): Promise<void> {
    this.stopping = true;
    await this.loop;
    await this.state.close(clean);
    const c = this.consumer;
    this.consumer = null;
    await c?.disconnect().catch((error: unknown) => this.o.logger.warn({ error }, 'global consumer disconnect failed'));
  }

  /** One poll, applied batch by batch; yields to the event loop whenever a turn's budget is spent. */
  private async pollOnce(timeoutMs: number): Promise<void> {
    const batches = await this.consumer!.poll(timeoutMs);
    let turn = performance.now();
    for (const b of batches) {
      if (this.stopping) break;
      this.apply(b);
      if (performance.now() - turn > TURN_BUDGET_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        turn = performance.now();
      }
    }
    // Always end on a macrotask: a poll that resolves at once (disconnected, closing) must not spin on microtasks.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  private apply(b: FetchedBatch): void {
    const key = checkpointKey(b.topic, b.partition);
    const position = this.state.positions.get(key) ?? 0;
    if (b.nextOffset <= position) return;
    let n = 0;
    for (const r of b.records) {
      if (r.offset < position) continue;
      const raw: RawRecord = { topic: b.topic, partition: b.partition, offset: r.offset, key: r.key, value: r.value, timestamp: r.timestamp, headers: r.headers };
      try {
        this.state.process(raw);
      } catch (error) {
        this.onProcessingError(raw, error);
      }
      n++;
    }
    this.state.positions.set(key, b.nextOffset);
    const p = this.progress.get(key);
    if (p !== undefined && !p.done) {
      p.restored += n;
      this.o.metrics.restored.inc({ task: GLOBAL_TASK_ID, store: this.storeOf(b.topic) }, n);
      if (b.nextOffset >= p.endOffset) this.finish(p);
      else this.emit(p, 'progress');
    }
  }

  private finish(p: Progress): void {
    p.done = true;
    this.emit(p, 'end');
  }

  private emit(p: Progress, type: RestorationEvent['type']): void {
    const position = this.state.positions.get(checkpointKey(p.topic, p.partition)) ?? p.startOffset;
    this.o.onRestoration({
      type,
      taskId: GLOBAL_TASK_ID,
      store: this.storeOf(p.topic),
      topic: p.topic,
      partition: p.partition,
      startOffset: p.startOffset,
      endOffset: p.endOffset,
      restored: p.restored,
      remaining: type === 'end' ? 0 : Math.max(0, p.endOffset - position),
    });
  }

  private storeOf(topic: string): string {
    for (const s of this.o.topology.stores.values()) {
      if (s.global && s.changelogTopic !== null && (s.changelogTopic === topic || `${this.o.applicationId}-${s.changelogTopic}` === topic)) return s.name;
    }
    return topic;
  }

  private context(raw: RawRecord): ErrorContext {
    return { taskId: GLOBAL_TASK_ID, topic: raw.topic, partition: raw.partition, offset: raw.offset, timestamp: raw.timestamp, key: raw.key, value: raw.value, headers: raw.headers };
  }

  private onDeserializationError(raw: RawRecord, error: unknown): void {
    this.respond(this.o.onDeserializationError(this.context(raw), error), raw, error, 'deserialization');
  }

  private onProcessingError(raw: RawRecord, error: unknown): void {
    if (error instanceof TaskFailedError) throw error;
    this.respond(this.o.onProcessingError(this.context(raw), error), raw, error, 'processing');
  }

  /** Kafka's global thread honours CONTINUE/FAIL; it has no producer, so a dead-letter topic is not written. */
  private respond(response: HandlerResponse, raw: RawRecord, error: unknown, reason: string): void {
    const where = { taskId: GLOBAL_TASK_ID, topic: raw.topic, partition: raw.partition, offset: raw.offset, error };
    if (response.action === 'FAIL') {
      this.o.logger.error(where, `${reason} error in a global store: failing`);
      throw new TaskFailedError(GLOBAL_TASK_ID, error);
    }
    this.o.logger.warn(where, `${reason} error in a global store: skipping record`);
    this.o.metrics.dropped.inc({ task: GLOBAL_TASK_ID, reason });
  }
}
