import { ByteReader } from '@tributary/protocol';
import { GroupIdNotFoundError, IllegalGenerationError, NonEmptyGroupError } from '../errors.js';
import type { InternalLog, InternalRecord } from '../internal-log.js';
import type { Scheduler } from '../scheduler.js';
import { ClassicGroup } from './classic-group.js';
import type { OffsetStore } from './offset-store.js';
import { OFFSETS_TOPIC, encodeOffsetValue, encodeOffsetsKey, offsetRecord } from './offsets-codec.js';
import type { StoredOffset } from './offsets-codec.js';
import type {
  FetchedOffset,
  OffsetCommitRequest,
  OffsetCommitTopic,
  OffsetFetchRequest,
  OffsetFetchResponse,
  TopicPartitionResults,
  TxnOffsetCommitRequest,
} from './types.js';

export interface OffsetsHost {
  readonly groups: Map<string, ClassicGroup>;
  readonly store: OffsetStore;
  readonly log: InternalLog;
  readonly scheduler: Scheduler;
  readonly maxMetadataBytes: number;
  readonly retentionMs: number;
  partitionFor(groupId: string): number;
  /** Removes an empty group without offsets (writes its metadata tombstone). */
  dropGroup(group: ClassicGroup): Promise<void>;
}

/** OffsetCommit / TxnOffsetCommit / OffsetFetch / OffsetDelete and offset retention over `__consumer_offsets`. */
export class GroupOffsets {
  constructor(private readonly host: OffsetsHost) {}

  async commit(req: OffsetCommitRequest): Promise<TopicPartitionResults[]> {
    const group = this.groupForCommit(req, false);
    group.validateOffsetCommit(req.memberId, req.groupInstanceId, req.generationId, false);
    const now = this.host.scheduler.now();
    const { results, accepted } = this.checkPartitions(req.topics, now);
    if (accepted.length > 0) {
      await this.append(req.groupId, accepted.map(([t, p, v]) => offsetRecord(req.groupId, t, p, v)));
      for (const [t, p, v] of accepted) this.host.store.setCommitted(req.groupId, t, p, v);
    }
    return results;
  }

  /** Transactional offsets stay pending until `completeTransaction` (the EndTxn marker). */
  async txnCommit(req: TxnOffsetCommitRequest): Promise<TopicPartitionResults[]> {
    const group = this.groupForCommit(req, true);
    group.validateOffsetCommit(req.memberId, req.groupInstanceId, req.generationId, true);
    const now = this.host.scheduler.now();
    const { results, accepted } = this.checkPartitions(req.topics, now);
    if (accepted.length > 0) {
      const pid = req.producerId;
      await this.append(
        req.groupId,
        accepted.map(([topic, partition, v]) => ({
          key: encodeOffsetsKey({ type: 'pending', groupId: req.groupId, producerId: pid, topic, partition }),
          value: encodeOffsetValue(v),
        })),
      );
      for (const [t, p, v] of accepted) this.host.store.setPending(req.groupId, pid, t, p, v);
    }
    return results;
  }

  /** Applies (commit) or discards (abort) the producer's pending offsets for the group. Idempotent. */
  async completeTransaction(groupId: string, producerId: number, commit: boolean): Promise<void> {
    const pending = this.host.store.pendingOf(groupId, producerId);
    if (pending === undefined) return;
    const entries = [...pending.entries()];
    const records: InternalRecord[] = [];
    for (const [topic, partition, v] of entries) {
      if (commit) records.push(offsetRecord(groupId, topic, partition, v));
      records.push({ key: encodeOffsetsKey({ type: 'pending', groupId, producerId, topic, partition }), value: null });
    }
    await this.append(groupId, records);
    for (const [topic, partition, v] of entries) {
      if (commit) this.host.store.setCommitted(groupId, topic, partition, v);
      this.host.store.setPending(groupId, producerId, topic, partition, null);
    }
  }

  fetch(req: OffsetFetchRequest): OffsetFetchResponse {
    const { store } = this.host;
    const committed = store.committedOf(req.groupId);
    const one = (topic: string, partitionIndex: number): FetchedOffset => {
      if (req.requireStable === true && store.hasPending(req.groupId, topic, partitionIndex)) {
        return { partitionIndex, committedOffset: -1, committedLeaderEpoch: -1, metadata: null, error: 'UNSTABLE_OFFSET_COMMIT' };
      }
      const v = committed?.get(topic, partitionIndex);
      return v === undefined
        ? { partitionIndex, committedOffset: -1, committedLeaderEpoch: -1, metadata: '', error: 'NONE' }
        : { partitionIndex, committedOffset: v.offset, committedLeaderEpoch: v.leaderEpoch, metadata: v.metadata, error: 'NONE' };
    };
    if (req.topics !== null) {
      return { topics: req.topics.map((t) => ({ name: t.name, partitions: t.partitionIndexes.map((p) => one(t.name, p)) })) };
    }
    const topics = committed?.topicNames() ?? [];
    return {
      topics: topics.map((name) => ({ name, partitions: committed!.partitionsOf(name).map(([p]) => one(name, p)) })),
    };
  }

