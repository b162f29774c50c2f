import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Producer } from '@tributary/client';
import { BehaviorSubject, Subject, type Observable } from 'rxjs';
import { InvalidStateStoreError, StreamsArgumentError } from '../errors/streams-errors.js';
import { StreamsMetrics } from '../metrics/streams-metrics.js';
import { DroppedRecords } from '../processor/ops/dropped-records.js';
import { serveMetrics, type MetricsServer } from '../metrics/metrics-server.js';
import type { Serializer } from '../serdes/serde.js';
import type { KeyValueStore } from '../state/key-value-store.js';
import { ChangelogReader } from '../state/restore/changelog-reader.js';
import type { RestorationEvent } from '../state/restore/restoration-event.js';
import type { Topology } from '../topology/topology.js';
import { isValidTransition, type StateListener, type StreamsState } from './app-state.js';
import type { AssignmentInfo } from './assignment/assignment-info.js';
import { GlobalStateUpdater } from './global/global-state-updater.js';
import { OutputBuffer } from './commit/output-buffer.js';
import { ExactlyOnceCommitter, eosScopeFor } from './eos/exactly-once-committer.js';
import { isTaskMigration } from './eos/task-migrated-error.js';
import type { UncaughtExceptionHandler, UncaughtExceptionResponse } from './handlers/exception-handlers.js';
import { prepareInternalTopics } from './internal-topic-manager.js';
import { CompositeKeyValueStore } from './iq/composite-key-value-store.js';
import { isWindowedQueryType, windowedView } from './iq/composite-window-store.js';
import type { QueryableStoreType } from './iq/queryable-store-types.js';
import { allMetadata, metadataForKey, type KeyQueryMetadata, type StreamsMetadata } from './iq/streams-metadata.js';
import { StreamThread } from './stream-thread.js';
import { resolveConfig, type ResolvedConfig, type TributaryStreamsConfig } from './streams-app-config.js';
import { TaskManager } from './tasks/task-manager.js';
import { TopologyMetadata } from './tasks/topology-metadata.js';

/** Kafka's StateRestoreListener. */
export interface StateRestoreListener {
  onRestoreStart?(event: RestorationEvent): void;
  onBatchRestored?(event: RestorationEvent): void;
  onRestoreEnd?(event: RestorationEvent): void;
}

/**
 * Runs a compiled Topology on a cluster (Kafka's KafkaStreams): one stream thread in the
 * application's consumer group, tasks assigned across instances by the "stream" assignor,
 * local state restored from changelogs, the at-least-once commit cycle, standbys, interactive
 * queries and metrics.
 */
export class TributaryStreams {
  private readonly config: ResolvedConfig;
  private readonly metadata: TopologyMetadata;
  private readonly metricsImpl: StreamsMetrics;
  private readonly stateSubject: BehaviorSubject<StreamsState>;
  private readonly restorationSubject = new Subject<RestorationEvent>();
  private stateListener: StateListener | null = null;
  private restoreListener: StateRestoreListener | null = null;
  private uncaughtHandler: UncaughtExceptionHandler = () => 'SHUTDOWN_CLIENT';
  private thread: StreamThread | null = null;
  private tasks: TaskManager | null = null;
  private reader: ChangelogReader | null = null;
  private global: GlobalStateUpdater | null = null;
  private producer: Producer | null = null;
  private output: OutputBuffer | null = null;
  private eos: ExactlyOnceCommitter | null = null;
  private partitionCounts = new Map<string, number>();
  private assignment: AssignmentInfo | null = null;
  private processId = '';
  private shutdownRequested = false;
  private threadCount = 0;
  private closing: Promise<void> | null = null;
  private readonly servers = new Set<MetricsServer>();
  /** Unsubscribes this app from operator drops (DroppedRecords is process-wide). */
  private unsubscribeDrops: (() => void) | null = null;

  constructor(
    private readonly topology: Topology,
    config: TributaryStreamsConfig,
  ) {
    this.config = resolveConfig(config);
    this.metadata = new TopologyMetadata(topology, this.config.applicationId);
    this.metricsImpl = new StreamsMetrics(this.config.applicationId);
    this.stateSubject = new BehaviorSubject<StreamsState>('CREATED');
    this.metricsImpl.state.set({ state: 'CREATED' }, 1);
  }

  // ---- lifecycle ----

  get state(): StreamsState {
    return this.stateSubject.value;
  }

  /** Every state change, starting with the current state. */
  get state$(): Observable<StreamsState> {
    return this.stateSubject.asObservable();
  }

