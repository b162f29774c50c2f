import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Admin, Consumer, FetchedBatch, Logger, TopicPartition } from '@tributary/client';
import type { DslStoreType } from '../../dsl/streams-config.js';
import type { StreamsMetrics } from '../../metrics/streams-metrics.js';
import { RepartitionPurger } from '../commit/repartition-purger.js';
import type { Serde } from '../../serdes/serde.js';
import type { ChangelogReader } from '../../state/restore/changelog-reader.js';
import { CheckpointFile, checkpointKey } from '../../state/restore/checkpoint-file.js';
import type { RestorationEvent } from '../../state/restore/restoration-event.js';
import type { StateStore } from '../../state/state-store.js';
import type { Topology } from '../../topology/topology.js';
import type { AssignmentInfo } from '../assignment/assignment-info.js';
import type { OutputBuffer } from '../commit/output-buffer.js';
import type { ExactlyOnceCommitter } from '../eos/exactly-once-committer.js';
import type { DeserializationExceptionHandler, ProcessingExceptionHandler } from '../handlers/exception-handlers.js';
import type { DroppedRecordsHandler } from '../handlers/dropped-records-handler.js';
import type { DroppedRecordEvent } from '../../processor/ops/dropped-records.js';
import { ActiveTask } from './active-task.js';
import { formatTaskId, parseTaskId } from './task-id.js';
import { TaskState, type StoreChangelog } from './task-state.js';
import type { TopologyMetadata } from './topology-metadata.js';

export interface TaskManagerOptions {
  readonly applicationId: string;
  readonly topology: Topology;
  readonly metadata: TopologyMetadata;
  readonly appDir: string;
  readonly admin: Admin;
  readonly output: OutputBuffer;
  readonly reader: ChangelogReader;
  readonly metrics: StreamsMetrics;
  readonly logger: Logger;
  readonly defaultKeySerde: Serde<unknown> | undefined;
  readonly defaultValueSerde: Serde<unknown> | undefined;
  readonly cacheMaxBytes: number;
  readonly maxBufferedPerPartition: number;
  readonly wallClock: () => number;
  readonly partitionsFor: (topic: string) => number | undefined;
  readonly onDeserializationError: DeserializationExceptionHandler;
  readonly onProcessingError: ProcessingExceptionHandler;
  /** Whether operator drops (late, null key/value) are dead-lettered as well as counted. */
  readonly onDroppedRecord?: DroppedRecordsHandler | null;
  readonly onRestoration: (event: RestorationEvent) => void;
  /** Set under exactly_once_v2: tasks send into transactions and commit through it. */
  readonly eos?: ExactlyOnceCommitter;
  /** This instance's global stores, which every task's processors may read. */
  readonly globalStores?: ReadonlyMap<string, StateStore>;
  /** Store type of DSL stores made without a supplier (default 'in_memory'). */
  readonly defaultDslStore?: DslStoreType;
  /** Kafka's `repartition.purge.interval.ms` (default 30000). */
  readonly repartitionPurgeIntervalMs?: number;
}

/**
 * Owns this thread's tasks: creates them from an assignment (reusing local state that is still
 * here), restores them, routes fetched batches, processes, and runs the commit cycle.
 */
export class TaskManager {
  readonly active = new Map<string, ActiveTask>();
  readonly standby = new Map<string, TaskState>();
  /** Local state of tasks just revoked, kept until the next assignment says where they went. */
  private readonly dormant = new Map<string, TaskState>();
  private readonly restoringTasks = new Map<string, { task: ActiveTask; changelogs: StoreChangelog[] }>();
  private streamTimes = new Map<string, number>();
  private consumer: Consumer | null = null;
  private readonly pausedForBackpressure = new Map<string, TopicPartition>();
  /** Tasks this instance last held, for the assignor's stickiness. */
  private prevActive: string[] = [];
  private prevStandby: string[] = [];

  private readonly purger: RepartitionPurger;

  constructor(private readonly o: TaskManagerOptions) {
    const prefix = `${o.applicationId}-`;
    const isRepartition = (topic: string): boolean => topic.startsWith(prefix) && o.topology.isInternalTopic(topic.slice(prefix.length));
    this.purger = new RepartitionPurger(o.admin, isRepartition, o.repartitionPurgeIntervalMs ?? 30_000, o.logger);
  }

  /** Offsets of task state left on disk by an earlier run, so the assignor can prefer this instance. */
  private diskOffsetSums: Record<string, number> = {};

  async scanLocalState(): Promise<void> {
    const sums: Record<string, number> = {};
    const names = await readdir(this.o.appDir).catch(() => [] as string[]);
    for (const name of names) {
      if (!/^\d+_\d+$/.test(name)) continue;
      const offsets = await new CheckpointFile(join(this.o.appDir, name, '.checkpoint')).read().catch(() => null);
      if (offsets !== null) sums[name] = [...offsets.values()].reduce((a, b) => a + b, 0);
    }
    this.diskOffsetSums = sums;
  }

