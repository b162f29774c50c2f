import { setMaxListeners } from 'node:events';
import type { LogNode } from '@tributary/log';
import type { CommittedOffset, IsolationLevel } from '../admin/admin.js';
import type { Assignor } from '../consumer/assignor.js';
import type { Consumer, ConsumerOptions, FetchedBatch, RebalanceListener } from '../consumer/consumer.js';
import { roundRobinAssignor } from '../consumer/round-robin-assignor.js';
import { IllegalClientStateError } from '../errors/client-errors.js';
import type { ConsumerGroupMetadata } from '../producer/producer.js';
import { partitionKey } from '../records/topic-partition.js';
import type { TopicPartition, TopicPartitionOffset } from '../records/topic-partition.js';
import { fetchCommitted, offsetsByTopic } from './embedded-admin.js';
import { embeddedCall, fromErrorName, toClientError } from './embedded-errors.js';
import type { NodeHandle } from './embedded-producer.js';
import { selectBatches } from './fetched-batch.js';
import { GroupMember } from './group-member.js';
import type { JoinResult } from './group-member.js';
import { PollWaker } from './poll-waker.js';

const DEFAULT_MAX_BYTES = 1024 * 1024;

/**
 * A pull consumer over the node: group membership through the group coordinator (joins happen
 * inside poll(), after onPartitionsRevoked, as in Java), fetches read stored batches straight from
 * the log, and an idle poll parks on the partitions' data waiters (woken by appends, not timers).
 */
export class EmbeddedConsumer implements Consumer {
  private readonly listener: RebalanceListener;
  private readonly assignors: readonly Assignor[];
  private readonly isolation: IsolationLevel;
  private readonly subscriptions: (string | RegExp)[] = [];
  private readonly waker = new PollWaker();
  private node: LogNode | null = null;
  private member: GroupMember | null = null;
  private joining: Promise<JoinResult> | null = null;
  private owned: TopicPartition[] = [];
  private readonly positions = new Map<string, number>();
  private readonly pausedKeys = new Map<string, TopicPartition>();
  private stopped = false;
  /** Subscribed topics and their partition counts at the last join (a change triggers a rebalance). */
  private joinedMetadata = '';

  constructor(
    private readonly handle: NodeHandle,
    private readonly options: ConsumerOptions,
    private readonly clientId: string,
    private readonly onDisconnect: (c: EmbeddedConsumer) => void,
  ) {
    this.listener = options.rebalanceListener ?? {};
    this.assignors = options.assignors ?? [roundRobinAssignor()];
    this.isolation = options.isolationLevel ?? 'read_uncommitted';
  }

  async connect(): Promise<void> {
    const node = await this.handle.node();
    this.node = node;
    this.stopped = false;
    this.member = new GroupMember(node, {
      groupId: this.options.groupId,
      clientId: this.options.clientId ?? this.clientId,
      groupInstanceId: this.options.groupInstanceId ?? null,
      sessionTimeoutMs: this.options.sessionTimeoutMs ?? 45_000,
      rebalanceTimeoutMs: this.options.rebalanceTimeoutMs ?? 60_000,
      heartbeatIntervalMs: this.options.heartbeatIntervalMs ?? 3_000,
      assignors: this.assignors,
      onRejoinNeeded: () => this.waker.wake(),
      metadataChanged: () => this.joinedMetadata !== '' && this.joinedMetadata !== this.metadataSnapshot(node),
    });
  }

  async disconnect(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.waker.wake();
    this.onDisconnect(this);
    const member = this.member;
    this.owned = [];
    this.positions.clear();
    await member?.leave();
  }

  async subscribe(topics: readonly (string | RegExp)[]): Promise<void> {
    this.subscriptions.push(...topics);
    if (this.member !== null) this.member.rejoinNeeded = true;
    this.waker.wake();
  }

  async poll(timeoutMs: number): Promise<FetchedBatch[]> {
    const deadline = Date.now() + timeoutMs;
    const { node, member } = this.connected();
    // A poll pending at disconnect resolves empty; a new one fails (Java: IllegalStateException).
    if (this.stopped) throw new IllegalClientStateError('consumer is disconnected: connect() again before poll()');
    if (this.subscriptions.length === 0) throw new IllegalClientStateError('subscribe before poll()');
    for (;;) {
      if (this.stopped) return [];
      if (member.rejoinNeeded && this.joining === null) {
        await this.revokeAll();
        if (this.stopped) return [];
        this.joinedMetadata = this.metadataSnapshot(node);
        const joining = member.join(this.subscribedTopics(node));
        joining.catch(() => undefined);
        this.joining = joining;
      }
      if (this.joining !== null) {
        const joined = await this.waker.race(this.joining, deadline - Date.now()).catch((error: unknown) => {
          this.joining = null;
          member.rejoinNeeded = true;
          throw error;
        });
        if (joined === undefined) {
          if (Date.now() >= deadline) return [];
          continue;
        }
        this.joining = null;
        await this.assign(node, joined);
        continue;
      }
      const batches = await this.fetchReady(node);
      if (batches.length > 0) return batches;
      const remaining = deadline - Date.now();
      if (remaining <= 0 || member.rejoinNeeded) {
        if (remaining <= 0) return [];
        continue;
      }
      await this.waitForData(node, remaining);
      if (Date.now() >= deadline && !member.rejoinNeeded) return this.fetchReady(node);
    }
  }

