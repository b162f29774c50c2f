import type { Consumer } from '@tributary/client';
import type { AssignmentInfo, SubscriptionInfo } from './assignment/assignment-info.js';
import { StreamPartitionAssignor } from './assignment/stream-partition-assignor.js';
import type { ResolvedConfig } from './streams-app-config.js';
import type { TaskManager } from './tasks/task-manager.js';
import type { TopologyMetadata } from './tasks/topology-metadata.js';
import type { ChangelogReader } from '../state/restore/changelog-reader.js';

/** Records one task processes per slice; slices repeat until the turn's time budget is spent. */
const MAX_RECORDS_PER_TASK_SLICE = 25;
/** Synchronous work per loop turn before the thread yields to timers and I/O (HTTP, SSE, heartbeats). */
const TURN_BUDGET_MS = 15;

export interface ThreadEvents {
  onRebalancing(): void;
  onRunning(): void;
  onAssignment(info: AssignmentInfo | null): void;
  /** Some member asked the whole application to shut down. */
  onShutdownRequested(): void;
}

/**
 * One stream thread: a group member polling its consumer and driving its tasks. The loop is
 * poll → route batches into task queues → restore (or tail standbys) → process a bounded turn
 * → punctuate → commit when the interval is due. Rebalance callbacks run inside poll.
 */
export class StreamThread {
  private consumer: Consumer | null = null;
  private stopping = false;
  private loop: Promise<void> | null = null;
  private lastCommit = 0;
  private running = false;
  private assignedOnce = false;

  constructor(
    private readonly config: ResolvedConfig,
    private readonly metadata: TopologyMetadata,
    private readonly tasks: TaskManager,
    private readonly reader: ChangelogReader,
    private readonly subscriptionInfo: () => SubscriptionInfo,
    private readonly events: ThreadEvents,
    readonly name: string,
  ) {}

  /** Joins the group and starts the loop; `onError` gets whatever kills it. */
  async start(onError: (error: unknown) => void): Promise<void> {
    const assignor = new StreamPartitionAssignor(this.metadata, this.config.numStandbyReplicas, this.subscriptionInfo);
    const consumer = this.config.cluster.consumer({
      groupId: this.config.applicationId,
      clientId: `${this.config.applicationId}-${this.name}`,
      autoOffsetReset: 'earliest',
      // Under exactly-once, input and repartition topics are read as committed (aborted output never feeds a task).
      ...(this.config.processingGuarantee === 'exactly_once_v2' ? { isolationLevel: 'read_committed' as const } : {}),
      ...(this.config.rebalanceTimeoutMs === undefined ? {} : { rebalanceTimeoutMs: this.config.rebalanceTimeoutMs }),
      assignors: [assignor],
      ...(this.config.sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs: this.config.sessionTimeoutMs }),
      ...(this.config.heartbeatIntervalMs === undefined ? {} : { heartbeatIntervalMs: this.config.heartbeatIntervalMs }),
      rebalanceListener: {
        onPartitionsRevoked: async () => {
          this.running = false;
          this.events.onRebalancing();
          await this.tasks.onRevoked();
        },
        onPartitionsAssigned: async (partitions) => {
          const info = assignor.takeAssignment();
          this.events.onAssignment(info);
          if (info?.error === 'SHUTDOWN_APPLICATION') {
            this.stopping = true;
            this.events.onShutdownRequested();
            return;
          }
          this.running = false;
          this.events.onRebalancing();
          await this.tasks.onAssigned(partitions, info);
          this.assignedOnce = true;
        },
      },
    });
    await consumer.connect();
    await consumer.subscribe(this.metadata.subscription());
    this.consumer = consumer;
    this.tasks.attach(consumer);
    this.lastCommit = Date.now();
    this.loop = this.run().catch((error: unknown) => {
      this.stopping = true;
      onError(error);
    });
  }

  /** Stops the loop; a clean stop commits and checkpoints, a dirty one just lets go. */
  async stop(clean: boolean): Promise<void> {
    this.stopping = true;
    await this.loop;
    try {
      await this.tasks.shutdown(clean);
    } finally {
      await this.consumer?.disconnect().catch(() => undefined);
      this.consumer = null;
    }
  }

  private async run(): Promise<void> {
    const consumer = this.consumer!;
    let turnStart = performance.now();
    while (!this.stopping) {
      const busy = this.tasks.hasBuffered() || this.tasks.isRestoring;
      const batches = await consumer.poll(busy ? 0 : this.config.pollMs);
      if (this.stopping) break;
      // A poll can hand over tens of thousands of records: route them batch by batch within the turn budget.
      for (let i = 0; i < batches.length; i++) {
        this.tasks.route(batches.slice(i, i + 1));
        if (i + 1 < batches.length && performance.now() - turnStart >= TURN_BUDGET_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          turnStart = performance.now();
        }
      }
      if (this.tasks.isRestoring) {
        await this.reader.poll(50);
        if (this.tasks.completeRestoration()) this.markRunning();
      } else {
        if (!this.reader.idle) await this.reader.poll(0);
        this.markRunning();
      }
      let processed = 0;
      for (;;) {
        const n = this.tasks.process(MAX_RECORDS_PER_TASK_SLICE);
        processed += n;
        if (n === 0 || performance.now() - turnStart >= TURN_BUDGET_MS) break;
      }
      this.tasks.punctuate();
      // Yield to timers and I/O when a turn did nothing (whatever the adapter's poll did) or used its budget.
      if ((processed === 0 && batches.length === 0) || performance.now() - turnStart >= TURN_BUDGET_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        turnStart = performance.now();
      }
      if (Date.now() - this.lastCommit >= this.config.commitIntervalMs) {
        await this.tasks.commit();
        this.lastCommit = Date.now();
      }
    }
  }

  private markRunning(): void {
    if (this.running || !this.assignedOnce || this.stopping) return;
    this.running = true;
    this.events.onRunning();
  }
}
