import type { Cluster, ConsumerGroupMetadata, Logger } from '@tributary/client';
import type { StreamsMetrics } from '../../metrics/streams-metrics.js';
import { checkpointKey } from '../../state/restore/checkpoint-file.js';
import { OutputBuffer } from '../commit/output-buffer.js';
import type { ActiveTask } from '../tasks/active-task.js';
import { asTaskMigrated } from './task-migrated-error.js';
import { TransactionalSender } from './transactional-sender.js';

/**
 * Who owns a transactional producer. 'thread' is EOS v2 (KIP-447): one producer per stream
 * thread, zombies fenced by the group generation sent with the offsets — needs
 * `capabilities.groupMetadataFencing`. 'task' is Kafka's original EOS ("alpha"): one producer
 * per task with transactional id `<appId>-<taskId>`, so the new owner of a task fences the old
 * one by transactional id, whatever the adapter sends with the offsets.
 */
export type EosProducerScope = 'thread' | 'task';

export interface ExactlyOnceOptions {
  readonly cluster: Cluster;
  readonly applicationId: string;
  readonly processId: string;
  /** Stable slot of the thread (a replacement thread reuses it, so it fences its predecessor). */
  readonly threadIndex: number;
  readonly scope: EosProducerScope;
  readonly transactionTimeoutMs: number;
  readonly metrics: StreamsMetrics;
  readonly logger: Logger;
}

interface Unit {
  readonly sender: TransactionalSender;
  readonly output: OutputBuffer;
}

const THREAD = '\u0000thread';

/** The scope an adapter supports: EOS v2 where the group generation reaches the coordinator, else per task. */
export function eosScopeFor(cluster: Cluster): EosProducerScope {
  return cluster.capabilities?.groupMetadataFencing === true ? 'thread' : 'task';
}

/**
 * The exactly-once commit cycle of one stream thread: flush caches and stores (changelog and
 * output records go into the open transaction) → wait for every send → add the consumed offsets
 * with the consumer's group metadata → commit. No checkpoint is written while tasks run; a
 * fencing or generation error becomes TaskMigratedError.
 */
export class ExactlyOnceCommitter {
  private readonly units = new Map<string, Unit>();
  constructor(private readonly o: ExactlyOnceOptions) {}

  get scope(): EosProducerScope {
    return this.o.scope;
  }

  /** Thread scope: creates and initialises the thread's producer (fencing a crashed predecessor's transaction). */
  async start(): Promise<void> {
    if (this.o.scope === 'thread') {
      await this.open(THREAD, `${this.o.applicationId}-${this.o.processId}-${this.o.threadIndex}`);
    }
  }

  /** Task scope: producers for newly assigned tasks (initialised before offsets are read), closes the rest. */
  async prepareTasks(taskIds: readonly string[]): Promise<void> {
    if (this.o.scope !== 'task') return;
    const keep = new Set(taskIds);
    for (const [id, unit] of this.units) {
      if (keep.has(id)) continue;
      this.units.delete(id);
      await unit.sender.close();
    }
    await Promise.all(taskIds.filter((id) => !this.units.has(id)).map((id) => this.open(id, `${this.o.applicationId}-${id}`)));
  }

  /** Where a task's records go. */
  outputFor(taskId: string): OutputBuffer {
    const unit = this.units.get(this.o.scope === 'thread' ? THREAD : taskId);
    if (unit === undefined) throw new Error(`no transactional producer for task ${taskId}`);
    return unit.output;
  }

  /** Commits the tasks' work: one transaction for the thread, or one per task (in parallel). */
  async commit(tasks: readonly ActiveTask[], group: () => ConsumerGroupMetadata): Promise<void> {
    try {
      if (this.o.scope === 'thread') await this.commitUnit(this.units.get(THREAD)!, tasks, group);
      else await Promise.all(tasks.map((t) => this.commitUnit(this.units.get(t.id)!, [t], group)));
    } catch (error) {
      throw asTaskMigrated(error, 'exactly-once commit');
    }
  }

  /**
   * Before tasks' state is kept (revocation) or checkpointed (clean close): moves each changelog
   * position the state has fully caught up with to the partition's end. Between the last record
   * and the end there are only markers (ours, a fenced zombie's) and records of fenced
   * transactions, so a later restore from there is done at once instead of reading them.
   */
  async settleChangelogOffsets(tasks: readonly ActiveTask[]): Promise<void> {
    const caughtUp: { task: ActiveTask; key: string; topic: string; partition: number }[] = [];
    for (const t of tasks) {
      const unit = this.units.get(this.o.scope === 'thread' ? THREAD : t.id);
      if (unit === undefined) continue;
      for (const c of t.state.changelogs) {
        const key = checkpointKey(c.topic, c.partition);
        const written = unit.output.writtenOffsets.get(key);
        if (!c.isSource && written !== undefined && t.state.offsets.get(key) === written + 1) caughtUp.push({ task: t, key, topic: c.topic, partition: c.partition });
      }
    }
    if (caughtUp.length === 0) return;
    const ends = await this.o.cluster.admin.listOffsets(caughtUp.map((c) => ({ topic: c.topic, partition: c.partition, spec: 'latest' as const })));
    const byKey = new Map(ends.map((e) => [checkpointKey(e.topic, e.partition), e.offset]));
    for (const c of caughtUp) {
      const end = byKey.get(c.key);
      if (end !== undefined && end > c.task.state.offsets.get(c.key)!) c.task.state.offsets.set(c.key, end);
    }
  }

  /** Aborts every open transaction and forgets unsent output (tasks are then closed dirty). */
  async abortAll(): Promise<void> {
    for (const unit of this.units.values()) {
      await unit.sender.abort().catch((error: unknown) => this.o.logger.warn({ error, transactionalId: unit.sender.transactionalId }, 'abort failed (the coordinator aborts it)'));
      await unit.output.reset();
    }
  }

  async close(): Promise<void> {
    const units = [...this.units.values()];
    this.units.clear();
    await Promise.all(units.map(async (u) => {
      await u.output.reset();
      await u.sender.close();
    }));
  }

  private async open(key: string, transactionalId: string): Promise<void> {
    const producer = this.o.cluster.producer({ transactionalId, transactionTimeoutMs: this.o.transactionTimeoutMs });
    const sender = new TransactionalSender(transactionalId, producer);
    // Under exactly-once a failed send dooms the transaction: never skip a record.
    const output = new OutputBuffer(sender, () => 'FAIL', this.o.metrics, this.o.logger);
    await sender.init();
    this.units.set(key, { sender, output });
  }

  private async commitUnit(unit: Unit, tasks: readonly ActiveTask[], group: () => ConsumerGroupMetadata): Promise<void> {
    for (const t of tasks) t.prepareCommit();
    await unit.output.flush();
    for (const t of tasks) t.recordWritten(unit.output.writtenOffsets);
    // Disk may run ahead of the committed changelog: without a checkpoint it is never trusted (wiped on restart).
    for (const t of tasks) await t.state.persist();
    const offsets = tasks.flatMap((t) => t.offsetsToCommit());
    await unit.sender.commit(offsets, group);
    for (const t of tasks) {
      t.postCommit();
      // A commit marker follows the last record this producer wrote to each changelog partition:
      // the state covers it too (a later restore need not fetch it to reach the end).
      for (const c of t.state.changelogs) {
        const key = checkpointKey(c.topic, c.partition);
        const end = unit.output.writtenOffsets.get(key);
        if (!c.isSource && end !== undefined) t.state.offsets.set(key, end + 1);
      }
    }
  }
}