  async delete(groupId: string, topics: readonly { name: string; partitions: readonly number[] }[]): Promise<TopicPartitionResults[]> {
    const group = this.host.groups.get(groupId);
    if (group === undefined || group.state === 'Dead') throw new GroupIdNotFoundError(groupId);
    let subscribed: Set<string> | undefined;
    if (group.state !== 'Empty') {
      if (group.protocolType !== 'consumer') throw new NonEmptyGroupError(groupId);
      subscribed = subscribedTopics(group);
    }
    const committed = this.host.store.committedOf(groupId);
    const records: InternalRecord[] = [];
    const deleted: [string, number][] = [];
    const results = topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((partitionIndex) => {
        if (subscribed?.has(t.name) === true) return { partitionIndex, error: 'GROUP_SUBSCRIBED_TO_TOPIC' as const };
        if (committed?.get(t.name, partitionIndex) !== undefined) {
          records.push(offsetRecord(groupId, t.name, partitionIndex, null));
          deleted.push([t.name, partitionIndex]);
        }
        return { partitionIndex, error: 'NONE' as const };
      }),
    }));
    if (records.length > 0) {
      await this.append(groupId, records);
      for (const [t, p] of deleted) this.host.store.setCommitted(groupId, t, p, null);
    }
    return results;
  }

  /**
   * Offset retention: offsets of an Empty group expire `retentionMs` after it became empty (a group
   * that never had members counts from each commit); groups left with nothing are removed.
   */
  async expire(): Promise<number> {
    const { store, scheduler, retentionMs } = this.host;
    const now = scheduler.now();
    let expired = 0;
    for (const group of [...this.host.groups.values()]) {
      if (group.state !== 'Empty') continue;
      const committed = store.committedOf(group.groupId);
      const gone: [string, number][] = [];
      for (const [topic, partition, v] of committed?.entries() ?? []) {
        const base = group.protocolType !== null ? group.stateTimestamp : v.commitTimestamp;
        if (base + retentionMs <= now) gone.push([topic, partition]);
      }
      if (gone.length > 0) {
        await this.append(group.groupId, gone.map(([t, p]) => offsetRecord(group.groupId, t, p, null)));
        for (const [t, p] of gone) store.setCommitted(group.groupId, t, p, null);
        expired += gone.length;
      }
      if (group.state === 'Empty' && !store.hasOffsets(group.groupId)) await this.host.dropGroup(group);
    }
    return expired;
  }

  private groupForCommit(req: OffsetCommitRequest, transactional: boolean): ClassicGroup {
    let group = this.host.groups.get(req.groupId);
    if (group === undefined) {
      // Only commits outside group management may create a group (Kafka: ILLEGAL_GENERATION for OffsetCommit < v9).
      if (req.generationId >= 0 && !transactional) {
        throw new IllegalGenerationError(`group ${req.groupId} does not exist`);
      }
      group = new ClassicGroup(req.groupId, this.host.scheduler.now());
      this.host.groups.set(req.groupId, group);
    }
    return group;
  }

  private checkPartitions(topics: readonly OffsetCommitTopic[], now: number) {
    const accepted: [string, number, StoredOffset][] = [];
    const results: TopicPartitionResults[] = topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => {
        const metadata = p.committedMetadata ?? null;
        if (metadata !== null && Buffer.byteLength(metadata) > this.host.maxMetadataBytes) {
          return { partitionIndex: p.partitionIndex, error: 'OFFSET_METADATA_TOO_LARGE' as const };
        }
        accepted.push([
          t.name,
          p.partitionIndex,
          { offset: p.committedOffset, leaderEpoch: p.committedLeaderEpoch ?? -1, metadata, commitTimestamp: now },
        ]);
        return { partitionIndex: p.partitionIndex, error: 'NONE' as const };
      }),
    }));
    return { results, accepted };
  }

  private async append(groupId: string, records: InternalRecord[]): Promise<void> {
    await this.host.log.append(OFFSETS_TOPIC, this.host.partitionFor(groupId), records);
  }
}

/** Topics the members subscribed to, from ConsumerProtocolSubscription (int16 version, [string] topics, ...). */
function subscribedTopics(group: ClassicGroup): Set<string> {
  const topics = new Set<string>();
  for (const m of group.members.values()) {
    const metadata = group.metadataFor(m);
    try {
      const r = new ByteReader(metadata);
      r.int16();
      const n = r.int32();
      for (let i = 0; i < n; i++) topics.add(r.string());
    } catch {
      // Unparseable subscription: treat the member as subscribed to nothing we can name.
    }
  }
  return topics;
}
