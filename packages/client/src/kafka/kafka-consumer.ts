import type { Batch, ConsumerStartBatchProcessEvent, Consumer as KafkajsConsumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { CommittedOffset } from '../admin/admin.js';
import type { Assignor, MemberAssignment } from '../consumer/assignor.js';
import type { Consumer, ConsumerOptions, FetchedBatch, RebalanceListener } from '../consumer/consumer.js';
import { roundRobinAssignor } from '../consumer/round-robin-assignor.js';
import { IllegalClientStateError } from '../errors/client-errors.js';
import type { ConsumerGroupMetadata } from '../producer/producer.js';
import type { ConsumedRecord } from '../records/record.js';
import { partitionKey, type TopicPartition, type TopicPartitionOffset } from '../records/topic-partition.js';
import { decodeAssignment, toKafkajsAssigner } from './assignor-bridge.js';
import { BatchBuffer } from './batch-buffer.js';
import { fromKafkajsError, mapped } from './error-mapping.js';
import type { KafkaAdmin } from './kafka-admin.js';
import { headersFromKafkajs } from './headers.js';
import { int64ToNumber, numberToInt64 } from './numbers.js';
import { SeekFence } from './seek-fence.js';

type RebalanceEvent =
  | { readonly kind: 'revoked' }
  | { readonly kind: 'assigned'; readonly partitions: TopicPartition[]; readonly own: Promise<MemberAssignment | null>; readonly assignor: Assignor | undefined; readonly memberId: string };

/**
 * Adapts kafkajs's push model (`run({ eachBatch })`) to pull: eachBatch parks batches in a
 * bounded buffer (waiting, while heartbeating, when it is full) and `poll()` takes them.
 * Rebalance notifications are queued and replayed inside `poll()`.
 *
 * kafkajs never calls eachBatch for a fetch whose records were all filtered out (only control
 * records, or aborted records under read_committed): its runner resolves the offset past them
 * itself (`batch.isEmptyDueToFiltering()` in runner.js) and only emits START_BATCH_PROCESS with
 * `batchSize: 0` and `lastOffset`. That public instrumentation event is how such progress reaches
 * poll() here, as an empty batch (guarded against pre-seek fetches by SeekFence).
 */
export class KafkaConsumer implements Consumer {
  private readonly consumer: KafkajsConsumer;
  private readonly listener: RebalanceListener;
  private readonly assignors: readonly Assignor[];
  private readonly buffer: BatchBuffer;
  private readonly heartbeatMs: number;
  private readonly subscriptions: (string | RegExp)[] = [];
  private started: Promise<void> | null = null;
  private stopped = false;
  private crash: Error | null = null;
  private memberId = '';
  private generation = 0;
  private leaderAssignments: ReadonlyMap<string, MemberAssignment> = new Map();
  private readonly events: RebalanceEvent[] = [];
  private revokePending = false;
  private owned: TopicPartition[] = [];
  private ownedKeys = new Set<string>();
  private readonly pausedKeys = new Map<string, TopicPartition>();
  private rebalancing: Promise<void> = Promise.resolve();
  private readonly fence = new SeekFence();
  /** Where kafkajs fetches each partition next, as far as buffered batches and seeks tell. */
  private readonly fetchPositions = new Map<string, number>();
  /** What `position()` reports: seeks and the batches poll() handed out. */
  private readonly positions = new Map<string, number>();

  constructor(
    kafka: Kafka,
    private readonly options: ConsumerOptions,
    private readonly admin: KafkaAdmin,
    private readonly onDisconnect: (c: KafkaConsumer) => void,
  ) {
    this.listener = options.rebalanceListener ?? {};
    this.assignors = options.assignors ?? [roundRobinAssignor()];
    this.buffer = new BatchBuffer(options.maxBufferedBatches ?? 32);
    this.heartbeatMs = options.heartbeatIntervalMs ?? 3000;
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      partitionAssigners: this.assignors.map((a) => toKafkajsAssigner(a, (m) => (this.leaderAssignments = m))),
      readUncommitted: (options.isolationLevel ?? 'read_uncommitted') === 'read_uncommitted',
      allowAutoTopicCreation: false,
      heartbeatInterval: this.heartbeatMs,
      ...(options.sessionTimeoutMs === undefined ? {} : { sessionTimeout: options.sessionTimeoutMs }),
      ...(options.rebalanceTimeoutMs === undefined ? {} : { rebalanceTimeout: options.rebalanceTimeoutMs }),
      ...(options.maxWaitMs === undefined ? {} : { maxWaitTimeInMs: options.maxWaitMs }),
      ...(options.maxBytesPerPartition === undefined ? {} : { maxBytesPerPartition: options.maxBytesPerPartition }),
    });
    const { events } = this.consumer;
    this.consumer.on(events.REBALANCING, () => this.onRebalancing());
    this.consumer.on(events.GROUP_JOIN, (e) => this.onGroupJoin(e.payload));
    this.consumer.on(events.FETCH_START, (e) => this.fence.fetchStarted(e.payload.nodeId));
    this.consumer.on(events.START_BATCH_PROCESS, (e) => this.onBatchStart(e));
    this.consumer.on(events.CRASH, (e) => {
      if (!e.payload.restart) {
        this.crash = fromKafkajsError(e.payload.error, 'consumer');
        this.buffer.wake();
      }
    });
  }

  connect(): Promise<void> {
    return mapped('consumer.connect', () => this.consumer.connect());
  }

  async disconnect(): Promise<void> {
    this.stopped = true;
    this.buffer.clear();
    this.onDisconnect(this);
    await mapped('consumer.disconnect', () => this.consumer.disconnect());
  }

  async subscribe(topics: readonly (string | RegExp)[]): Promise<void> {
    if (this.started !== null) throw new IllegalClientStateError('kafka adapter: subscribe before the first poll()');
    await mapped('consumer.subscribe', () =>
      this.consumer.subscribe({ topics: [...topics], fromBeginning: this.options.autoOffsetReset === 'earliest' }),
    );
    this.subscriptions.push(...topics);
  }

  async poll(timeoutMs: number): Promise<FetchedBatch[]> {
    const deadline = Date.now() + timeoutMs;
    // A poll pending at disconnect resolves empty; a new one fails (Java: IllegalStateException).
    if (this.stopped) throw new IllegalClientStateError('consumer is disconnected: poll() after disconnect()');
    await this.start();
    for (;;) {
      if (this.crash !== null) throw this.crash;
      if (this.stopped) return [];
      await this.deliverRebalanceEvents();
      const batches = this.buffer.take((key) => this.ownedKeys.has(key) && !this.pausedKeys.has(key));
      for (const b of batches) this.positions.set(partitionKey(b.topic, b.partition), b.nextOffset);
      if (batches.length > 0) return batches;
      const remaining = deadline - Date.now();
      if (remaining <= 0) return [];
      await this.buffer.changed(remaining);
    }
  }

  assignment(): TopicPartition[] {
    return [...this.owned];
  }

  pause(partitions: readonly TopicPartition[]): void {
    for (const p of partitions) this.pausedKeys.set(partitionKey(p.topic, p.partition), { topic: p.topic, partition: p.partition });
    if (this.started !== null) this.consumer.pause(byTopic(partitions));
  }

  resume(partitions: readonly TopicPartition[]): void {
    for (const p of partitions) this.pausedKeys.delete(partitionKey(p.topic, p.partition));
    if (this.started !== null) this.consumer.resume(byTopic(partitions));
    this.buffer.wake();
  }

  paused(): TopicPartition[] {
    return [...this.pausedKeys.values()];
  }

  seek(partition: TopicPartition, offset: number): void {
    if (this.started === null) throw new IllegalClientStateError('kafka adapter: seek needs an assignment (call poll first)');
    const key = partitionKey(partition.topic, partition.partition);
    // kafkajs applies the seek at the start of the partition's next fetch and marks batches
    // fetched before it as stale (isStale), which onBatch drops; buffered ones go now.
    this.buffer.drop(key);
    this.consumer.seek({ topic: partition.topic, partition: partition.partition, offset: numberToInt64(offset, 'offset') });
    this.fence.sought(key, offset);
    this.fetchPositions.set(key, offset);
    this.positions.set(key, offset);
  }

  position(partition: TopicPartition): number | null {
    const key = partitionKey(partition.topic, partition.partition);
    return this.ownedKeys.has(key) ? (this.positions.get(key) ?? null) : null;
  }

  async committed(partitions: readonly TopicPartition[]): Promise<CommittedOffset[]> {
    const topics = [...new Set(partitions.map((p) => p.topic))];
    const all = await this.admin.committedOffsets(this.options.groupId, topics);
    const byKey = new Map(all.map((c) => [partitionKey(c.topic, c.partition), c]));
    return partitions.map(
      (p) => byKey.get(partitionKey(p.topic, p.partition)) ?? { topic: p.topic, partition: p.partition, offset: null, metadata: null },
    );
  }

  async commit(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    if (this.started === null) throw new IllegalClientStateError('kafka adapter: commit needs group membership (call poll first)');
    await mapped('consumer.commit', () =>
      this.consumer.commitOffsets(
        offsets.map((o) => ({
          topic: o.topic,
          partition: o.partition,
          offset: numberToInt64(o.offset, 'offset'),
          ...(o.metadata === undefined || o.metadata === null ? {} : { metadata: o.metadata }),
        })),
      ),
    );
  }

  /** kafkajs does not expose the generation id, so it is reported as -1 (see sendOffsets). */
  groupMetadata(): ConsumerGroupMetadata {
    return { groupId: this.options.groupId, generationId: -1, memberId: this.memberId, groupInstanceId: null };
  }

  private start(): Promise<void> {
    if (this.started === null) {
      if (this.subscriptions.length === 0) throw new IllegalClientStateError('subscribe before poll()');
      this.started = mapped('consumer.run', () =>
        this.consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: 1,
          eachBatch: (payload) => this.onBatch(payload),
        }),
      );
    }
    return this.started;
  }

  private async onBatch({ batch, heartbeat, isRunning, isStale, resolveOffset }: EachBatchPayload): Promise<void> {
    const generation = this.generation;
    const key = partitionKey(batch.topic, batch.partition);
    const isPaused = (k: string): boolean => this.pausedKeys.has(k);
    while (!this.buffer.hasRoom(isPaused)) {
      if (!isRunning() || isStale() || this.stopped || generation !== this.generation) return;
      await this.buffer.changed(this.heartbeatMs);
      // Throws when the group rebalances, which is how kafkajs learns to rejoin while we wait.
      await heartbeat();
    }
    if (!isRunning() || isStale() || this.stopped || generation !== this.generation) return;
    this.fence.applied(key);
    const fetched = toFetchedBatch(batch);
    this.fetchPositions.set(key, fetched.nextOffset);
    if (fetched.records.length > 0) this.buffer.push(key, fetched);
    // Resolve only what was buffered, so dropped batches are fetched again.
    resolveOffset(batch.lastOffset());
  }

  /**
   * Runs synchronously inside kafkajs's batch handling. A batch of zero records here is one whose
   * records kafkajs filtered out and will not hand to eachBatch (see the class comment).
   */
  private onBatchStart({ payload }: ConsumerStartBatchProcessEvent): void {
    if (payload.batchSize !== 0 || this.stopped) return;
    const key = partitionKey(payload.topic, payload.partition);
    // kafkajs resolves `lastOffset` (the fetch offset itself when every record lay below it).
    const last = int64ToNumber(payload.lastOffset, 'offset');
    const first = (payload.firstOffset as string | null) === null ? last : int64ToNumber(payload.firstOffset, 'offset');
    if (!this.fence.admits(key, first, last)) return;
    const known = this.fetchPositions.get(key);
    if (known !== undefined && last + 1 <= known) return;
    this.fetchPositions.set(key, last + 1);
    this.buffer.pushProgress(key, {
      topic: payload.topic,
      partition: payload.partition,
      records: [],
      nextOffset: last + 1,
      highWatermark: int64ToNumber(payload.highWatermark, 'highWatermark'),
    });
  }

  private onRebalancing(): void {
    this.generation++;
    this.buffer.clear();
    this.fence.clear();
    this.fetchPositions.clear();
    if (!this.revokePending) {
      this.revokePending = true;
      this.events.push({ kind: 'revoked' });
    }
    this.buffer.wake();
  }

  private onGroupJoin(payload: { memberId: string; isLeader: boolean; groupProtocol: string; memberAssignment: Record<string, number[]> }): void {
    if (!this.revokePending) this.onRebalancing();
    this.generation++;
    this.buffer.clear();
    this.fence.clear();
    this.fetchPositions.clear();
    this.memberId = payload.memberId;
    const partitions: TopicPartition[] = [];
    for (const [topic, list] of Object.entries(payload.memberAssignment)) for (const partition of list) partitions.push({ topic, partition });
    partitions.sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
    // Java semantics: pausing does not survive a rebalance.
    if (this.pausedKeys.size > 0) {
      this.consumer.resume(byTopic([...this.pausedKeys.values()]));
      this.pausedKeys.clear();
    }
    const assignor = this.assignors.find((a) => a.name === payload.groupProtocol);
    const own = assignor?.onAssignment === undefined ? Promise.resolve(null) : this.ownAssignment(payload.memberId, payload.isLeader);
    this.events.push({ kind: 'assigned', partitions, own, assignor, memberId: payload.memberId });
    this.buffer.wake();
  }

  /** The leader knows what it assigned; followers read their assignment bytes back via DescribeGroups. */
  private async ownAssignment(memberId: string, isLeader: boolean): Promise<MemberAssignment | null> {
    if (isLeader) return this.leaderAssignments.get(memberId) ?? null;
    const [group] = await this.admin.describeGroups([this.options.groupId]);
    const member = group?.members.find((m) => m.memberId === memberId);
    return member === undefined ? null : decodeAssignment(member.assignment);
  }

  /** Replays queued rebalance notifications in order; concurrent polls share one replay. */
  private deliverRebalanceEvents(): Promise<void> {
    if (this.events.length === 0) return this.rebalancing;
    this.rebalancing = this.rebalancing.then(async () => {
      for (let event = this.events.shift(); event !== undefined; event = this.events.shift()) {
        if (event.kind === 'revoked') {
          this.revokePending = false;
          const revoked = this.owned;
          this.owned = [];
          this.ownedKeys = new Set();
          this.positions.clear();
          if (revoked.length > 0) await this.listener.onPartitionsRevoked?.(revoked);
        } else {
          const own = await event.own.catch(() => null);
          if (own !== null) event.assignor?.onAssignment?.(own, { generationId: -1, memberId: event.memberId });
          this.owned = event.partitions;
          this.ownedKeys = new Set(event.partitions.map((p) => partitionKey(p.topic, p.partition)));
          await this.listener.onPartitionsAssigned?.(event.partitions);
        }
      }
    });
    return this.rebalancing;
  }
}

function toFetchedBatch(batch: Batch): FetchedBatch {
  const records: ConsumedRecord[] = new Array(batch.messages.length);
  for (let i = 0; i < batch.messages.length; i++) {
    const m = batch.messages[i]!;
    records[i] = {
      offset: int64ToNumber(m.offset, 'offset'),
      timestamp: int64ToNumber(m.timestamp, 'timestamp'),
      key: m.key ?? null,
      value: m.value ?? null,
      headers: headersFromKafkajs(m.headers),
    };
  }
  return {
    topic: batch.topic,
    partition: batch.partition,
    records,
    nextOffset: int64ToNumber(batch.lastOffset(), 'offset') + 1,
    highWatermark: int64ToNumber(batch.highWatermark, 'highWatermark'),
  };
}

function byTopic(partitions: readonly TopicPartition[]): { topic: string; partitions: number[] }[] {
  const map = new Map<string, number[]>();
  for (const p of partitions) {
    const list = map.get(p.topic) ?? [];
    list.push(p.partition);
    map.set(p.topic, list);
  }
  return [...map].map(([topic, list]) => ({ topic, partitions: list }));
}