  assignment(): TopicPartition[] {
    return [...this.owned];
  }

  pause(partitions: readonly TopicPartition[]): void {
    for (const p of partitions) this.pausedKeys.set(partitionKey(p.topic, p.partition), { topic: p.topic, partition: p.partition });
  }

  resume(partitions: readonly TopicPartition[]): void {
    for (const p of partitions) this.pausedKeys.delete(partitionKey(p.topic, p.partition));
    this.waker.wake();
  }

  paused(): TopicPartition[] {
    return [...this.pausedKeys.values()];
  }

  seek(partition: TopicPartition, offset: number): void {
    this.positions.set(partitionKey(partition.topic, partition.partition), offset);
    this.waker.wake();
  }

  /** Nothing is buffered ahead of poll: the fetch position is the consumed position. */
  position(partition: TopicPartition): number | null {
    const key = partitionKey(partition.topic, partition.partition);
    if (!this.owned.some((p) => partitionKey(p.topic, p.partition) === key)) return null;
    return this.positions.get(key) ?? null;
  }

  async committed(partitions: readonly TopicPartition[]): Promise<CommittedOffset[]> {
    const { node } = this.connected();
    const byTopic = new Map<string, number[]>();
    for (const p of partitions) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
    const rows = await fetchCommitted(node, this.options.groupId, [...byTopic].map(([name, partitionIndexes]) => ({ name, partitionIndexes })), false);
    const byKey = new Map(rows.map((r) => [partitionKey(r.topic, r.partition), r]));
    return partitions.map((p) => {
      const r = byKey.get(partitionKey(p.topic, p.partition));
      return { topic: p.topic, partition: p.partition, offset: r?.offset ?? null, metadata: r?.metadata ?? null };
    });
  }

  async commit(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    const { node, member } = this.connected();
    const results = await embeddedCall('consumer.commit', () =>
      node.groups.offsetCommit({
        groupId: this.options.groupId,
        generationId: member.generationId,
        memberId: member.memberId,
        groupInstanceId: this.options.groupInstanceId ?? null,
        topics: offsetsByTopic(offsets),
      }),
    );
    for (const t of results) {
      for (const p of t.partitions) {
        if (p.error !== 'NONE') throw fromErrorName(p.error, `consumer.commit: ${t.name}-${p.partitionIndex}: ${p.error}`);
      }
    }
  }

  groupMetadata(): ConsumerGroupMetadata {
    return {
      groupId: this.options.groupId,
      generationId: this.member?.generationId ?? -1,
      memberId: this.member?.memberId ?? '',
      groupInstanceId: this.options.groupInstanceId ?? null,
    };
  }

  private connected(): { node: LogNode; member: GroupMember } {
    if (this.node === null || this.member === null) throw new IllegalClientStateError('consumer is not connected');
    return { node: this.node, member: this.member };
  }

  /** Names subscribed now: patterns are matched against the topics that exist at each join. */
  private subscribedTopics(node: LogNode): string[] {
    const names = new Set<string>();
    const patterns: RegExp[] = [];
    for (const s of this.subscriptions) {
      if (typeof s === 'string') names.add(s);
      else patterns.push(s);
    }
    if (patterns.length > 0) for (const t of node.log.listTopics()) if (patterns.some((p) => p.test(t))) names.add(t);
    return [...names].sort();
  }

  private metadataSnapshot(node: LogNode): string {
    return this.subscribedTopics(node)
      .map((t) => `${t}:${node.log.partitionCount(t) ?? -1}`)
      .join(',');
  }

  private async revokeAll(): Promise<void> {
    const revoked = this.owned;
    this.owned = [];
    this.positions.clear();
    if (revoked.length > 0) await this.listener.onPartitionsRevoked?.(revoked);
  }