  attach(consumer: Consumer): void {
    this.consumer = consumer;
  }

  previousTasks(): { active: string[]; standby: string[]; offsetSums: Record<string, number> } {
    const offsetSums: Record<string, number> = { ...this.diskOffsetSums };
    for (const s of [...this.dormant.values(), ...this.standby.values(), ...[...this.active.values()].map((t) => t.state)]) {
      offsetSums[s.taskId] = s.offsetSum();
    }
    return { active: [...this.prevActive], standby: [...this.prevStandby], offsetSums };
  }

  get isRestoring(): boolean {
    return this.restoringTasks.size > 0;
  }

  hasBuffered(): boolean {
    for (const t of this.active.values()) if (t.status === 'RUNNING' && t.hasBuffered()) return true;
    return false;
  }

  // ---- rebalance ----

  /** Eager revocation: commit everything, close tasks; keep their state for the coming assignment. */
  async onRevoked(): Promise<void> {
    let lost = false;
    try {
      await this.commit(true);
    } catch (error) {
      // kafkajs learns of rebalances late, so this commit can lose the race: at-least-once replays.
      this.o.logger.warn({ error }, 'commit on revocation failed; tasks will reprocess from the last commit');
      // Exactly-once: the transaction is aborted, so local state ran ahead of the changelog.
      if (this.o.eos !== undefined) {
        lost = true;
        await this.o.eos.abortAll();
      }
    }
    if (!lost) await this.o.eos?.settleChangelogOffsets([...this.active.values()]);
    this.prevActive = [...this.active.keys()];
    this.prevStandby = [...this.standby.keys()];
    for (const [id, t] of this.active) {
      if (lost) {
        await t.state.close(false);
        continue;
      }
      t.close();
      this.dormant.set(id, t.state);
    }
    for (const [id, s] of this.standby) this.dormant.set(id, s);
    for (const s of this.dormant.values()) for (const c of s.changelogs) this.o.reader.unregister(c.topic, c.partition);
    this.active.clear();
    this.standby.clear();
    this.restoringTasks.clear();
    this.pausedForBackpressure.clear();
    this.o.metrics.tasks.set({ type: 'active' }, 0);
    this.o.metrics.tasks.set({ type: 'standby' }, 0);
  }

  async onAssigned(partitions: readonly TopicPartition[], info: AssignmentInfo | null): Promise<void> {
    const byTask = new Map<string, TopicPartition[]>();
    for (const tp of partitions) {
      const sub = this.o.metadata.subtopologyOf(tp.topic);
      if (sub === undefined) continue;
      const id = formatTaskId({ subtopology: sub.id, partition: tp.partition });
      const list = byTask.get(id) ?? [];
      list.push(tp);
      byTask.set(id, list);
    }
    const activeIds = info?.active ?? [...byTask.keys()];
    const standbyIds = info?.standby ?? [];
    // Exactly-once per task: initialising the tasks' transactional ids fences their previous owners first.
    await this.o.eos?.prepareTasks(activeIds);
    const committed = partitions.length === 0 ? [] : await this.consumer!.committed(partitions);
    this.streamTimes = new Map();
    const committedOffsets = new Map<string, number>();
    for (const c of committed) {
      const key = checkpointKey(c.topic, c.partition);
      if (c.offset !== null) committedOffsets.set(key, c.offset);
      // Exactly-once: fetch from what the transactions committed. kafkajs rejoins (and picks its
      // positions) before the revocation commit runs, so its positions can lag that commit.
      if (this.o.eos !== undefined && c.offset !== null) this.consumer!.seek({ topic: c.topic, partition: c.partition }, c.offset);
      const st = parseStreamTime(c.metadata);
      if (st !== null) this.streamTimes.set(key, st);
    }
    const toRestore: { task: ActiveTask; changelogs: StoreChangelog[] }[] = [];
    for (const id of activeIds) {
      const state = await this.takeState(id);
      // Exactly-once keeps no checkpoint while a task runs: after a crash the state is wiped and restored.
      if (this.o.eos !== undefined) await state.checkpoint.delete();
      const task = new ActiveTask({ ...this.o, state, partitions: byTask.get(id) ?? [], output: this.o.eos?.outputFor(id) ?? this.o.output });
      this.active.set(id, task);
      toRestore.push({ task, changelogs: state.changelogs });
    }
    for (const id of standbyIds) this.standby.set(id, await this.takeState(id));
    // State of tasks that went elsewhere: close cleanly, leaving a checkpoint for a later return.
    for (const [id, s] of this.dormant) {
      this.dormant.delete(id);
      await s.close(true);
    }
    await this.startRestoration(toRestore, committedOffsets);
    for (const s of this.standby.values()) this.registerStandby(s);
    this.o.metrics.tasks.set({ type: 'active' }, this.active.size);
    this.o.metrics.tasks.set({ type: 'standby' }, this.standby.size);
  }