  /** Every restoration step of every store partition (start, progress, end). */
  get restoration$(): Observable<RestorationEvent> {
    return this.restorationSubject.asObservable();
  }

  setStateListener(listener: StateListener | null): void {
    this.stateListener = listener;
  }

  setGlobalStateRestoreListener(listener: StateRestoreListener | null): void {
    this.restoreListener = listener;
  }

  setUncaughtExceptionHandler(handler: UncaughtExceptionHandler): void {
    this.uncaughtHandler = handler;
  }

  /** Creates internal topics, joins the group and starts processing; resolves once the thread runs (state REBALANCING). */
  async start(): Promise<void> {
    if (this.state !== 'CREATED') throw new StreamsArgumentError(`start() in state ${this.state}: an app starts once`);
    this.setState('REBALANCING');
    try {
      const { cluster, applicationId, logger } = this.config;
      await cluster.connect();
      await mkdir(this.config.appDir, { recursive: true });
      this.processId = await this.loadProcessId();
      const { partitionCounts } = await prepareInternalTopics(cluster.admin, this.topology, applicationId, logger);
      this.partitionCounts = partitionCounts;
      this.producer = cluster.producer({ idempotent: true });
      await this.producer.connect();
      this.output = new OutputBuffer(this.producer, this.config.productionExceptionHandler, this.metricsImpl, logger);
      // Called only when an operator drops a record; other applications' drops are ignored here.
      this.unsubscribeDrops = DroppedRecords.addListener((drop) => {
        if (drop.applicationId === applicationId) this.tasks?.operatorDropped(drop);
      });
      // A group of its own per run: after a kill -9 the dead run's restore member would hold the group for a session timeout.
      this.reader = new ChangelogReader(cluster, this.metadata.changelogTopics(), `${applicationId}-restore-${this.processId}-${randomUUID().slice(0, 8)}`, logger);
      await this.startGlobal();
      // close() may have run while global state bootstrapped.
      if (this.closing === null) await this.startThread();
    } catch (error) {
      this.setState('PENDING_ERROR');
      await this.release(false);
      this.setState('ERROR');
      throw error;
    }
  }