  private async assign(node: LogNode, joined: JoinResult): Promise<void> {
    const partitions = [...joined.assignment.partitions].sort((a, b) =>
      a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1,
    );
    // Java semantics: pausing does not survive a rebalance.
    this.pausedKeys.clear();
    joined.assignor?.onAssignment?.(joined.assignment, { generationId: joined.generationId, memberId: joined.memberId });
    this.owned = partitions;
    await this.initPositions(node);
    await this.listener.onPartitionsAssigned?.(partitions);
  }

  /** Committed offsets (stable ones under read_committed), else the reset policy. */
  private async initPositions(node: LogNode): Promise<void> {
    const missing = this.owned.filter((p) => !this.positions.has(partitionKey(p.topic, p.partition)));
    if (missing.length === 0) return;
    const byTopic = new Map<string, number[]>();
    for (const p of missing) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
    const rows = await fetchCommitted(
      node,
      this.options.groupId,
      [...byTopic].map(([name, partitionIndexes]) => ({ name, partitionIndexes })),
      this.isolation === 'read_committed',
    );
    for (const r of rows) {
      // A transaction still carries offsets for this partition: try again on the next poll.
      if (r.unstable === true) continue;
      const key = partitionKey(r.topic, r.partition);
      this.positions.set(key, r.offset ?? (await this.resetOffset(node, r.topic, r.partition)));
    }
  }

  private async resetOffset(node: LogNode, topic: string, partition: number): Promise<number> {
    const spec = this.options.autoOffsetReset === 'earliest' ? 'earliest' : 'latest';
    return (await embeddedCall('consumer.reset', () => node.listOffset(topic, partition, spec, this.isolation))).offset;
  }

  /** One fetch per owned, unpaused partition with a position; returns what has records or moved. */
  private async fetchReady(node: LogNode): Promise<FetchedBatch[]> {
    if (this.owned.some((p) => !this.positions.has(partitionKey(p.topic, p.partition)))) await this.initPositions(node);
    const out: FetchedBatch[] = [];
    const maxBytes = this.options.maxBytesPerPartition ?? DEFAULT_MAX_BYTES;
    for (const p of this.owned) {
      const key = partitionKey(p.topic, p.partition);
      const offset = this.positions.get(key);
      if (offset === undefined || this.pausedKeys.has(key)) continue;
      let fetched;
      try {
        fetched = await node.fetch(p.topic, p.partition, offset, { maxBytes, isolation: this.isolation });
      } catch (error) {
        if ((error as { code?: string }).code !== 'OFFSET_OUT_OF_RANGE') throw toClientError(error, 'consumer.poll');
        this.positions.set(key, await this.resetOffset(node, p.topic, p.partition));
        continue;
      }
      const selected = selectBatches(p.topic, p.partition, offset, fetched);
      // A seek during the fetch wins over the fetched position.
      if (this.positions.get(key) !== offset) continue;
      this.positions.set(key, selected.nextOffset);
      if (selected.batch !== undefined) out.push(selected.batch);
      // Only markers or aborted records: report the move, or nobody sees the position reach the end.
      else if (selected.nextOffset > offset) out.push({ topic: p.topic, partition: p.partition, records: [], nextOffset: selected.nextOffset, highWatermark: fetched.highWatermark });
    }
    return out;
  }

  /**
   * Parks until any fetchable partition has visible data, a wake-up (rebalance, seek, resume,
   * disconnect) or the timeout. The partitions' waiters hang on a controller of this wait alone,
   * aborted when the wait ends: waiters of partitions that stayed idle would otherwise outlive the
   * wait (with a listener on a long-lived signal each) until their timeout, piling up across polls.
   */
  private async waitForData(node: LogNode, timeoutMs: number): Promise<void> {
    const local = new AbortController();
    // One listener per owned partition hangs on this short-lived signal: a consumer owning more
    // than 10 partitions is expected, not a leak.
    setMaxListeners(0, local.signal);
    const waits: Promise<boolean>[] = [];
    for (const p of this.owned) {
      const key = partitionKey(p.topic, p.partition);
      const offset = this.positions.get(key);
      if (offset === undefined || this.pausedKeys.has(key)) continue;
      waits.push(node.waitForData(p.topic, p.partition, offset, timeoutMs, { isolation: this.isolation, signal: local.signal }).catch(() => true));
    }
    // Partitions whose committed offsets were unstable are retried soon.
    const unresolved = this.owned.some((p) => !this.positions.has(partitionKey(p.topic, p.partition)));
    try {
      await this.waker.sleep(waits.length > 0 ? Promise.race(waits) : new Promise<never>(() => {}), unresolved ? Math.min(timeoutMs, 50) : timeoutMs);
    } finally {
      local.abort();
    }
  }
}