  /** Moves restored tasks to RUNNING; true when no task is restoring any more. */
  completeRestoration(): boolean {
    // Done exactly when the restore position reached the end offset captured at start: the
    // consumer reports moves past transaction markers and aborted records too.
    const restoring = new Set(this.o.reader.restoring().map((r) => checkpointKey(r.topic, r.partition)));
    for (const [id, r] of this.restoringTasks) {
      if (r.changelogs.some((c) => restoring.has(checkpointKey(c.topic, c.partition)))) continue;
      for (const c of r.changelogs) this.o.reader.unregister(c.topic, c.partition);
      this.restoringTasks.delete(id);
      r.task.initialize(this.streamTimes);
      if (r.task.partitions.length > 0) this.consumer!.resume(r.task.partitions);
    }
    return this.restoringTasks.size === 0;
  }

  // ---- processing ----

  route(batches: readonly FetchedBatch[]): void {
    for (const b of batches) {
      this.o.metrics.recordsLag.set({ topic: b.topic, partition: String(b.partition) }, Math.max(0, b.highWatermark - b.nextOffset));
      const sub = this.o.metadata.subtopologyOf(b.topic);
      if (sub === undefined) continue;
      const task = this.active.get(formatTaskId({ subtopology: sub.id, partition: b.partition }));
      if (task === undefined) continue;
      if (task.addBatch(b) >= this.o.maxBufferedPerPartition) {
        const tp = { topic: b.topic, partition: b.partition };
        this.pausedForBackpressure.set(checkpointKey(b.topic, b.partition), tp);
        this.consumer!.pause([tp]);
      }
    }
  }

  /** Processes up to `maxPerTask` records in each running task; returns the total. */
  process(maxPerTask: number): number {
    let n = 0;
    for (const t of this.active.values()) if (t.status === 'RUNNING') n += t.process(maxPerTask);
    if (this.pausedForBackpressure.size > 0) {
      const resume: TopicPartition[] = [];
      for (const [key, tp] of this.pausedForBackpressure) {
        const task = this.active.get(formatTaskId({ subtopology: this.o.metadata.subtopologyOf(tp.topic)!.id, partition: tp.partition }));
        if (task === undefined || task.buffered(tp) < this.o.maxBufferedPerPartition / 2) {
          resume.push(tp);
          this.pausedForBackpressure.delete(key);
        }
      }
      if (resume.length > 0) this.consumer!.resume(resume);
    }
    return n;
  }

  /** An operator drop of this application: the active task with that id meters (and may dead-letter) it. */
  operatorDropped(drop: DroppedRecordEvent): void {
    this.active.get(drop.taskId)?.operatorDropped(drop);
  }

  punctuate(): void {
    for (const t of this.active.values()) if (t.status === 'RUNNING') t.punctuateWallClock();
  }

  /**
   * The at-least-once commit cycle, in Kafka's order: flush caches and stores (changelog and
   * output records enter the output buffer) → flush the producer (every ack) → persist engine
   * writes (only now, so disk never runs ahead of the changelog) → commit consumed offsets →
   * write checkpoints. `force` commits even tasks with nothing new.
   */
  async commit(force = false): Promise<boolean> {
    const tasks = [...this.active.values()].filter((t) => t.status === 'RUNNING' && (force || t.commitNeeded));
    if (tasks.length === 0 && this.standby.size === 0) return false;
    const started = performance.now();
    if (this.o.eos !== undefined) {
      const consumer = this.consumer!;
      const committing = tasks.flatMap((t) => t.offsetsToCommit());
      if (tasks.length > 0) await this.o.eos.commit(tasks, () => consumer.groupMetadata());
      this.purger.committed(committing);
      for (const s of this.standby.values()) for (const e of s.engines.values()) e.flush();
      if (tasks.length > 0) {
        this.o.metrics.commitLatency.observe((performance.now() - started) / 1000);
        this.o.metrics.commits.inc();
      }
      return tasks.length > 0;
    }
    for (const t of tasks) t.prepareCommit();
    await this.o.output.flush();
    for (const t of tasks) t.recordWritten(this.o.output.writtenOffsets);
    for (const t of tasks) await t.state.persist();
    const offsets = tasks.flatMap((t) => t.offsetsToCommit());
    if (offsets.length > 0) await this.consumer!.commit(offsets);
    this.purger.committed(offsets);
    for (const t of tasks) t.postCommit();
    for (const t of tasks) await t.state.writeCheckpoint();
    for (const s of this.standby.values()) {
      for (const e of s.engines.values()) e.flush();
      await s.writeCheckpoint();
    }
    if (tasks.length > 0) {
      this.o.metrics.commitLatency.observe((performance.now() - started) / 1000);
      this.o.metrics.commits.inc();
    }
    return tasks.length > 0;
  }