  /** Stops processing: commits, checkpoints and leaves the group. Resolves false if it did not finish in time. */
  async close(options: { timeoutMs?: number } = {}): Promise<boolean> {
    if (this.state === 'CREATED') {
      this.setState('PENDING_SHUTDOWN');
      this.setState('NOT_RUNNING');
      return true;
    }
    if (this.state === 'ERROR' || this.state === 'NOT_RUNNING') return true;
    if (this.closing === null) {
      if (this.state !== 'PENDING_ERROR') this.setState('PENDING_SHUTDOWN');
      this.closing = this.release(true).then(() => {
        if (this.state === 'PENDING_SHUTDOWN') this.setState('NOT_RUNNING');
      });
    }
    const timeoutMs = options.timeoutMs ?? Number.MAX_SAFE_INTEGER;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), Math.min(timeoutMs, 2 ** 31 - 1));
    });
    try {
      return await Promise.race([this.closing.then(() => true), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  // ---- interactive queries ----

  /** A read-only view of `name` across this instance's active tasks. */
  store<T>(name: string, type: QueryableStoreType<T>): T {
    const spec = this.topology.stores.get(name);
    if (spec === undefined) throw new InvalidStateStoreError(`unknown store ${name}`);
    if (this.state !== 'RUNNING' && this.state !== 'REBALANCING') throw new InvalidStateStoreError(`cannot query ${name}: the app is ${this.state}`);
    if (spec.global) {
      // Every instance holds all of a global store.
      const globalStores = (): KeyValueStore<unknown, unknown>[] => {
        const s = this.global?.stores.get(name);
        return s === undefined ? [] : [s as KeyValueStore<unknown, unknown>];
      };
      return new CompositeKeyValueStore<unknown, unknown>(name, globalStores, spec.builder.timestamped && type.kind === 'keyValue') as unknown as T;
    }
    const stores = (): KeyValueStore<unknown, unknown>[] =>
      [...(this.tasks?.active.values() ?? [])].filter((t) => t.status === 'RUNNING').flatMap((t) => {
        const s = t.stores().get(name);
        return s === undefined ? [] : [s as KeyValueStore<unknown, unknown>];
      });
    if (isWindowedQueryType(type)) return windowedView(name, type, stores, spec.builder.timestamped) as T;
    const unwrap = spec.builder.timestamped && type.kind === 'keyValue';
    return new CompositeKeyValueStore<unknown, unknown>(name, stores, unwrap) as unknown as T;
  }

  /** Which instance hosts `key` of `storeName` (null before the first assignment). */
  metadataForKey<K>(storeName: string, key: K, keySerializer: Serializer<K>): KeyQueryMetadata | null {
    return metadataForKey(this.assignment, this.metadata, storeName, key, keySerializer);
  }

  /** Every instance (with `applicationServer` set) and what it hosts. */
  allMetadata(): StreamsMetadata[] {
    return allMetadata(this.assignment, this.metadata);
  }

  // ---- metrics ----

  /** Prometheus text exposition of this app's metrics. */
  metrics(): Promise<string> {
    return this.metricsImpl.text();
  }

  /** Serves `/metrics` on 127.0.0.1 (port 0 = ephemeral); closed by `close()` too. */
  async serveMetrics(options: { port?: number } = {}): Promise<MetricsServer> {
    const server = await serveMetrics(() => this.metrics(), this.metricsImpl.registry.contentType, options.port ?? 0);
    this.servers.add(server);
    return {
      port: server.port,
      url: server.url,
      close: async () => {
        this.servers.delete(server);
        await server.close();
      },
    };
  }

  // ---- internals ----

  private async startThread(): Promise<void> {
    const c = this.config;
    const eos = await this.startEos();
    const tasks = new TaskManager({
      applicationId: c.applicationId,
      topology: this.topology,
      metadata: this.metadata,
      appDir: c.appDir,
      admin: c.cluster.admin,
      output: this.output!,
      reader: this.reader!,
      metrics: this.metricsImpl,
      logger: c.logger,
      defaultKeySerde: c.defaultKeySerde,
      defaultValueSerde: c.defaultValueSerde,
      cacheMaxBytes: c.cacheMaxBytes,
      defaultDslStore: c.defaultDslStore,
      repartitionPurgeIntervalMs: c.repartitionPurgeIntervalMs,
      maxBufferedPerPartition: c.maxBufferedRecordsPerPartition,
      wallClock: c.wallClock,
      partitionsFor: (t) => this.partitionCounts.get(t),
      onDeserializationError: c.deserializationExceptionHandler,
      onProcessingError: c.processingExceptionHandler,
      onDroppedRecord: c.droppedRecordsHandler,
      onRestoration: (e) => this.emitRestoration(e),
      ...(this.global === null ? {} : { globalStores: this.global.stores }),
      ...(eos === null ? {} : { eos }),
    });
    this.tasks = tasks;
    await tasks.scanLocalState();
    const thread = new StreamThread(
      c,
      this.metadata,
      tasks,
      this.reader!,
      () => {
        const prev = tasks.previousTasks();
        return {
          version: 1,
          processId: this.processId,
          host: c.applicationServer,
          prevActive: prev.active,
          prevStandby: prev.standby,
          taskOffsetSums: prev.offsetSums,
          ...(this.shutdownRequested ? { shutdownRequested: true } : {}),
        };
      },
      {
        onRebalancing: () => {
          if (this.state === 'RUNNING') this.setState('REBALANCING');
        },
        onRunning: () => {
          if (this.state === 'REBALANCING') this.setState('RUNNING');
        },
        onAssignment: (info) => {
          if (info !== null) this.assignment = info;
        },
        onShutdownRequested: () => void this.failApplication(new Error('another instance requested SHUTDOWN_APPLICATION')),
      },
      `StreamThread-${++this.threadCount}`,
    );
    this.thread = thread;
    await thread.start((error) => void this.onThreadError(thread, error));
  }

  /** Exactly-once: a fresh committer per (re)started thread; the thread slot stays 1, so a replacement fences its predecessor. */
  private async startEos(): Promise<ExactlyOnceCommitter | null> {
    await this.eos?.close();
    this.eos = null;
    const c = this.config;
    if (c.processingGuarantee !== 'exactly_once_v2') return null;
    const eos = new ExactlyOnceCommitter({
      cluster: c.cluster,
      applicationId: c.applicationId,
      processId: this.processId,
      threadIndex: 1,
      scope: eosScopeFor(c.cluster),
      transactionTimeoutMs: c.transactionTimeoutMs,
      metrics: this.metricsImpl,
      logger: c.logger,
    });
    this.eos = eos;
    await eos.start();
    return eos;
  }

  /** Global stores: bootstrapped to the end of their topics before the stream thread starts, then kept current. */
  private async startGlobal(): Promise<void> {
    if (!this.topology.subtopologies().some((s) => s.global)) return;
    const c = this.config;
    const global = new GlobalStateUpdater({
      topology: this.topology,
      applicationId: c.applicationId,
      cluster: c.cluster,
      appDir: c.appDir,
      // A group of its own per run (like the restore consumer): a dead run's member cannot hold it.
      groupId: `${c.applicationId}-global-${this.processId}-${randomUUID().slice(0, 8)}`,
      isolationLevel: c.processingGuarantee === 'exactly_once_v2' ? 'read_committed' : 'read_uncommitted',
      logger: c.logger,
      metrics: this.metricsImpl,
      defaultKeySerde: c.defaultKeySerde,
      defaultValueSerde: c.defaultValueSerde,
      wallClock: c.wallClock,
      commitIntervalMs: c.commitIntervalMs,
      pollMs: c.pollMs,
      onDeserializationError: c.deserializationExceptionHandler,
      onProcessingError: c.processingExceptionHandler,
      onRestoration: (e) => this.emitRestoration(e),
      defaultDslStore: c.defaultDslStore,
    });
    this.global = global;
    await global.bootstrap();
    global.run((error) => void this.failApplication(error));
  }

  private async onThreadError(thread: StreamThread, error: unknown): Promise<void> {
    if (thread !== this.thread || this.closing !== null) return;
    this.config.logger.error({ error }, 'stream thread died');
    let response: UncaughtExceptionResponse;
    try {
      // A zombie under exactly-once (fenced, or its generation is gone): abort, close dirty, rejoin.
      response = isTaskMigration(error) ? 'REPLACE_THREAD' : this.uncaughtHandler(error);
    } catch {
      response = 'SHUTDOWN_CLIENT';
    }
    if (response === 'REPLACE_THREAD') {
      await thread.stop(false).catch(() => undefined);
      this.thread = null;
      if (this.state === 'RUNNING') this.setState('REBALANCING');
      try {
        await this.startThread();
        return;
      } catch (e) {
        error = e;
      }
    }
    if (response === 'SHUTDOWN_APPLICATION') {
      // Rejoin once with the request in userData: the leader tells every member to stop.
      await thread.stop(false).catch(() => undefined);
      this.shutdownRequested = true;
      try {
        await this.startThread();
        return;
      } catch (e) {
        error = e;
      }
    }
    await this.failApplication(error);
  }

  private async failApplication(error: unknown): Promise<void> {
    if (this.closing !== null) return;
    this.config.logger.error({ error }, 'shutting down after an error');
    this.setState('PENDING_ERROR');
    this.closing = this.release(false).then(() => this.setState('ERROR'));
    await this.closing;
  }

  /** Stops the thread and releases clients; `clean` commits and checkpoints first. */
  private async release(clean: boolean): Promise<void> {
    const thread = this.thread;
    this.thread = null;
    try {
      if (thread !== null) await thread.stop(clean);
    } catch (error) {
      this.config.logger.error({ error }, 'error while stopping the stream thread');
    }
    // After the thread stopped: closing tasks flushes caches, which may still drop records.
    this.unsubscribeDrops?.();
    this.unsubscribeDrops = null;
    await this.global?.close(clean).catch((error: unknown) => this.config.logger.error({ error }, 'error while closing global state'));
    await this.reader?.close();
    await this.producer?.disconnect().catch(() => undefined);
    await this.eos?.close();
    this.eos = null;
    for (const s of [...this.servers]) await s.close();
    this.servers.clear();
  }

  private emitRestoration(e: RestorationEvent): void {
    this.metricsImpl.restoreRemaining.set({ task: e.taskId, store: e.store, topic: e.topic, partition: String(e.partition) }, e.remaining);
    this.restorationSubject.next(e);
    const l = this.restoreListener;
    if (l === null) return;
    if (e.type === 'start') l.onRestoreStart?.(e);
    else if (e.type === 'progress') l.onBatchRestored?.(e);
    else l.onRestoreEnd?.(e);
  }

  private setState(next: StreamsState): void {
    const prev = this.state;
    if (prev === next || !isValidTransition(prev, next)) return;
    this.metricsImpl.state.set({ state: prev }, 0);
    this.metricsImpl.state.set({ state: next }, 1);
    this.stateSubject.next(next);
    this.stateListener?.(next, prev);
  }

  /** A stable id per state directory, so restarts look like the same instance to the assignor. */
  private async loadProcessId(): Promise<string> {
    const file = join(this.config.appDir, 'process-id');
    try {
      const id = (await readFile(file, 'utf8')).trim();
      if (id.length > 0) return id;
    } catch {
      // first start
    }
    const id = randomUUID();
    await writeFile(file, id);
    return id;
  }
}