  /** Clean shutdown: commit, close tasks, checkpoint and close every engine. */
  async shutdown(clean: boolean): Promise<void> {
    if (clean) {
      await this.commit(true);
      await this.o.eos?.settleChangelogOffsets([...this.active.values()]);
    } else {
      this.o.output.discard();
      await this.o.eos?.abortAll();
    }
    for (const t of this.active.values()) {
      if (clean) t.close();
      await t.state.close(clean);
    }
    for (const s of [...this.standby.values(), ...this.dormant.values()]) await s.close(clean);
    this.active.clear();
    this.standby.clear();
    this.dormant.clear();
    this.restoringTasks.clear();
    await this.purger.drain();
  }

  // ---- internals ----

  private async takeState(id: string): Promise<TaskState> {
    const reused = this.dormant.get(id) ?? this.standby.get(id);
    if (reused !== undefined) {
      this.dormant.delete(id);
      this.standby.delete(id);
      return reused;
    }
    const { subtopology, partition } = parseTaskId(id);
    const sub = this.o.metadata.subtopologies.find((s) => s.id === subtopology)!;
    return TaskState.open(id, partition, sub, this.o.topology, this.o.appDir, this.o.logger, this.o.defaultDslStore);
  }

  private async startRestoration(list: { task: ActiveTask; changelogs: StoreChangelog[] }[], committed: ReadonlyMap<string, number>): Promise<void> {
    const internal = list.flatMap((r) => r.changelogs.filter((c) => !c.isSource));
    const ends = new Map<string, number>();
    if (internal.length > 0) {
      // Exactly-once restores to the last stable offset: an open transaction's records are not state yet.
      const isolation = this.o.eos === undefined ? {} : { isolationLevel: 'read_committed' as const };
      const listed = await this.o.admin.listOffsets(internal.map((c) => ({ topic: c.topic, partition: c.partition, spec: 'latest' as const })), isolation);
      for (const l of listed) ends.set(checkpointKey(l.topic, l.partition), l.offset);
    }
    for (const r of list) {
      const state = r.task.state;
      this.restoringTasks.set(r.task.id, r);
      if (r.task.partitions.length > 0) this.consumer!.pause(r.task.partitions);
      for (const c of r.changelogs) {
        const key = checkpointKey(c.topic, c.partition);
        const end = c.isSource ? (committed.get(key) ?? 0) : (ends.get(key) ?? 0);
        let start = state.offsets.get(key) ?? 0;
        if (start > end) {
          this.o.logger.warn({ taskId: r.task.id, topic: c.topic, start, end }, 'checkpoint is ahead of the changelog; restoring from the start');
          start = 0;
        }
        const base = { taskId: r.task.id, store: c.store, topic: c.topic, partition: c.partition, startOffset: start, endOffset: end };
        this.o.onRestoration({ ...base, type: 'start', restored: 0, remaining: end - start });
        if (start >= end) {
          this.o.onRestoration({ ...base, type: 'end', restored: 0, remaining: 0 });
          continue;
        }
        let restored = 0;
        const reg = {
          topic: c.topic,
          partition: c.partition,
          position: start,
          endOffset: end,
          apply: (b: FetchedBatch) => {
            restored += state.applyTo(c.store, b.records);
            state.offsets.set(key, reg.position);
            const remaining = Math.max(0, end - reg.position);
            this.o.metrics.restored.inc({ task: r.task.id, store: c.store }, b.records.length);
            this.o.onRestoration({ ...base, type: remaining === 0 ? 'end' : 'progress', restored, remaining });
          },
        };
        this.o.reader.register(reg);
      }
    }
  }

  private registerStandby(s: TaskState): void {
    for (const c of s.changelogs) {
      if (c.isSource) continue; // a source-topic changelog is only read by the active task
      const key = checkpointKey(c.topic, c.partition);
      const reg = {
        topic: c.topic,
        partition: c.partition,
        position: s.offsets.get(key) ?? 0,
        endOffset: null,
        apply: (b: FetchedBatch) => {
          s.applyTo(c.store, b.records);
          s.offsets.set(key, reg.position);
        },
      };
      this.o.reader.register(reg);
    }
  }
}

function parseStreamTime(metadata: string | null): number | null {
  if (metadata === null || metadata.length === 0) return null;
  try {
    const v = JSON.parse(metadata) as { st?: unknown };
    return typeof v.st === 'number' ? v.st : null;
  } catch {
    return null;
  }
}
